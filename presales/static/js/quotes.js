// The version page of a quote (quotes/version.html). A line edited or deleted in place (htmx)
// raises the version's edit counter: the answer's HX-Trigger "quoteVersionChanged" carries the
// new value, written into every hidden version field of the page (data-quote-version) so that the next change is
// not refused as based on an old copy.
document.body.addEventListener("quoteVersionChanged", (event) => {
  const version = event.detail && event.detail.version;
  if (version === undefined) {
    return;
  }
  document.querySelectorAll("input[data-quote-version]").forEach((input) => {
    input.value = String(version);
  });
});
