// The editor's own words in the widget's language. Every word the editor draws goes through
// CodeMirror's `state.phrase(...)`: CodeMirror's own ("Fold line", "folded code") and ours (the find
// panel, the problems list and its status line). The kernel sends the table, English phrase ->
// translation, in the `phrases` trait (from immplay/messages/editor.toml); English sends none, and a
// phrase without an entry reads as itself.
import { EditorState } from "@codemirror/state";

/** The extension that gives the editor the widget's phrase table. */
export function phrasesOf(model) {
  return EditorState.phrases.of(model.get("phrases") || {});
}

const SEVERITIES = ["error", "security-warning", "warning", "suggestion"]; // most severe first

/** Where a diagnostic is, as the editor shows it: "line 6, position 12". */
export function placeText(state, d) {
  return state.phrase("line $1, position $2", d.line, d.column);
}

/** A severity's word ("error"). */
export function severityText(state, severity) {
  return state.phrase(severity);
}

/** The status line: "No problems found." or "2 problems: 1 error, 1 warning." */
export function problemSummary(state, diagnostics) {
  if (!diagnostics.length) return state.phrase("No problems found.");
  const counts = {};
  for (const d of diagnostics) counts[d.severity] = (counts[d.severity] || 0) + 1;
  const parts = SEVERITIES.filter((s) => counts[s])
    .map((s) => state.phrase("$1 $2", counts[s], state.phrase(counts[s] > 1 ? `${s}s` : s)));
  return state.phrase(diagnostics.length > 1 ? "$1 problems: $2." : "$1 problem: $2.", diagnostics.length,
    parts.join(", "));
}
