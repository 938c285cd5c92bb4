// The site's Pyodide loader: the kernel's `pyodideUrl` points here instead of at `pyodide.mjs`, and this module
// starts the same Pyodide, with the same options, faster. `lite/build_site.py` copies it beside Pyodide's own
// files as `static/pyodide/kernel-start.mjs`; `lite/README.md` says why each choice was made.
//
// 1. The start packages' files arrive as one archive. `loadPyodideOptions.packages` (the kernel, IPython, immplay,
//    ...) would each be fetched as a wheel and unzipped by Python at every start; the build writes the files of
//    the pure-Python ones, already compiled, into `start-packages.gz` with an index (`start-packages.json`), and
//    this module writes them into Pyodide's file system from JavaScript and tells Pyodide they are installed.
//    Packages with compiled libraries (`native` in the index) are left to packages-on-import, which installs
//    them on the first import that needs them.
// 2. A memory snapshot of the started interpreter. The first start in a browser runs Python's own start-up,
//    imports what the kernel imports when it starts (BEFORE_SNAPSHOT), and keeps a copy of the interpreter's
//    memory (Pyodide's `makeMemorySnapshot`) in the browser's Cache Storage; that interpreter is then thrown
//    away and the kernel runs on a restored copy. Later starts restore the kept copy. A snapshot is kept per
//    Pyodide version, start archive, kernel environment and import list, so a rebuilt site or another setting
//    never restores a stale one; the random module is reseeded after each restore.
//
// Anything unusual falls back to Pyodide's plain start and says why in the browser console: no Cache Storage
// (a page that is not a secure context), a snapshot that fails to restore (it is deleted), a snapshot that
// cannot be made. The kernel environment variable IMMPLAY_KERNEL_SNAPSHOT=off (`loadPyodideOptions.env` in the
// site's jupyter-lite.json) turns snapshots off.
import { loadPyodide as loadPlainPyodide, version } from "./pyodide.mjs";

export { version };

const HERE = new URL(".", import.meta.url);
const CACHE_NAME = "immplay-kernel-snapshot";
// Imported before the snapshot is taken: what the kernel imports when it starts, and immplay. Not the kernel
// itself (pyodide_kernel, or the ipykernel stand-in, which imports it): it starts the IPython shell, whose start-up
// must see the session it runs in (packages-on-import asks whether imports can wait for an install there).
const BEFORE_SNAPSHOT = "import IPython, jedi, pygments, prompt_toolkit, traitlets, comm, micropip, piplite.piplite, immplay";
const AFTER_RESTORE = "import sys\nif 'random' in sys.modules:\n    sys.modules['random'].seed()";

function note(message, error) {
  console.warn(`immplay kernel start: ${message}`, error ?? "");
}

/** The start archive's index: its files, its packages, its size and sha256; null when the site has none. */
async function fetchStartIndex() {
  const response = await fetch(new URL("start-packages.json", HERE));
  return response.ok ? response.json() : null;
}

/** The start archive's bytes, unpacked. */
async function fetchStartFiles(index) {
  const response = await fetch(new URL(index.archive, HERE));
  if (!response.ok) throw new Error(`${index.archive}: HTTP ${response.status}`);
  let bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) { // gzip, unless the server already undid it (Content-Encoding)
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  }
  if (bytes.length !== index.size) throw new Error(`${index.archive}: ${bytes.length} bytes, the index says ${index.size}`);
  return bytes;
}

function writeStartFiles(pyodide, index, bytes) {
  const { FS } = pyodide;
  const root = pyodide._api.sitePackages;
  const made = new Set();
  for (const [path, offset, size] of index.files) {
    const file = `${root}/${path}`;
    const folder = file.slice(0, file.lastIndexOf("/"));
    if (!made.has(folder)) {
      FS.mkdirTree(folder);
      made.add(folder);
    }
    FS.writeFile(file, bytes.subarray(offset, offset + size));
  }
}

/** The kernel's interpreter with the start packages' files, and Pyodide told they are installed. */
async function withStartPackages(pyodide, index, files) {
  writeStartFiles(pyodide, index, await files);
  for (const name of index.packages) pyodide.loadedPackages[name] = "default channel";
  return pyodide;
}

async function snapshotKey(options, index) {
  const text = JSON.stringify([version, index.sha256, options.env ?? {}, BEFORE_SNAPSHOT]);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  return new URL(`kernel-snapshot/${hex}`, HERE).href;
}

async function readSnapshot(key) {
  const response = await (await caches.open(CACHE_NAME)).match(key);
  return response ? new Uint8Array(await response.arrayBuffer()) : null;
}

async function keepSnapshot(key, bytes) {
  const cache = await caches.open(CACHE_NAME);
  for (const old of await cache.keys()) await cache.delete(old);
  await cache.put(key, new Response(bytes, { headers: { "Content-Type": "application/octet-stream" } }));
}

