// Education: the tablet check-in page. Filter the roster by name as you type
// (the present count comes back from the server in an out-of-band swap).
document.addEventListener("DOMContentLoaded", () => {
  const search = document.getElementById("checkin-search");
  const list = document.getElementById("checkin-list");
  if (!search || !list) return;
  search.addEventListener("input", () => {
    const term = search.value.trim();
    list.querySelectorAll(".checkin-row").forEach((row) => {
      row.classList.toggle("d-none", term !== "" && !row.textContent.includes(term));
    });
  });
});
