// Run a Python file as __main__ in Brython (Python compiled to JavaScript, for web pages) under
// Node.js:
//     node tools/runtimes/brython_run.mjs minirnn.py
// It names the runtime on stderr and runs the file; an uncaught exception exits 1.
// Brython is written for a browser page: the stubs below stand in for the little it touches.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { inspect } from "node:util";

const require = createRequire(import.meta.url);
const file = process.argv[2];

// Node 20 has no Set.prototype.difference, and Brython's stand-in takes `self` as an argument.
Object.defineProperty(Set.prototype, "difference", {
  value: function (other) { return new Set([...this].filter((item) => !other.has(item))); },
  writable: true, configurable: true,
});
globalThis.self = globalThis;
globalThis.addEventListener = () => {};
globalThis.location = { href: "file:///", origin: "file://", pathname: "/" };
// Python's print ends in one console.log per flush, text and newline together: write it as it
// is. Anything else Brython logs (its own diagnostics, objects) goes to stderr, kept short.
const log = (...args) => {
  if (args.length === 1 && typeof args[0] === "string") process.stdout.write(args[0]);
  else console.error(args.map((a) => (typeof a === "string" ? a : inspect(a, { depth: 0 }))).join(" "));
};

require("brython/brython.js");                      // defines globalThis.__BRYTHON__ and a document
require("brython/brython_stdlib.js");               // the standard library, as a virtual filesystem
const $B = globalThis.__BRYTHON__;
globalThis.$B = $B;                                 // code it builds with Function() looks up $B
document.dispatchEvent = () => true;
const version = (v) => v.slice(0, 3).join(".");
console.error(`brython ${version($B.implementation)} (python ${version($B.version_info)})`);
console.log = log;
try {
  $B.runPythonSource(readFileSync(file, "utf8"), { id: "__main__" });
} catch (error) {
  process.exitCode = 1;                             // Brython has already printed the traceback
}
