// The approvals inbox: the head's checkbox ticks or clears every row's (no inline handlers: CSP).
document.addEventListener("change", (event) => {
  const all = event.target.closest("[data-check-all]");
  if (!all) {
    return;
  }
  const name = all.dataset.checkAll;
  document.querySelectorAll(`input[type=checkbox][name="${name}"]`).forEach((box) => {
    box.checked = all.checked;
  });
});
