"""Write docs/micropython.js: MicroPython's WebAssembly build as one classic script, for the page.

    python3 tools/page/runtime.py           (`make page-runtime`) write docs/micropython.js
    python3 tools/page/runtime.py --check   exit 1 unless docs/micropython.js is what it writes

The page (docs/index.html) runs minirnn.py itself with MicroPython's WebAssembly port, the Node.js package
@micropython/micropython-webassembly-pyscript at VERSION (MIT; its licence is
docs/micropython-LICENSE). The package is an ES module that fetches its .wasm beside it, and
neither loads from file://, where a clone's page is opened with a double click. So this tool
rewrites it, by exact replacements that must each apply, into a classic script defining

    MINIRNN_MICROPYTHON_WASM     the .wasm, base64
    minirnnMicroPython()         an async function returning the package's loadMicroPython,
                                 which takes the .wasm bytes as options.wasmBinary;
                                 the module's memory is then globalThis.minirnnWasmMemory

The page starts the runtime in a Worker made from minirnnMicroPython's own source text, so a
call that runs too long can be stopped. The package comes from tools/install.py into
tools/runtimes/node_modules; the output depends only on VERSION.
"""
import base64
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PACKAGE = "@micropython/micropython-webassembly-pyscript"
VERSION = "1.27.0"
FOLDER = os.path.join(ROOT, "tools", "runtimes")
OUT = os.path.join(ROOT, "docs", "micropython.js")

# (what the module says, what the classic script says instead, how many times it must occur)
REPLACEMENTS = [
    ("import.meta.url", "self.location.href", 4),             # only the Node and fetch paths read it
    ("export default _createMicroPythonModule;", "", 1),
    ("export async function loadMicroPython(", "async function loadMicroPython(", 1),
    ("let Module={locateFile:", "let Module={wasmBinary:options.wasmBinary,locateFile:", 1),
    # the heap's size in bytes, for the page's heap figure: the memory the module grows
    ("wasmMemory=wasmExports.memory,", "wasmMemory=wasmExports.memory,globalThis.minirnnWasmMemory=wasmMemory,", 1),
]


def bundle(module_text, wasm):
    for old, new, count in REPLACEMENTS:
        if module_text.count(old) != count:
            sys.exit(f"runtime.py: {PACKAGE}@{VERSION}'s module has {old!r} "
                     f"{module_text.count(old)} times, not {count}")
        module_text = module_text.replace(old, new)
    return (f"// MicroPython {VERSION}'s WebAssembly port (Node.js package {PACKAGE}, MIT: see micropython-LICENSE),\n"
            f"// made a classic script by tools/page/runtime.py, which says why; do not edit.\n"
            f'var MINIRNN_MICROPYTHON_WASM = "{base64.b64encode(wasm).decode()}";\n'
            f"async function minirnnMicroPython() {{\n{module_text}\nreturn loadMicroPython;\n}}\n")


def main(argv):
    subprocess.run([sys.executable, os.path.join(ROOT, "tools", "install.py"), "node", FOLDER,
                    f"{PACKAGE}@{VERSION}"], check=True)
    where = os.path.join(FOLDER, "node_modules", PACKAGE)
    with open(os.path.join(where, "micropython.mjs"), encoding="utf-8") as f:
        module_text = f.read()
    with open(os.path.join(where, "micropython.wasm"), "rb") as f:
        text = bundle(module_text, f.read())
    if argv == ["--check"]:
        with open(OUT, encoding="utf-8") as f:
            same = f.read() == text
        print("docs/micropython.js is what tools/page/runtime.py writes" if same else
              "docs/micropython.js is stale: run make page-runtime", file=sys.stdout if same else sys.stderr)
        return 0 if same else 1
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
