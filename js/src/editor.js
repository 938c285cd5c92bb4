// The policy editor of immplay's widgets: CodeMirror 6 as an anywidget ES module.
// The kernel owns the meaning (parse, lint, decisions); this module owns typing: the text, undo,
// highlighting, and drawing the diagnostics the kernel sends at their line and position.
import { EditorState } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLineGutter, highlightActiveLine,
  hoverTooltip,
} from "@codemirror/view";
import {
  standardKeymap, history, historyField, historyKeymap, indentWithTab, simplifySelection, moveLineUp, moveLineDown, selectLine,
  indentSelection, cursorMatchingBracket, deleteLine, selectParentSyntax, insertBlankLine,
} from "@codemirror/commands";
import { json } from "@codemirror/lang-json";
import {
  syntaxHighlighting, HighlightStyle, bracketMatching, foldGutter, foldKeymap, indentOnInput, syntaxTree,
} from "@codemirror/language";
import { tags } from "@lezer/highlight";
import {
  closeBrackets, closeBracketsKeymap, autocompletion, completionKeymap, snippetCompletion,
} from "@codemirror/autocomplete";
import { findExtension, findKeymap } from "./find.js";
import { setDiagnosticsEffect, diagnosticsExtension } from "./diagnostics.js";
import { phrasesOf, placeText, problemSummary, severityText } from "./phrases.js";

// The last editor state of each widget (by its `instance_id`: anywidget hands each view its own
// model object), so a re-render or a second view of the same widget starts with its undo history
// and cursor. Shared by every copy of this module on the page.
const SAVED = (globalThis.__immplayEditorStates ??= new Map());

// The keys a policy author needs, beyond CodeMirror's standard ones (no comment commands: JSON has none).
const policyKeymap = [
  { key: "Escape", run: simplifySelection },
  { key: "Alt-ArrowUp", run: moveLineUp },
  { key: "Alt-ArrowDown", run: moveLineDown },
  { key: "Mod-Enter", run: insertBlankLine },
  { key: "Alt-l", mac: "Ctrl-l", run: selectLine },
  { key: "Mod-i", run: selectParentSyntax, preventDefault: true },
  { key: "Mod-Alt-\\", run: indentSelection },
  { key: "Shift-Mod-k", run: deleteLine },
  { key: "Shift-Mod-\\", run: cursorMatchingBracket },
];

const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: "var(--immplay-cm-property)" },
  { tag: tags.string, color: "var(--immplay-cm-string)" },
  { tag: tags.number, color: "var(--immplay-cm-number)" },
  { tag: [tags.bool, tags.null], color: "var(--immplay-cm-atom)", fontWeight: "bold" },
  { tag: [tags.brace, tags.squareBracket, tags.separator, tags.punctuation], color: "var(--immplay-cm-punctuation)" },
]);

const theme = EditorView.theme({
  "&": { color: "var(--immplay-fg)", backgroundColor: "var(--immplay-bg)", fontSize: "var(--jp-code-font-size, 13px)" },
  ".cm-content": { fontFamily: "var(--jp-code-font-family, monospace)", caretColor: "var(--immplay-fg)" },
  ".cm-scroller": { fontFamily: "var(--jp-code-font-family, monospace)", lineHeight: "var(--jp-code-line-height, 1.4)" },
  ".cm-gutters": { backgroundColor: "var(--immplay-gutter-bg)", color: "var(--immplay-muted)", borderRight: "1px solid var(--immplay-border)" },
  ".cm-activeLine": { backgroundColor: "var(--immplay-active-line)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--immplay-active-line)", color: "var(--immplay-fg)" },
  "&.cm-focused": { outline: "2px solid var(--immplay-focus)", outlineOffset: "-2px" },
  // the browser's own caret and selection (no drawSelection: drawing them costs each keystroke a layout)
  "::selection": { backgroundColor: "var(--immplay-selection) !important" },
  "&.cm-focused .cm-matchingBracket": { backgroundColor: "var(--immplay-bracket)", outline: "1px solid var(--immplay-muted)" },
  ".cm-tooltip": { backgroundColor: "var(--immplay-bg)", color: "var(--immplay-fg)", border: "1px solid var(--immplay-border)", maxWidth: "40em", whiteSpace: "normal" },
  ".cm-tooltip-autocomplete > ul > li[aria-selected]": { backgroundColor: "var(--immplay-selection)", color: "var(--immplay-fg)" },
  ".cm-completionDetail": { color: "var(--immplay-muted)", fontStyle: "normal", marginLeft: "1em" },
  ".cm-panels": { backgroundColor: "var(--immplay-gutter-bg)", color: "var(--immplay-fg)" },
  ".cm-diagnostic-error": { borderLeftColor: "var(--immplay-error)" },
  ".cm-diagnostic-warning": { borderLeftColor: "var(--immplay-warning)" },
  ".cm-diagnostic-info": { borderLeftColor: "var(--immplay-suggestion)" },
});

