// Project scripts. The CSP forbids inline scripts, so behaviour is attached here.
document.addEventListener("DOMContentLoaded", () => {
  // Confirm dangerous buttons marked with data-confirm.
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
  // Auto-submit filter selects marked with data-autosubmit.
  document.querySelectorAll("select[data-autosubmit]").forEach((el) => {
    el.addEventListener("change", () => el.form.requestSubmit());
  });
});
