// Confirmation prompts for destructive buttons (no inline handlers: CSP allows no inline script).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});
