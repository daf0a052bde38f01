// Project scripts. The CSP forbids inline scripts, so behaviour is attached here.
document.addEventListener("DOMContentLoaded", () => {
  // After a refused submit, start at the error summary (templates/includes/form_errors.html).
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
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
