// Pipeline board: drag a card to another column. The drop is the confirmation: the move is
// posted (confirm=1) to the same gate endpoint as the card's confirmed button. A move swaps
// in the two columns it touched (out of band: cards, counts, totals); when the gate refuses,
// the card comes back with what is missing and goes back to the column it came from.
(() => {
  const board = document.querySelector("[data-testid=board]");
  if (!board || typeof Sortable === "undefined" || typeof htmx === "undefined") return;
  const origins = new Map(); // card id -> {column, index, element}

  function onDrop(event) {
    if (event.from === event.to) return;
    const card = event.item;
    const back = Number(event.to.dataset.stageOrder) < Number(event.from.dataset.stageOrder);
    let reason = "";
    if (back) {
      reason = window.prompt(board.dataset.backPrompt) || "";
      if (!reason.trim()) {
        event.from.insertBefore(card, event.from.children[event.oldIndex] || null);
        return;
      }
    }
    origins.set(card.id, { column: event.from, index: event.oldIndex, element: card });
    htmx.ajax("POST", card.dataset.advanceUrl, {
      target: "#" + card.id,
      swap: "outerHTML",
      values: { to_stage: event.to.dataset.stageId, reason, confirm: "1" },
    });
  }

  function makeSortable(column) {
    if (column.dataset.sortable) return;
    column.dataset.sortable = "1";
    Sortable.create(column, {
      group: "board",
      sort: false,
      draggable: ".board-card.draggable",
      filter: "a, button, input",
      preventOnFilter: false,
      forceFallback: true,
      fallbackOnBody: true,
      onEnd: onDrop,
    });
  }

  // The columns on the page, and those swapped in after a move.
  htmx.onLoad((element) => {
    if (element.matches && element.matches("[data-board-column]")) makeSortable(element);
    if (element.querySelectorAll) element.querySelectorAll("[data-board-column]").forEach(makeSortable);
  });
  board.querySelectorAll("[data-board-column]").forEach(makeSortable);

  document.body.addEventListener("htmx:afterSettle", () => {
    for (const [id, origin] of origins) {
      const card = document.getElementById(id);
      if (card === origin.element) continue; // not swapped yet
      origins.delete(id);
      if (card && card.querySelector(".refusal") && origin.column.isConnected) {
        origin.column.insertBefore(card, origin.column.children[origin.index] || null);
      }
    }
  });
})();
