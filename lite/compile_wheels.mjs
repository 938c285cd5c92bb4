// Compile the Python modules of unpacked wheels to CPython bytecode with Pyodide itself, in Node.js, so the
// browser imports them without compiling them again at every kernel start (`lite/build_site.py` runs this).
//
//   node lite/compile_wheels.mjs <pyodide npm package folder> <folder of unpacked wheels>
//
// Each module gets an unchecked-hash .pyc in its __pycache__ (the source stays, for tracebacks); the tag is
// Pyodide's own (cpython-314), so only that Pyodide version uses them.
import { pathToFileURL } from "node:url";
import path from "node:path";

const [pyodideFolder, wheelsFolder] = process.argv.slice(2);
if (!pyodideFolder || !wheelsFolder) {
  console.error("usage: node compile_wheels.mjs <pyodide npm package folder> <folder of unpacked wheels>");
  process.exit(2);
}
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideFolder, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: path.resolve(pyodideFolder) + path.sep });
pyodide.FS.mkdirTree("/wheels");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: path.resolve(wheelsFolder) }, "/wheels");
const report = pyodide.runPython(`
import compileall, py_compile, sys
ok = compileall.compile_dir("/wheels", quiet=1, workers=1,
                            invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
f"compiled with Python {sys.version.split()[0]} ({sys.implementation.cache_tag})" + ("" if ok else
    "; some files did not compile (listed above): they are compiled in the browser if imported")
`);
console.log(report);
