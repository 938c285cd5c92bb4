// `make js`: bundle src/editor.js with its pinned CodeMirror packages into immplay/widgets/editor.js.
// The bundle's first line records a hash of what it was built from (this file, src/, package.json and
// package-lock.json); tests/widgets/test_editor_bundle.py checks it against the committed sources.
// Beside the bundle it writes editor.js.LICENSES.txt: the name, version, licence and licence text of
// every npm package whose code esbuild put in the bundle (read from node_modules), as their MIT
// licences ask of a copy that is distributed.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const inputs = ["build.mjs", "package.json", "package-lock.json",
  ...readdirSync(join(here, "src")).sort().map((f) => `src/${f}`)];
const hash = createHash("sha256");
for (const name of inputs) {
  hash.update(`${name}\n`);
  hash.update(readFileSync(join(here, name)));
}
const digest = hash.digest("hex");
// IMMPLAY_EDITOR_OUT lets the rebuild test write elsewhere and compare with the committed bundle
const outfile = process.env.IMMPLAY_EDITOR_OUT || join(here, "../immplay/widgets/editor.js");
// Edits to pinned upstream code, each an exact text that must be found once (else the build stops):
// what a keystroke costs the page matters more to a trainee than following upstream to the letter.
const PATCHES = {
  "@codemirror/autocomplete/dist/index.js": [
    // The completion list scrolls its selected option into view in CodeMirror's measure phase, with
    // every other layout read, instead of forcing a layout in the middle of each keystroke's update.
    ["        if (set)\n            scrollIntoView(this.list, set);",
      "        if (set) {\n            let list = this.list;\n" +
      "            this.view.requestMeasure({ read: () => scrollIntoView(list, set) });\n        }"],
  ],
};
const patchUpstream = {
  name: "patch-upstream",
  setup(b) {
    b.onLoad({ filter: /node_modules[\\/]@codemirror[\\/].*\.js$/ }, (args) => {
      const key = Object.keys(PATCHES).find((k) => args.path.replaceAll("\\", "/").endsWith(`node_modules/${k}`));
      if (!key) return undefined;
      let text = readFileSync(args.path, "utf8");
      for (const [from, to] of PATCHES[key]) {
        if (text.split(from).length !== 2) throw new Error(`${key}: the text to patch is not there exactly once: ${from}`);
        text = text.replace(from, to);
      }
      return { contents: text, loader: "js" };
    });
  },
};
const result = await build({
  entryPoints: [join(here, "src/editor.js")],
  outfile, metafile: true, plugins: [patchUpstream],
  bundle: true, minify: true, format: "esm", target: "es2020", legalComments: "none",
  banner: { js: `// immplay editor bundle, built by make js from js/ sources sha256:${digest} (CodeMirror 6 and its MIT-licensed packages, licences in editor.js.LICENSES.txt)` },
});

/** The packages (by their node_modules directory) whose files esbuild bundled, sorted by name. */
function bundledPackages(metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) dirs.add(match[1]);
  }
  return [...dirs].sort();
}

function licenceText(dir) {
  const name = readdirSync(dir).sort().find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
  if (!name) throw new Error(`${dir} has no licence file: cannot ship its code in the bundle`);
  return readFileSync(join(dir, name), "utf8").trim();
}

const sections = bundledPackages(result.metafile).map((name) => {
  const dir = join(here, "node_modules", name);
  if (!existsSync(join(dir, "package.json"))) throw new Error(`bundled package ${name} is not in node_modules`);
  const meta = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  return `${"=".repeat(78)}\n${meta.name} ${meta.version} (licence: ${meta.license})\n${"=".repeat(78)}\n\n${licenceText(dir)}\n`;
});
writeFileSync(`${outfile}.LICENSES.txt`,
  "The licences of the npm packages bundled into editor.js (the policy editor of immplay's widgets),\n" +
  `built by make js from js/ sources sha256:${digest}.\n\n${sections.join("\n")}`);
console.log(`editor bundle built from sha256:${digest}, ${sections.length} packages' licences beside it`);
