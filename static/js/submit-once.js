// One submission per form: after the first submit, the button shows that it
// is saving and further submits (Enter Enter, double clicks) are ignored.
// The server's idempotency key is the real guard; this is what the user sees.
// Opt out with data-allow-resubmit on the form (htmx forms are skipped).
(function () {
  "use strict";

  function busyLabel(button) {
    var text = (button.textContent || button.value || "").trim();
    return /저장|등록|신청|제출|보내기/.test(text) || text === "" ? "저장 중…" : "처리 중…";
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if ((form.method || "").toLowerCase() !== "post") return;
    if (form.hasAttribute("data-allow-resubmit") || form.hasAttribute("hx-post")) return;
    if (form.dataset.submitting === "1") {
      event.preventDefault();
      return;
    }
    if (event.defaultPrevented) return;
    form.dataset.submitting = "1";
    var submitter = event.submitter;
    // Disable on the next tick, so the pressed button's name/value is still sent.
    window.setTimeout(function () {
      var buttons = form.querySelectorAll('button[type="submit"], button:not([type]), input[type="submit"]');
      buttons.forEach(function (button) {
        button.dataset.idleLabel = button.tagName === "INPUT" ? button.value : button.innerHTML;
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
      });
      var shown = submitter || buttons[0];
      if (shown) {
        if (shown.tagName === "INPUT") shown.value = busyLabel(shown);
        else shown.textContent = busyLabel(shown);
      }
      form.setAttribute("aria-busy", "true");
    }, 0);
    // A form answered with a download leaves the page in place: usable again
    // after a while (a download creates nothing, so sending again is harmless).
    window.setTimeout(function () {
      if (form.dataset.submitting === "1") restore(form);
    }, 15000);
  });

  function restore(form) {
    delete form.dataset.submitting;
    form.removeAttribute("aria-busy");
    form.querySelectorAll("[data-idle-label]").forEach(function (button) {
      if (button.tagName === "INPUT") button.value = button.dataset.idleLabel;
      else button.innerHTML = button.dataset.idleLabel;
      delete button.dataset.idleLabel;
      button.disabled = false;
      button.removeAttribute("aria-disabled");
    });
  }

  // Back/forward cache: a page shown again must be usable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll('form[data-submitting="1"]').forEach(restore);
  });
})();
