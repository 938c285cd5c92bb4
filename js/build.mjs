// `make js`: bundle src/editor.js with its pinned CodeMirror packages into immplay/widgets/editor.js.
// The bundle's first line records a hash of what it was built from (this file, src/, package.json and
// package-lock.json); tests/widgets/test_editor_bundle.py checks it against the committed sources.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
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
await build({
  entryPoints: [join(here, "src/editor.js")],
  // IMMPLAY_EDITOR_OUT lets the rebuild test write elsewhere and compare with the committed bundle
  outfile: process.env.IMMPLAY_EDITOR_OUT || join(here, "../immplay/widgets/editor.js"),
  bundle: true, minify: true, format: "esm", target: "es2020", legalComments: "none",
  banner: { js: `// immplay editor bundle, built by make js from js/ sources sha256:${digest} (CodeMirror 6, MIT licence)` },
});
console.log(`editor bundle built from sha256:${digest}`);
