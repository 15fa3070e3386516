// Run a Python file as __main__ in Skulpt (Python in JavaScript, as education sites embed it)
// under Node.js:
//     node tools/runtimes/skulpt_run.mjs minirnn.py
// It names the runtime on stderr and runs the file; an uncaught exception exits 1.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const Sk = require("skulpt");                   // dist/skulpt.min.js and its stdlib, as global Sk
const file = process.argv[2];
console.error(`skulpt ${require("skulpt/package.json").version} (python 3 mode)`);

Sk.configure({
  __future__: Sk.python3,
  output: (text) => process.stdout.write(text),
  read: (name) => {                             // the standard library ships inside skulpt
    const files = Sk.builtinFiles && Sk.builtinFiles.files;
    if (files && files[name] !== undefined) return files[name];
    throw new Error(`file not found: ${name}`);
  },
  execLimit: Infinity,
});
try {
  await Sk.misceval.asyncToPromise(() =>
    Sk.importMainWithBody("__main__", false, readFileSync(file, "utf8"), true));
} catch (error) {
  console.error(error.toString());
  process.exit(1);
}
