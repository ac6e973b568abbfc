// People pickers (presales.lib.forms.PeoplePicker): every <select data-people-picker> becomes a
// searchable tom-select, on the page and in what htmx swaps in. No inline script or style: the
// texts come from the element's data attributes, built as text (never as HTML).
(() => {
  const text = (className, value) => {
    const div = document.createElement("div");
    div.className = className;
    div.textContent = value || "";
    return div;
  };

  const start = (root) => {
    if (typeof window.TomSelect === "undefined" || !root.querySelectorAll) {
      return;
    }
    root.querySelectorAll("select[data-people-picker]").forEach((select) => {
      if (select.tomselect) {
        return;
      }
      new window.TomSelect(select, {
        plugins: select.multiple ? ["remove_button"] : [],
        allowEmptyOption: !select.required,
        maxOptions: null,
        placeholder: select.dataset.placeholder,
        render: { no_results: () => text("no-results", select.dataset.noResults) },
      });
    });
  };

  start(document);
  document.addEventListener("htmx:load", (event) => start(event.target));
})();
