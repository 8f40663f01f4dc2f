// Talentloop's own script, kept tiny: every page works without it.
// The skill typeahead asks /skills/typeahead/?q=<typed text> whatever the input's own name is
// (profile skills, the opportunity's skill rows, the browse filter all share one endpoint).
document.addEventListener("htmx:configRequest", (event) => {
  const input = event.detail.elt;
  if (input instanceof HTMLInputElement && input.hasAttribute("data-typeahead")) {
    event.detail.parameters = { q: input.value };
  }
});

// "Add" on a skill suggested from an opportunity's description: the skill goes into the first empty skill-need row,
// or into a new row cloned from the last one (the formset's TOTAL_FORMS counts it). Nothing is saved until the owner
// saves the form; without JavaScript the suggestions come with tick boxes instead.
function newNeedRow(form, rows) {
  const total = form.querySelector('input[name="needs-TOTAL_FORMS"]');
  const max = form.querySelector('input[name="needs-MAX_NUM_FORMS"]');
  const count = Number(total.value);
  if (!rows.length || count >= Number(max.value)) {
    return null;
  }
  const row = rows[rows.length - 1].cloneNode(true);
  const renumber = (value) => value.replace(/needs-\d+-/g, `needs-${count}-`);
  for (const el of row.querySelectorAll("[name], [id], [for], [aria-describedby]")) {
    for (const attr of ["name", "id", "for", "aria-describedby"]) {
      if (el.hasAttribute(attr)) {
        el.setAttribute(attr, renumber(el.getAttribute(attr)));
      }
    }
    el.removeAttribute("aria-invalid");
  }
  for (const error of row.querySelectorAll(".field-error")) {
    error.remove();
  }
  for (const input of row.querySelectorAll("input")) {
    if (input.type === "checkbox") {
      input.checked = false;
    } else {
      input.value = "";
    }
  }
  const legend = row.querySelector("legend");
  if (legend) {
    legend.textContent = `Skill need ${count + 1}`;
  }
  rows[rows.length - 1].after(row);
  total.value = String(count + 1);
  if (window.htmx) {
    window.htmx.process(row); // the cloned skill input gets its typeahead
  }
  return row;
}

document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("button[data-add-skill]") : null;
  const form = button ? button.closest("form") : null;
  if (!form) {
    return;
  }
  const label = button.dataset.addSkill;
  const rows = Array.from(form.querySelectorAll(".need-row"));
  const inputOf = (row) => row.querySelector("input[data-typeahead]");
  const status = form.querySelector("#skill-suggestions-status");
  let row = rows.find((r) => inputOf(r) && inputOf(r).value.trim().toLowerCase() === label.toLowerCase());
  if (!row) {
    row = rows.find((r) => inputOf(r) && !inputOf(r).value.trim()) || newNeedRow(form, rows);
  }
  if (!row) {
    if (status) {
      status.textContent = "There is no room for another skill row.";
    }
    return;
  }
  inputOf(row).value = label;
  button.disabled = true;
  button.textContent = "Added";
  if (status) {
    const number = Array.from(form.querySelectorAll(".need-row")).indexOf(row) + 1;
    status.textContent = `${label} is in skill row ${number}. Check its need and level, then save.`;
  }
});
