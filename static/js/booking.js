// Booking calendar: the chosen day's times are rendered with the slots' state;
// this refreshes them from the JSON API (/api/slots/ for that day) so a slot
// someone took a minute ago is shown as taken without a reload, and again
// when the tab comes back.
(() => {
  const root = document.querySelector(".booking-times[data-api]");
  if (!root) return;
  const status = document.getElementById("slot-status");

  const markTaken = (el) => {
    if (el.tagName !== "A") return;
    const span = document.createElement("span");
    span.className = "btn btn-light disabled booking-slot";
    span.dataset.slot = el.dataset.slot;
    span.setAttribute("aria-disabled", "true");
    const [time, ...kind] = el.textContent.trim().split(" ");
    const hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = kind.join(" ");
    span.append(`${time} `, hidden, "예약 마감");
    el.replaceWith(span);
  };

  const markFree = (el) => {
    if (el.tagName === "A") return;
    const link = document.createElement("a");
    link.className = "btn btn-outline-success booking-slot";
    link.dataset.slot = el.dataset.slot;
    link.href = `${root.dataset.form}?slot=${encodeURIComponent(el.dataset.slot)}`;
    const time = el.firstChild.textContent.trim();
    const kind = el.querySelector(".visually-hidden")?.textContent || "";
    link.textContent = `${time} ${kind}`;
    el.replaceWith(link);
  };

  const refresh = async () => {
    try {
      const response = await fetch(root.dataset.api, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const slots = await response.json();
      const state = new Map(slots.map((s) => [`${s.date}T${s.time}-${s.kind}`, s.available]));
      let changed = 0;
      root.querySelectorAll("[data-slot]").forEach((el) => {
        const available = state.get(el.dataset.slot);
        const isLink = el.tagName === "A";
        if (available === undefined || available === false) {
          if (isLink) { markTaken(el); changed += 1; }
        } else if (!isLink) {
          markFree(el); changed += 1;
        }
      });
      if (changed && status) status.textContent = "예약 가능한 시간이 바뀌어 새로 표시했습니다.";
    } catch (err) {
      // Offline or the API is down: the server-rendered state stays.
    }
  };

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") refresh();
  });
  refresh();
})();
