// The browser view of InPlaceHTML (in_place_html.py): HTML that changes in place. A new value is
// parsed off the page, then only the nodes that differ from what is shown are touched, so the
// browser restyles and lays out just those (a keystroke in the playground changes a badge or two of
// a 25-row table and the summary's counts, not the whole table).

/** Make the shown node look like `wanted` (a parsed, detached node), touching only what differs. */
function patch(shown, wanted) {
  if (shown.isEqualNode(wanted)) return;
  if (shown.nodeType !== wanted.nodeType || shown.nodeName !== wanted.nodeName) {
    shown.replaceWith(wanted);
    return;
  }
  if (shown.nodeType !== Node.ELEMENT_NODE) {
    shown.nodeValue = wanted.nodeValue;
    return;
  }
  for (const { name } of [...shown.attributes]) if (!wanted.hasAttribute(name)) shown.removeAttribute(name);
  for (const { name, value } of wanted.attributes) if (shown.getAttribute(name) !== value) shown.setAttribute(name, value);
  patchChildren(shown, wanted);
}

/** The children of `shown` made like those of `wanted`: node by node when they pair up, else all at once. */
function patchChildren(shown, wanted) {
  const now = [...shown.childNodes];
  const next = [...wanted.childNodes];
  if (now.length !== next.length) {
    shown.replaceChildren(...next);
    return;
  }
  now.forEach((node, i) => patch(node, next[i]));
}

function render({ model, el }) {
  const show = () => {
    const parsed = document.createElement("template");
    parsed.innerHTML = model.get("value");
    patchChildren(el, parsed.content);
  };
  show();
  model.on("change:value", show);
  return () => model.off("change:value", show);
}

export default { render };