// The JavaScript objects the snapshot's Python holds besides globals (micropip and the kernel hold some of
// Pyodide's own functions) are named by where Pyodide keeps them, and found there again on restore.
function nameOf(api, object) {
  for (const [where, holder] of [["api", api], ["public", api.public_api]]) {
    for (const key of Object.getOwnPropertyNames(holder)) {
      let value;
      try {
        value = holder[key];
      } catch {
        continue;
      }
      if (value === object) return { [where]: key };
    }
  }
  throw new Error(`the snapshot would hold a JavaScript object Pyodide does not name: ${String(object).slice(0, 80)}`);
}

/** Pyodide's module factory, with the memory grown to hold `size` bytes before the snapshot is copied in. */
async function restoringFactory(size, found) {
  const { default: createPyodideModule } = await import(new URL("pyodide.asm.mjs", HERE).href);
  return async (settings) => {
    found.api = settings.API;
    const module = await createPyodideModule(settings);
    if (module.HEAP8.length < size) module._malloc(size); // grows the memory; the snapshot then replaces it all
    return module;
  };
}

async function restore(options, saved) {
  const found = {};
  const pyodide = await loadPlainPyodide({
    ...options, packages: [], _loadSnapshot: saved, createPyodideModule: await restoringFactory(saved.length, found),
    _snapshotDeserializer: (name) => (name.api !== undefined ? found.api[name.api] : found.api.public_api[name.public]),
  });
  pyodide.runPython(AFTER_RESTORE);
  return pyodide;
}

/** The start archive could not be read: the packages then load one by one, as Pyodide does by itself. */
class StartArchiveUnread extends Error {}

export async function loadPyodide(options = {}) {
  let index = null;
  try {
    index = await fetchStartIndex();
  } catch (error) {
    note("no start archive; the packages load one by one", error);
  }
  if (!index) return loadPlainPyodide(options);
  // read while Python starts; a failure shows where the files are written
  const files = fetchStartFiles(index).catch((error) => {
    throw new StartArchiveUnread(String(error));
  });
  files.catch(() => {});
  try {
    return await startWithArchive(options, index, files);
  } catch (error) {
    if (!(error instanceof StartArchiveUnread)) throw error;
    note("the start archive could not be read; the packages load one by one", error);
    return loadPlainPyodide(options);
  }
}

async function startWithArchive(options, index, files) {
  // Packages with compiled libraries (index.native) are not started here: packages-on-import installs them when
  // they are first imported.
  const plain = { ...options, packages: [] };
  const snapshots = typeof caches !== "undefined" && options.env?.IMMPLAY_KERNEL_SNAPSHOT !== "off";
  const key = snapshots ? await snapshotKey(options, index) : null;
  if (!key) return withStartPackages(await loadPlainPyodide(plain), index, files);

  const saved = await readSnapshot(key).catch((error) => note("no snapshot read", error));
  if (saved) {
    try {
      const pyodide = await withStartPackages(await restore(plain, saved), index, files);
      console.info(`immplay kernel start: restored the snapshot (${(saved.length / 1e6).toFixed(1)} MB)`);
      return pyodide;
    } catch (error) {
      if (error instanceof StartArchiveUnread) throw error;
      note("the saved snapshot did not restore; it is deleted and Python starts afresh", error);
      await caches.delete(CACHE_NAME).catch(() => {});
    }
  }
  // The interpreter that makes the snapshot is not the kernel's: Pyodide's snapshot mode watches every JavaScript
  // global Python takes, and some (fetch, through urllib3) then fail to run. The kernel gets a restored copy.
  let snapshot;
  try {
    const maker = await loadPlainPyodide({ ...plain, _makeSnapshot: true });
    writeStartFiles(maker, index, await files);
    maker.runPython(BEFORE_SNAPSHOT);
    snapshot = maker.makeMemorySnapshot({ serializer: (object) => nameOf(maker._api, object) });
  } catch (error) {
    if (error instanceof StartArchiveUnread) throw error;
    note("no snapshot made; Python starts without one", error);
    return withStartPackages(await loadPlainPyodide(plain), index, files);
  }
  let pyodide;
  try {
    pyodide = await withStartPackages(await restore(plain, snapshot), index, files);
  } catch (error) {
    note("the new snapshot did not restore; Python starts without one", error);
    return withStartPackages(await loadPlainPyodide(plain), index, files);
  }
  // kept only once it has restored
  keepSnapshot(key, snapshot).then(
    () => console.info(`immplay kernel start: kept a snapshot (${(snapshot.length / 1e6).toFixed(1)} MB) for the next start`),
    (error) => note("the snapshot could not be kept", error));
  return pyodide;
}
