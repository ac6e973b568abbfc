// The navigation's search box (base.html): the dropdown of suggestions is reached with the
// arrow keys, Escape closes it and goes back to the box; Enter in the box submits the form
// to /search/ (plain HTML). htmx fills the dropdown; CSS shows it while the box or a
// suggestion has the focus (no inline script: the CSP allows none).
(() => {
  const box = document.querySelector("[data-testid=nav-search]");
  const menu = document.getElementById("nav-search-results");
  if (!box || !menu) {
    return;
  }
  const items = () => Array.from(menu.querySelectorAll("a.dropdown-item"));
  const move = (step) => {
    const links = items();
    if (!links.length) {
      return;
    }
    const at = links.indexOf(document.activeElement);
    const next = at === -1 ? (step > 0 ? 0 : links.length - 1) : at + step;
    if (next < 0) {
      box.focus();
    } else {
      links[Math.min(next, links.length - 1)].focus();
    }
  };
  box.form.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      menu.classList.remove("dismissed");
      event.preventDefault();
      move(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Escape") {
      menu.classList.add("dismissed");
      box.focus();
    }
  });
  box.addEventListener("input", () => menu.classList.remove("dismissed"));
  // An emptied box empties the dropdown (htmx would ask the server for nothing).
  box.addEventListener("search", () => {
    if (!box.value.trim()) {
      menu.replaceChildren();
    }
  });
  document.body.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target === menu) {
      menu.classList.remove("dismissed");
    }
  });
})();
