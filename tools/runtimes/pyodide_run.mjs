// Run a Python file as __main__ in Pyodide (CPython compiled to WebAssembly) under Node.js:
//     node tools/runtimes/pyodide_run.mjs minirnn.py
// It names the runtime on stderr, writes the file into Pyodide's in-memory filesystem and
// runs it; an uncaught exception exits 1.
import { loadPyodide } from "pyodide";
import { readFileSync } from "node:fs";
import { basename } from "node:path";

const file = process.argv[2];
const pyodide = await loadPyodide();
console.error(`pyodide ${pyodide.version} (python ${pyodide.runPython("import platform; platform.python_version()")})`);
pyodide.FS.mkdirTree("/minirnn");
const target = "/minirnn/" + basename(file);
pyodide.FS.writeFile(target, readFileSync(file, "utf8"));
try {
  pyodide.runPython(`import sys, runpy; sys.path.insert(0, "/minirnn"); runpy.run_path("${target}", run_name="__main__")`);
} catch (error) {
  console.error(String(error));
  process.exit(1);
}
