// SearchSelect (core/widgets.py): a search-as-you-type field in place of a long
// select. Delegated on the document, so it works after htmx swaps.
(() => {
  if (window.searchSelectReady) return;
  window.searchSelectReady = true;
  const boxOf = (el) => el.closest("[data-search-select]");
  const options = (box) => [...box.querySelectorAll("[role=option]")];
  const close = (box) => {
    box.querySelector(".search-select-options").replaceChildren();
    box.querySelector("[data-search-input]").setAttribute("aria-expanded", "false");
  };
  const choose = (option) => {
    const box = boxOf(option);
    box.querySelector("[data-search-value]").value = option.dataset.value;
    const input = box.querySelector("[data-search-input]");
    input.value = option.dataset.label;
    close(box);
    input.focus();
  };
  document.addEventListener("click", (event) => {
    const option = event.target.closest("[data-search-select] [role=option]");
    if (option) choose(option);
  });
  // Typing again means the earlier choice no longer stands.
  document.addEventListener("input", (event) => {
    if (!event.target.matches("[data-search-input]")) return;
    boxOf(event.target).querySelector("[data-search-value]").value = "";
  });
  document.addEventListener("htmx:afterSwap", (event) => {
    const box = boxOf(event.target);
    if (!box) return;
    box
      .querySelector("[data-search-input]")
      .setAttribute("aria-expanded", options(box).length ? "true" : "false");
  });
  document.addEventListener("keydown", (event) => {
    const box = boxOf(event.target);
    if (!box) return;
    const items = options(box);
    const index = items.indexOf(event.target);
    if (event.key === "Escape") {
      close(box);
      box.querySelector("[data-search-input]").focus();
    } else if (event.key === "ArrowDown" && items.length) {
      event.preventDefault();
      items[Math.min(index + 1, items.length - 1)].focus();
    } else if (event.key === "ArrowUp" && index >= 0) {
      event.preventDefault();
      (items[index - 1] || box.querySelector("[data-search-input]")).focus();
    } else if (event.key === "Enter" && index >= 0) {
      event.preventDefault();
      choose(items[index]);
    } else if (event.key === "Enter" && event.target.matches("[data-search-input]") && items.length) {
      // Enter in the field takes the first match rather than submitting the form.
      event.preventDefault();
      choose(items[0]);
    }
  });
})();
