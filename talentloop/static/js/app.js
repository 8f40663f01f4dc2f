// Talentloop's own script, kept tiny: every page works without it.
// The skill typeahead asks /skills/typeahead/?q=<typed text> whatever the input's own name is
// (profile skills, the opportunity's skill rows, the browse filter all share one endpoint).
document.addEventListener("htmx:configRequest", (event) => {
  const input = event.detail.elt;
  if (input instanceof HTMLInputElement && input.hasAttribute("data-typeahead")) {
    event.detail.parameters = { q: input.value };
  }
});
