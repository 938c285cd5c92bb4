// Diagnostics drawn where they are: an underline and a gutter marker coloured by severity, and the
// message on hover. (A small layer of our own instead of @codemirror/lint keeps the bundle in budget.)
// Severity names are phrases (js/src/phrases.js): the widget's language names them.
import { StateEffect, StateField, RangeSet } from "@codemirror/state";
import { Decoration, EditorView, GutterMarker, gutter, hoverTooltip } from "@codemirror/view";

export const setDiagnosticsEffect = StateEffect.define();

const RANK = { "error": 0, "security-warning": 1, "warning": 2, "suggestion": 3 };

/** Diagnostics with document ranges: {from, to, severity, code, message}, mapped through edits. */
export const diagnosticsField = StateField.define({
  create: () => ({ list: [], marks: Decoration.none }),
  update(value, tr) {
    for (const effect of tr.effects) {
      if (effect.is(setDiagnosticsEffect)) {
        const list = effect.value;
        const marks = Decoration.set(list.map((d) => Decoration.mark({
          class: `immplay-mark immplay-mark-${d.severity}`,
          attributes: { "aria-label": `${tr.startState.phrase(d.severity)}: ${d.message}` },
        }).range(d.from, Math.max(d.to, d.from + 1))), true);
        return { list, marks };
      }
    }
    if (!tr.docChanged) return value;
    const list = value.list.map((d) => ({ ...d, from: tr.changes.mapPos(d.from), to: tr.changes.mapPos(d.to, 1) }));
    return { list, marks: value.marks.map(tr.changes) };
  },
  provide: (field) => EditorView.decorations.from(field, (value) => value.marks),
});

class SeverityMarker extends GutterMarker {
  constructor(severity, messages) {
    super();
    this.severity = severity;
    this.messages = messages;
  }

  eq(other) { return other.severity === this.severity && other.messages === this.messages; }

  toDOM() {
    const dom = document.createElement("span");
    dom.className = `immplay-gutter-marker immplay-gutter-${this.severity}`;
    dom.textContent = this.severity === "suggestion" ? "i" : "!";
    dom.title = this.messages;
    return dom;
  }
}

const diagnosticGutter = gutter({
  class: "immplay-diagnostic-gutter",
  markers(view) {
    const { list } = view.state.field(diagnosticsField);
    const byLine = new Map();
    for (const d of list) {
      const line = view.state.doc.lineAt(Math.min(d.from, view.state.doc.length)).from;
      const entry = byLine.get(line) || { severity: d.severity, messages: [] };
      if (RANK[d.severity] < RANK[entry.severity]) entry.severity = d.severity;
      entry.messages.push(`${view.state.phrase(d.severity)}: ${d.message}`);
      byLine.set(line, entry);
    }
    const ranges = [...byLine.entries()].sort((a, b) => a[0] - b[0])
      .map(([from, e]) => new SeverityMarker(e.severity, e.messages.join("\n")).range(from));
    return RangeSet.of(ranges);
  },
  initialSpacer: () => new SeverityMarker("spacer", ""),
});

const diagnosticHover = hoverTooltip((view, pos) => {
  const { list } = view.state.field(diagnosticsField);
  const here = list.filter((d) => d.from <= pos && pos <= Math.max(d.to, d.from + 1));
  if (!here.length) return null;
  return {
    pos: Math.min(...here.map((d) => d.from)), end: Math.max(...here.map((d) => d.to)), above: false,
    create() {
      const dom = document.createElement("div");
      dom.className = "immplay-diagnostic-tooltip";
      for (const d of here) {
        const row = document.createElement("div");
        row.className = `immplay-severity-${d.severity}`;
        row.textContent = `${view.state.phrase(d.severity)}: ${d.message} [${d.code}]`;
        dom.appendChild(row);
      }
      return { dom };
    },
  };
});

export function diagnosticsExtension() {
  return [diagnosticsField, diagnosticGutter, diagnosticHover];
}
