// Pipeline board: drag a card to another column. The move is posted to the same gate
// endpoint as the card's button (htmx swaps the card); when the gate refuses, the card goes
// back to the column it came from and shows what is missing.
(() => {
  const board = document.querySelector("[data-testid=board]");
  if (!board || typeof Sortable === "undefined" || typeof htmx === "undefined") return;
  const origins = new Map(); // card id -> {column, next sibling}

  board.querySelectorAll("[data-board-column]").forEach((column) => {
    Sortable.create(column, {
      group: "board",
      sort: false,
      draggable: ".board-card.draggable",
      filter: "a, button, input",
      preventOnFilter: false,
      forceFallback: true,
      fallbackOnBody: true,
      onEnd(event) {
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
          values: { to_stage: event.to.dataset.stageId, reason },
        });
      },
    });
  });

  document.body.addEventListener("htmx:afterSettle", () => {
    for (const [id, origin] of origins) {
      const card = document.getElementById(id);
      if (!card || card === origin.element) continue; // not swapped yet
      origins.delete(id);
      if (card.querySelector(".refusal")) {
        origin.column.insertBefore(card, origin.column.children[origin.index] || null);
      }
    }
  });
})();
