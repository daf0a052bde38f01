// Education: the tablet check-in page. Filter the roster by name as you type,
// and keep the present count current after each htmx tick.
document.addEventListener("DOMContentLoaded", () => {
  const search = document.getElementById("checkin-search");
  const list = document.getElementById("checkin-list");
  if (!search || !list) return;
  search.addEventListener("input", () => {
    const term = search.value.trim();
    list.querySelectorAll(".checkin-row").forEach((row) => {
      row.hidden = term !== "" && !row.textContent.includes(term);
    });
  });
  const count = document.getElementById("checkin-present");
  const refresh = () => {
    if (count) count.textContent = list.querySelectorAll(".checkin-row.list-group-item-success").length;
  };
  document.body.addEventListener("htmx:afterSwap", refresh);
  refresh();
});
