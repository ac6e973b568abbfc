// Confirmation prompts for destructive buttons (no inline handlers: CSP allows no inline script).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});

// A list's head checkbox (`data-check-all="NAME"`) ticks or clears the rows' checkboxes of
// that name: those of its `data-check-scope` block when it is in one (a page with two
// lists), else every one of the page (the approvals inbox, the dispatch page).
document.addEventListener("change", (event) => {
  const all = event.target.closest("[data-check-all]");
  if (!all) {
    return;
  }
  const scope = all.closest("[data-check-scope]") || document;
  scope.querySelectorAll(`input[type=checkbox][name="${all.dataset.checkAll}"]`).forEach((box) => {
    box.checked = all.checked;
  });
});