/** The document offset of a 1-based line and position (as the editor shows them), clamped into the text. */
function offsetOf(doc, line, column) {
  const l = doc.line(Math.min(Math.max(line || 1, 1), doc.lines));
  return Math.min(l.from + Math.max((column || 1) - 1, 0), l.to);
}

/** The range a diagnostic underlines: the whole string or word it points at, else one character. */
function rangeOf(state, d) {
  const doc = state.doc;
  const from = offsetOf(doc, d.line, d.column);
  const line = doc.lineAt(from);
  if (from >= line.to) return { from: Math.max(line.from, from - 1), to: from }; // "missing at the end of the line"
  const node = syntaxTree(state).resolveInner(from, 1);
  if ((node.name === "String" || node.name === "PropertyName") && node.from === from) return { from, to: Math.min(node.to, line.to) };
  const word = /^[^\s,:\[\]{}"]+/.exec(doc.sliceString(from, line.to));
  return { from, to: from + (word ? word[0].length : 1) };
}

/** The JSON object (a statement) that opens at `pos`, if one does. */
function objectAt(state, pos) {
  for (let node = syntaxTree(state).resolveInner(pos, 1); node; node = node.parent) {
    if (node.name === "Object" && node.from === pos) return node;
  }
  return null;
}

function withRanges(state, diagnostics) {
  return diagnostics.map((d) => ({ ...rangeOf(state, d), severity: d.severity, code: d.code, message: d.message }))
    .sort((a, b) => a.from - b.from);
}

// --- completion from the catalog (sent once per widget in the `completions` trait) -----------------

/** The name of the element a value or key at `node` belongs to, and the statement object around it. */
function context(node) {
  let n = node;
  const chain = [];
  let statement = null;
  while (n) {
    if (n.name === "Property") {
      const key = n.getChild("PropertyName");
      chain.push(key);
    }
    if (n.name === "Object" && !statement && chain.length) statement = n;
    n = n.parent;
  }
  return { chain, statement };
}

function propertyText(state, keyNode) {
  return keyNode ? state.doc.sliceString(keyNode.from + 1, keyNode.to - 1) : null;
}

function statementActions(state, object) {
  const out = [];
  if (!object) return out;
  for (let p = object.firstChild; p; p = p.nextSibling) {
    if (p.name !== "Property" || propertyText(state, p.getChild("PropertyName")) !== "Action") continue;
    const value = p.getChild("String") || p.getChild("Array");
    if (!value) continue;
    const strings = value.name === "String" ? [value] : value.getChildren("String");
    for (const s of strings) out.push(state.doc.sliceString(s.from + 1, s.to - 1));
  }
  return out;
}

function globToRegExp(pattern) {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`, "i");
}

function completionSource(getData) {
  return (ctx) => {
    const data = getData();
    if (!data || !data.actions) return null;
    const node = syntaxTree(ctx.state).resolveInner(ctx.pos, -1);
    const inString = node.name === "String" || node.name === "PropertyName";
    if (!inString && !ctx.explicit) return null;
    const from = inString ? node.from + 1 : ctx.pos;
    const { chain, statement } = context(node);
    const names = chain.map((k) => propertyText(ctx.state, k));
    const isKey = node.name === "PropertyName";
    let options = [];
    if (isKey) {
      if (names[1] === "Condition") options = data.operators.map((o) => ({ label: o, type: "keyword", detail: "condition operator" }));
      else if (names[2] === "Condition") options = data.condition_keys.map((k) => ({ label: k.name, type: "variable", detail: k.type }));
      else if (names.includes("Statement")) options = data.elements.map((e) => ({ label: e, type: "property" }));
      else options = ["Version", "Statement"].map((e) => ({ label: e, type: "property" }));
    } else {
      const element = names[0];
      if (element === "Action" || element === "NotAction") {
        options = data.actions.map((a) => ({ label: a.action, type: "function", detail: a.status === "verified" ? a.resource : `${a.resource} (${a.status})` }));
      } else if (element === "Effect") {
        options = ["Allow", "Deny"].map((e) => ({ label: e, type: "keyword" }));
      } else if (element === "Version") {
        options = [{ label: "1", type: "constant" }];
      } else if (element === "Resource" || element === "NotResource") {
        const patterns = statementActions(ctx.state, statement).map(globToRegExp);
        const seen = new Set();
        for (const a of data.actions) {
          if (!patterns.some((p) => p.test(a.action)) || seen.has(a.arn)) continue;
          seen.add(a.arn);
          options.push(snippetCompletion(a.arn_snippet, { label: a.arn, type: "text", detail: `skeleton for ${a.action}` }));
        }
        if (!options.length) options = data.arn_skeletons.map((s) => snippetCompletion(s.snippet, { label: s.label, type: "text", detail: s.detail }));
      } else if (names[1] && names[2] === "Condition") {
        options = [];
      }
    }
    if (!options.length) return null;
    return { from, options, validFor: /^[\w:*?\-/.]*$/ };
  };
}

function actionHover(getData) {
  return hoverTooltip((view, pos) => {
    const data = getData();
    if (!data || !data.actions) return null;
    const node = syntaxTree(view.state).resolveInner(pos, 1);
    if (node.name !== "String") return null;
    const names = context(node).chain.map((k) => propertyText(view.state, k));
    if (names[0] !== "Action" && names[0] !== "NotAction") return null;
    const text = view.state.doc.sliceString(node.from + 1, node.to - 1);
    const pattern = globToRegExp(text);
    const hits = data.actions.filter((a) => pattern.test(a.action));
    if (!hits.length) return null;
    return {
      pos: node.from, end: node.to, above: true,
      create() {
        const dom = document.createElement("div");
        dom.className = "immplay-hover";
        const shown = hits.slice(0, 6);
        for (const a of shown) {
          const row = document.createElement("div");
          row.textContent = `${a.action} is authorized on ${a.resource}${a.status === "verified" ? "" : ` (${a.status})`}`;
          dom.appendChild(row);
        }
        if (hits.length > shown.length) {
          const more = document.createElement("div");
          more.textContent = `… and ${hits.length - shown.length} more operations`;
          dom.appendChild(more);
        }
        return { dom };
      },
    };
  });
}

// --- the widget ------------------------------------------------------------------------------------

/** Run `fn` once, in the task after the next frame is painted (after 100 ms at most: a hidden page paints no frames). */
function afterNextPaint(fn) {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    fn();
  };
  requestAnimationFrame(() => setTimeout(run, 0));
  setTimeout(run, 100);
}

function select(view, from, to) {
  view.dispatch({ selection: { anchor: from, head: to }, scrollIntoView: true });
  view.focus();
}

function render({ model, el }) {
  el.classList.add("immplay-code-editor");
  // JupyterLab ignores its shortcuts for keys typed inside an element carrying this attribute.
  el.setAttribute("data-lm-suppress-shortcuts", "true");
  const host = document.createElement("div");
  host.className = "immplay-cm-host";
  const status = document.createElement("div");
  status.className = "immplay-editor-status";
  status.setAttribute("aria-live", "polite");
  status.setAttribute("role", "status");
  const list = document.createElement("ul");
  list.className = "immplay-diagnostic-list";
  el.append(host, status, list);

  let applyingKernel = false;
  let view = null;
  let destroyed = false;
  // Typing echo: a keystroke's own work is CodeMirror's update and the paint of the character. Sending
  // the text to the kernel (the whole document serialised, a comm message, every model listener) is the
  // task right after that frame (requestAnimationFrame, then setTimeout): one send however many keys
  // arrived meanwhile, always the latest text, and the kernel starts as soon as the character is on
  // screen (waiting for an idle moment, requestIdleCallback, delayed the decisions and did not make the
  // echo faster). Sending sooner, in a microtask of the keystroke's own task, was measured alternating
  // in one page (2,001 requests): decisions 5-14 ms sooner at load 4-5, but at load 0-3 no sooner and
  // the echo 2-7 ms later (the server and kernel start while the browser paints the character);
  // scheduler.postTask (user-blocking) and a MessageChannel task were no better than this. Sending in
  // the dispatch of the transaction, before CodeMirror redraws, was measured on a quiet machine in
  // four runs interleaved with this timing: decisions 1.22-1.28x the calibration (this: 1.33-1.44x)
  // but the echo 18.6-19.5 ms (this: 14.9-15.3 ms, the target 16): the send and JupyterLab's work on
  // the kernel's first replies land in the keystroke's frame. The echo comes first here.
  // The timer is a backstop for a page that paints no frames (a hidden tab).
  let sendPending = false;
  function sendValue() {
    if (!sendPending || !view) return;
    sendPending = false;
    const text = view.state.doc.toString();
    if (text !== model.get("value")) {
      model.set("value", text);
      model.save_changes();
    }
  }
  function scheduleSend() {
    if (sendPending) return;
    sendPending = true;
    afterNextPaint(sendValue);
  }
  const key = model.get("instance_id");
  const getData = () => model.get("completions");
  const extensions = [
    phrasesOf(model), lineNumbers(), highlightActiveLineGutter(), foldGutter(), diagnosticsExtension(), history(),
    indentOnInput(), bracketMatching(), closeBrackets(), highlightActiveLine(), findExtension, json(), syntaxHighlighting(highlight), theme, EditorView.lineWrapping,
    autocompletion({ override: [completionSource(getData)], activateOnTyping: true }),
    actionHover(getData),
    keymap.of([...closeBracketsKeymap, ...completionKeymap, ...findKeymap, ...policyKeymap, ...standardKeymap, ...historyKeymap,
      ...foldKeymap, indentWithTab]),
    EditorView.contentAttributes.of({ "aria-label": model.get("label") || "policy editor" }),
    EditorView.updateListener.of((update) => {
      SAVED.set(key, update.state);
      if (update.docChanged && !applyingKernel) scheduleSend();
    }),
  ];
  const text = model.get("value");
  const saved = SAVED.get(key);
  // the saved state carries another view's extensions: rebuild it with this view's, history included
  const state = saved && saved.doc.toString() === text
    ? EditorState.fromJSON(saved.toJSON({ history: historyField }), { extensions }, { history: historyField })
    : EditorState.create({ doc: text, extensions });
  view = new EditorView({ state, parent: host });
  list.setAttribute("aria-label", view.state.phrase("problems in the policy"));
  host.style.setProperty("--immplay-editor-min-lines", String(model.get("min_lines") || 6));
  // Keys typed here are the editor's: never let them reach notebook shortcuts (a, b, dd, m, ...).
  view.dom.addEventListener("keydown", (event) => event.stopPropagation());

  function showDiagnostics() {
    const diagnostics = model.get("diagnostics") || [];
    view.dispatch({ effects: setDiagnosticsEffect.of(withRanges(view.state, diagnostics)) });
    showStatus();
    list.replaceChildren(...diagnostics.map((d) => {
      const item = document.createElement("li");
      item.className = `immplay-diagnostic immplay-severity-${d.severity}`;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "immplay-diagnostic-jump";
      const where = document.createElement("span");
      where.className = "immplay-diagnostic-where";
      where.textContent = placeText(view.state, d);
      const severity = document.createElement("span");
      severity.className = "immplay-diagnostic-severity";
      severity.textContent = severityText(view.state, d.severity);
      const message = document.createElement("span");
      message.className = "immplay-diagnostic-message";
      message.textContent = `${d.message} [${d.code}]`;
      button.append(where, " ", severity, " ", message);
      button.addEventListener("click", () => {
        const range = rangeOf(view.state, d);
        select(view, range.from, range.to);
      });
      item.append(button);
      return item;
    }));
  }

  // The kernel sends the diagnostics and the announcement right after the decisions. Drawing them
  // re-renders the edited line, which makes the browser lay out the whole page at once: in the task
  // after the next frame, they let the decisions (painted in that frame) reach the screen first.
  let waiting = null;
  function showAfterNextPaint(what) {
    if (waiting) {
      waiting.add(what);
      return;
    }
    waiting = new Set([what]);
    afterNextPaint(() => {
      const changed = waiting;
      waiting = null;
      if (destroyed) return;
      if (changed.has("diagnostics")) showDiagnostics(); // (and the status)
      else showStatus();
    });
  }

  function showStatus() {
    const note = model.get("announcement");
    status.textContent = problemSummary(view.state, model.get("diagnostics") || []) + (note ? ` ${note}` : "");
  }

  function onKernelValue() {
    const next = model.get("value");
    const current = view.state.doc.toString();
    if (next === current) return;
    // replace only the part that differs, so the cursor stays where it was outside it
    let start = 0;
    while (start < next.length && start < current.length && next[start] === current[start]) start++;
    let endNext = next.length, endCurrent = current.length;
    while (endNext > start && endCurrent > start && next[endNext - 1] === current[endCurrent - 1]) { endNext--; endCurrent--; }
    applyingKernel = true;
    try {
      view.dispatch({ changes: { from: start, to: endCurrent, insert: next.slice(start, endNext) } });
    } finally {
      applyingKernel = false;
    }
  }

  function onMessage(message) {
    if (!message || message.type !== "select") return;
    const from = offsetOf(view.state.doc, message.line, message.column);
    const to = message.end_line ? offsetOf(view.state.doc, message.end_line, message.end_column) : rangeOf(view.state, message).to;
    select(view, from, to);
  }

  // Clicking a place named elsewhere in the same playground (a deciding statement in the table)
  // selects it here, with no round trip to the kernel. The playground is known only once attached.
  function onDocumentClick(event) {
    if (!el.isConnected) return;
    const box = el.closest(".immplay-playground, .immplay-exercise, .immplay-matrix");
    if (box && box.contains(event.target)) {
      const target = event.target.closest && event.target.closest("[data-immplay-line]");
      if (target) {
        const line = Number(target.getAttribute("data-immplay-line"));
        const column = Number(target.getAttribute("data-immplay-column") || 1);
        const from = offsetOf(view.state.doc, line, column);
        const to = (objectAt(view.state, from) || rangeOf(view.state, { line, column })).to;
        event.preventDefault();
        select(view, from, to);
      }
    }
  }
  document.addEventListener("click", onDocumentClick);

  model.on("change:value", onKernelValue);
  const onDiagnostics = () => showAfterNextPaint("diagnostics");
  const onAnnouncement = () => showAfterNextPaint("announcement");
  model.on("change:diagnostics", onDiagnostics);
  model.on("msg:custom", onMessage);
  model.on("change:announcement", onAnnouncement);
  showDiagnostics();
  return () => {
    model.off("change:value", onKernelValue);
    model.off("change:diagnostics", onDiagnostics);
    model.off("msg:custom", onMessage);
    model.off("change:announcement", onAnnouncement);
    document.removeEventListener("click", onDocumentClick);
    sendValue(); // a re-render must not lose the last keystroke
    destroyed = true;
    view.destroy();
  };
}

export default { render };
