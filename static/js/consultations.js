// Consultations: keyboard-only phone entry and choosing a returning client.
(() => {
  const form = document.querySelector("form[data-quick-entry], form[data-consultation-form]");
  if (!form) return;
  const clientId = form.querySelector("input[name=client_id]");
  const selected = document.getElementById("client-selected");
  const matches = document.getElementById("client-matches");
  const coopInput = form.querySelector("input[name=cooperative_name]");
  const nameInput = form.querySelector("input[name=client_name]");

  // Enter saves from any field; in a textarea Shift+Enter makes a new line;
  // on a checkbox Enter ticks it (as Space does) instead of saving.
  if (form.hasAttribute("data-quick-entry")) {
    form.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || event.isComposing) return;
      const target = event.target;
      if (target.matches("button, a, summary, [data-client-id]")) return;
      if (target.tagName === "TEXTAREA" && event.shiftKey) return;
      event.preventDefault();
      if (target.matches("input[type=checkbox]")) {
        target.click();
        return;
      }
      form.requestSubmit();
    });
  }

  // The category boxes are one Tab stop: arrows move between them, the digit
  // shown beside each (1–9, 0 for the tenth) ticks it from anywhere in the group.
  const group = form.querySelector("[data-category-shortcuts]");
  if (group) {
    const boxes = [...group.querySelectorAll("input[type=checkbox]")];
    const focusBox = (box) => {
      boxes.forEach((b) => {
        b.tabIndex = b === box ? 0 : -1;
      });
      box.focus();
    };
    const steps = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
    group.addEventListener("keydown", (event) => {
      const index = boxes.indexOf(event.target);
      if (index < 0 || event.ctrlKey || event.altKey || event.metaKey) return;
      const box = boxes.find((b) => b.dataset.shortcut === event.key);
      if (box) {
        event.preventDefault();
        box.click();
        focusBox(box);
      } else if (steps[event.key]) {
        event.preventDefault();
        focusBox(boxes[(index + steps[event.key] + boxes.length) % boxes.length]);
      }
    });
  }

  const choose = (button) => {
    clientId.value = button.dataset.clientId;
    if (selected) {
      selected.classList.remove("d-none");
      selected.querySelector("[data-selected-label]").textContent = button.dataset.clientLabel;
    }
    if (coopInput && !coopInput.value && button.dataset.cooperative) {
      coopInput.value = button.dataset.cooperative;
    }
    if (nameInput) nameInput.placeholder = button.dataset.clientLabel;
    const phoneInput = form.querySelector("input[name=client_phone]");
    // The digits typed were only the search; the chosen client keeps their number.
    if (phoneInput) phoneInput.value = "";
    matches.replaceChildren();
    const next = form.querySelector("input[name=categories]") || form.querySelector("textarea");
    if (next) next.focus();
  };

  if (matches) {
    matches.addEventListener("click", (event) => {
      const button = event.target.closest("[data-client-id]");
      if (button) choose(button);
    });
    // Arrow down from the phone or cooperative field moves into the matches.
    form.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" && event.target.matches("[hx-get]")) {
        const first = matches.querySelector("[data-client-id]");
        if (first) {
          event.preventDefault();
          first.focus();
        }
      } else if (event.key === "Escape") {
        matches.replaceChildren();
      }
    });
    matches.addEventListener("keydown", (event) => {
      const items = [...matches.querySelectorAll("[data-client-id]")];
      const index = items.indexOf(document.activeElement);
      if (index < 0) return;
      if (event.key === "ArrowDown" && items[index + 1]) {
        event.preventDefault();
        items[index + 1].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        (items[index - 1] || form.querySelector("input[name=client_phone]")).focus();
      }
    });
  }
  const clear = document.querySelector("[data-clear-client]");
  if (clear) {
    clear.addEventListener("click", () => {
      clientId.value = "";
      selected.classList.add("d-none");
      if (nameInput) nameInput.placeholder = "";
      form.querySelector("input[name=client_phone]").focus();
    });
  }
})();
