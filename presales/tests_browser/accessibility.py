"""The accessibility check of the browser tests: on a page as the browser built it,

- no two elements share an id (a label or a link to #id would reach the wrong one);
- every label's `for` names an element of the page, one a label can name;
- every visible input, select and textarea has a label (or an aria-label / aria-labelledby);
  a select the people picker replaced counts through the picker's own input.

`problems(page)` lists what is wrong, in words; `assert_accessible(page)` fails with them.
"""

from __future__ import annotations

from playwright.sync_api import Page

_CHECK = r"""
() => {
  const problems = [];
  const counts = new Map();
  for (const element of document.querySelectorAll("[id]")) {
    counts.set(element.id, (counts.get(element.id) || 0) + 1);
  }
  for (const [id, count] of counts) {
    if (count > 1) problems.push(`id "${id}" is used ${count} times`);
  }
  const labelable = new Set(["INPUT", "SELECT", "TEXTAREA", "BUTTON", "METER", "OUTPUT", "PROGRESS"]);
  for (const label of document.querySelectorAll("label[for]")) {
    const target = document.getElementById(label.htmlFor);
    const text = label.textContent.trim().slice(0, 40);
    if (!target) problems.push(`label "${text}" points at #${label.htmlFor}, which is not on the page`);
    else if (!labelable.has(target.tagName)) {
      problems.push(`label "${text}" points at a ${target.tagName.toLowerCase()}`);
    }
  }
  const unlabelled = new Set(["hidden", "submit", "button", "reset", "image"]);
  const visible = (element) =>
    element.getClientRects().length > 0 && getComputedStyle(element).visibility !== "hidden";
  for (const field of document.querySelectorAll("input, select, textarea")) {
    if (field.tagName === "INPUT" && unlabelled.has(field.type)) continue;
    if (!visible(field)) continue;
    // A select the people picker (tom-select) replaced: hidden from users and screen readers;
    // its label now names the picker's own input, which this loop checks.
    if (field.classList.contains("ts-hidden-accessible")) continue;
    const named =
      (field.labels && field.labels.length > 0) ||
      (field.getAttribute("aria-label") || "").trim() ||
      (field.getAttribute("aria-labelledby") || "").trim();
    if (!named) {
      const what = field.name || field.id || field.type || "";
      problems.push(`a visible ${field.tagName.toLowerCase()} (${what}) has no label`);
    }
  }
  return problems;
}
"""


def problems(page: Page) -> list[str]:
    return page.evaluate(_CHECK)


def assert_accessible(page: Page) -> None:
    found = problems(page)
    assert not found, f"{page.url}:\n  " + "\n  ".join(found)
