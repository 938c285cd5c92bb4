// Find in the policy: Mod-f opens a one-line panel; Enter / Shift-Enter (or F3 / Shift-F3) select
// the next / previous occurrence, ignoring case; Escape closes the panel and returns to the text.
// (Our own few lines instead of @codemirror/search keep the bundle in budget.)
import { StateEffect, StateField } from "@codemirror/state";
import { EditorView, showPanel } from "@codemirror/view";

const togglePanel = StateEffect.define();
const query = { text: "" };

const panelField = StateField.define({
  create: () => false,
  update(open, tr) {
    for (const e of tr.effects) if (e.is(togglePanel)) open = e.value;
    return open;
  },
  provide: (field) => showPanel.from(field, (open) => (open ? createPanel : null)),
});

/** Select the next (or previous) occurrence of the query after (before) the selection. */
function find(view, backwards) {
  const needle = query.text.toLowerCase();
  if (!needle) return false;
  const text = view.state.doc.toString().toLowerCase();
  const { from, to } = view.state.selection.main;
  let at = backwards ? text.lastIndexOf(needle, from - 1) : text.indexOf(needle, to);
  if (at < 0) at = backwards ? text.lastIndexOf(needle) : text.indexOf(needle); // wrap around
  if (at < 0) return false;
  view.dispatch({ selection: { anchor: at, head: at + needle.length }, scrollIntoView: true });
  return true;
}

function createPanel(view) {
  const dom = document.createElement("div");
  dom.className = "immplay-find";
  const label = document.createElement("label");
  label.textContent = `${view.state.phrase("Find")} `;
  const input = document.createElement("input");
  input.type = "search";
  input.value = query.text;
  input.setAttribute("aria-label", view.state.phrase("find in the policy"));
  const note = document.createElement("span");
  note.className = "immplay-find-note";
  note.setAttribute("aria-live", "polite");
  label.append(input);
  dom.append(label, note);
  const notFound = ` ${view.state.phrase("not found")}`;
  const run = (backwards) => {
    query.text = input.value;
    note.textContent = find(view, backwards) || !input.value ? "" : notFound;
  };
  input.addEventListener("keydown", (event) => {
    event.stopPropagation();
    if (event.key === "Enter" || event.key === "F3") {
      event.preventDefault();
      run(event.shiftKey);
    } else if (event.key === "Escape") {
      event.preventDefault();
      closeFind(view);
    }
  });
  input.addEventListener("input", () => {
    query.text = input.value;
    const { from } = view.state.selection.main;
    view.dispatch({ selection: { anchor: from } });
    note.textContent = find(view, false) || !input.value ? "" : notFound;
  });
  return { dom, top: true, mount: () => { input.focus(); input.select(); } };
}

export function openFind(view) {
  if (!view.state.field(panelField)) view.dispatch({ effects: togglePanel.of(true) });
  else view.dom.querySelector(".immplay-find input")?.focus();
  return true;
}

export function closeFind(view) {
  if (!view.state.field(panelField)) return false;
  view.dispatch({ effects: togglePanel.of(false) });
  view.focus();
  return true;
}

export const findKeymap = [
  { key: "Mod-f", run: openFind, preventDefault: true },
  { key: "F3", run: (v) => find(v, false), shift: (v) => find(v, true), preventDefault: true },
  { key: "Mod-g", run: (v) => find(v, false), shift: (v) => find(v, true), preventDefault: true },
  { key: "Escape", run: closeFind },
];

export const findExtension = [panelField, EditorView.baseTheme({ ".immplay-find": { padding: "2px 6px" } })];
