"""Mutation testing: how many small bugs put into a shipped file make the test suite fail?

Run it through make, which installs mutmut (pinned) and pytest into .venv-mutate first:
    make mutate                                  # minirnn.py, the checker, examples/*.py
    make mutate FILE=examples/charlm.py          # one file (or several, space-separated)
    make mutate MUTATE_JOBS=2                    # mutants tested at once (default 1)
or by hand: .venv-mutate/bin/python tools/mutate/mutate.py [--jobs N] [FILE ...]

mutmut reads its settings only from setup.cfg in the directory it runs in, and keeps results
from earlier runs, so this copies the project into build/mutate/ (wiped first), writes
setup.cfg there, and HOOKS into build/mutate/hooks/ (so that mutants are active, and counted,
in the processes the tests start), and runs `mutmut run` over the files, writing its output to
build/mutate/mutmut-run.log and printing a running count every 20 s. Then, for each file:
  - the score: killed / (killed + survived), over the mutants some test reaches;
  - how many mutants no test reaches, by function;
  - every survivor not listed in tools/mutate/equivalent_mutants.txt, as function and diff
    lines, and every listed entry that no longer survives.
It exits 1 if there is an unexplained survivor (or if mutmut fails), and on nothing else.
"""
import argparse
import ast
import codecs
import collections
import difflib
import glob
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRATCH = os.path.join(ROOT, "build", "mutate")
EQUIVALENT = os.path.join(ROOT, "tools", "mutate", "equivalent_mutants.txt")
# The exercises' starting files are the learner's to fill in, and the checker reads them as text
# (their `# given` lines): what is shipped to run is the checker's code.
SHIPPED = ["minirnn.py", "exercises/check.py", "exercises/judge.py", "exercises/mistakes.py",
           "examples/*.py"]
NOT_COPIED = {".git", "build", "node_modules", ".page-check", "__pycache__", ".pytest_cache"}
PROGRESS = 20  # seconds between two reports of where mutmut is
SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"  # what mutmut puts before its status line

# Tests that fail on mutmut's instrumented copy, where every function is renamed, has a
# trampoline in front and its mutants beside it, and the copy imports mutmut:
#  - the tests that read minirnn.py as text and patch or run it (the catalogued mistakes on the
#    plain and the fast path, the checker's diagnosis of each patch, the judging core run on a
#    copy of minirnn, README's mistake-2 table, README's quote of the mod-3 task): each piece
#    they replace occurs once per mutant of its function there, and the copy's decorators need
#    mutmut's names;
#  - the layout checks (imports, names defined once and before use, line lengths, budgets);
#  - the check that only tools/install.py installs anything, which lists git's tracked files
#    (the copy has no git);
#  - charlm's two runs in a real process of its own, in a scratch folder: there the trampoline,
#    counting which tests reach which function, finds no settings (the in-process tests of the
#    same closed pipe and Ctrl-C run in the copy);
# The rest can kill no mutant: the patch tests compile and run their own copy of the source, and the
# layout checks judge how the source reads, not what it computes. `make test` runs them all.
DESELECT = ["test_minirnn.py::test_finite_differences_catch_each_catalogued_mistake",
            "test_minirnn.py::test_module_gradient_check_rejects_mistakes_in_the_fast_path",
            "tests/test_docs.py::test_readme_mistake_2_reaches_every_earlier_step",
            "tests/test_docs.py::test_readme_shows_sum_last_two_mod3_as_the_code",
            "tests/test_exercises.py::test_checker_diagnoses_the_catalogues_own_patch_of_minirnn_bptt",
            "tests/test_exercises.py::test_every_catalogued_mistake_is_injected_and_its_source_patches_apply",
            "tests/test_exercises.py::test_finite_differences_keep_a_broken_reference_from_passing_its_own_mistake",
            "tests/test_exercises.py::test_the_core_alone_gives_the_verdicts_check_py_gives",
            "tests/test_layout.py",
            "tests/test_tools.py::test_only_the_installer_in_tools_names_an_install_command",
            "tests/test_charlm.py::test_a_real_closed_pipe_ends_without_a_traceback",
            "tests/test_charlm.py::test_ctrl_c_in_a_real_process_saves_the_model_after_the_last_update"]
# Tests that start the checker as a process, over and over: in the copy each process loads every
# mutant first, so each takes 10-20 s a mutant. What they prove is how exercises/check.py runs the
# learner's code and ends (its exit statuses, its limits); the judging core in judge.py they run is
# the one the in-process tests (tests/test_verdicts.py) judge every case with. So they are left out
# unless check.py is among the files mutated: a mutant only they would kill then shows as a survivor.
CHECK_PY_ONLY = ["tests/test_track.py::test_the_exercises_run_themselves_with_the_checkers_exit_statuses",
                 "tests/test_exercises.py::test_checker_exit_statuses",
                 "tests/test_exercises.py::test_the_whole_check_ends_within_its_limit_and_printing_is_cut"]
# The copy runs several times slower than the project, and a process that starts it (the checker's
# child) loads its thousands of mutants first: the one test that runs the child close to a limit (the
# whole check's 1.5 s) reads, in MINIRNN_SLOWER, how many times longer to make its limits.
SLOWER = 5


# What makes mutmut see into the processes the tests start. mutmut names each mutant by its file's
# module (exercises.check.x_load__mutmut_3), activates it in a function only where the function's
# module has that name, and counts which tests reach a function only in the test's own process. The
# checker judges in a child process that runs exercises/check.py as a script (__main__, importing
# judge.py as judge), so there no mutant was ever active, and no test that runs the child counted
# as reaching the code only the child runs: the mutants there survived. HOOKS puts right both,
# for every process a test starts (whose environment holds PYTHONPATH and MUTANT_UNDER_TEST), and
# the shipped code runs as it is: sitecustomize.py gives each mutated function the name of its file's
# module, however the process imported it; while mutmut counts, it writes each function the process
# reaches to CHILD_HITS, and the test's process (the plugin mutate_child_hits, loaded through
# PYTEST_PLUGINS) adds them to the test's before mutmut reads them at the test's teardown.
# mutmut stops a mutant's tests only after a limit of CPU seconds, which a test does not reach that
# waits, polling, for a child that a mutant never stops (the checker's time limits): the plugin
# also fails a test still running after WALL_LIMIT seconds (the slowest takes about 70 in the copy).
WALL_LIMIT = 300
HOOKS_FOLDER = os.path.join(SCRATCH, "hooks")
CHILD_HITS = os.path.join(SCRATCH, "child-hits.txt")
HOOKS = {
    "sitecustomize.py": '''"""Written by tools/mutate/mutate.py: see HOOKS there."""
import os
import sys

if "MUTANT_UNDER_TEST" in os.environ and "MUTATE_CHILD_HITS" in os.environ:
    import mutmut.mutation.trampoline as trampoline

    def _module(path):
        """'exercises.check' for mutants/exercises/check.py, as mutmut names it; else None."""
        relative = os.path.relpath(os.path.abspath(path), os.environ["MUTATE_MUTANTS"])
        if relative.startswith(os.pardir) or not relative.endswith(".py"):
            return None
        return relative[:-len(".py")].replace(os.sep, ".")

    def wrap_in_trampoline(mutants, is_classmethod=False, _wrap=trampoline.wrap_in_trampoline):
        def wrap(function):
            function.__module__ = _module(function.__code__.co_filename) or function.__module__
            return _wrap(mutants, is_classmethod)(function)
        return wrap

    def record_trampoline_hit(name, caller=None, _seen=set()):
        if name in _seen:                       # once each: a child may end with os._exit
            return
        _seen.add(name)
        module, _, function = name.rpartition(".")
        path = getattr(sys.modules.get(module), "__file__", None)
        with open(os.environ["MUTATE_CHILD_HITS"], "a") as hits:
            hits.write("%s.%s\\n" % (path and _module(path) or module, function))

    trampoline.wrap_in_trampoline = wrap_in_trampoline
    trampoline.record_trampoline_hit = record_trampoline_hit
''',
    "mutate_child_hits.py": '''"""Written by tools/mutate/mutate.py: see HOOKS there."""
import os
import signal

import pytest

WALL_LIMIT = %d


class Hung(Exception):
    pass


def hung(signum, frame):
    raise Hung("the test ran %%d s: the mutant makes it hang" %% WALL_LIMIT)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    if os.environ.get("MUTANT_UNDER_TEST", "") in ("", "stats", "fail"):
        return (yield)
    signal.signal(signal.SIGALRM, hung)
    signal.alarm(WALL_LIMIT)
    try:
        return (yield)
    finally:
        signal.alarm(0)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item):
    try:
        with open(os.environ["MUTATE_CHILD_HITS"]) as hits:
            names = hits.read().split()
        os.remove(os.environ["MUTATE_CHILD_HITS"])
    except (KeyError, OSError):
        return
    from mutmut.state import state
    state()._stats.update(names)
''' % WALL_LIMIT}


def shipped_files(names):
    """The files to mutate, relative to ROOT: names as given, or every SHIPPED file."""
    found = sorted({os.path.relpath(path, ROOT) for pattern in SHIPPED
                    for path in glob.glob(os.path.join(ROOT, pattern))})
    for name in names:
        if not os.path.isfile(os.path.join(ROOT, name)) or not name.endswith(".py"):
            sys.exit(f"mutate.py: error: {name} is not a Python file of the project")
    return [os.path.relpath(os.path.join(ROOT, name), ROOT) for name in names] or found


def setup_cfg(files):
    """mutmut's settings: mutate files, copy the rest of the project, run the suite as make test."""
    others = sorted(name for name in os.listdir(SCRATCH) if name not in ("setup.cfg", "hooks"))
    lines = ["[mutmut]", "source_paths =", *(f"    {f}" for f in files),
             "also_copy =", *(f"    {name}" for name in others),
             # it would run git in the enclosing repository and hash its files
             "use_git_change_detection = false",
             "pytest_add_cli_args_test_selection =", "    test_minirnn.py", "    tests",
             "pytest_add_cli_args =", *(f"    --deselect={test}" for test in DESELECT + (
                 [] if "exercises/check.py" in files else CHECK_PY_ONLY))]
    return "\n".join(lines) + "\n"


def mutmut(*args):
    return subprocess.run([sys.executable, "-m", "mutmut", *args], cwd=SCRATCH,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def mutmut_run(log, jobs):
    """`mutmut run`: (exit code, its output), written to log as it comes. Every PROGRESS seconds
    this prints where mutmut is: the line it redraws in place, as a count of mutants tested
    ('123/1880  ...') once they run, and before that the step it is on ('Running stats')."""
    path = os.pathsep.join(filter(None, [HOOKS_FOLDER, os.environ.get("PYTHONPATH")]))
    environment = dict(os.environ, PYTHONPATH=path, PYTEST_PLUGINS="mutate_child_hits",
                       MUTATE_CHILD_HITS=CHILD_HITS, MUTATE_MUTANTS=os.path.join(SCRATCH, "mutants"),
                       MINIRNN_SLOWER=str(SLOWER))
    process = subprocess.Popen([sys.executable, "-m", "mutmut", "run", "--max-children", str(jobs)],
                               cwd=SCRATCH, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env=environment)
    decoder, output = codecs.getincrementaldecoder("utf-8")(errors="replace"), []
    start = last = time.monotonic()
    with open(log, "w") as f:
        for chunk in iter(lambda: process.stdout.read1(65536), b""):
            output.append(decoder.decode(chunk))
            f.write(output[-1])
            f.flush()
            if time.monotonic() - last < PROGRESS:
                continue
            last = time.monotonic()
            status = [line.strip(" " + SPINNER)
                      for line in re.split(r"[\r\n]", "".join(output[-2:]))]
            status = [line for line in status if line]
            count = re.match(r"(\d+)/(\d+) ", status[-1]) if status else None
            minutes, seconds = divmod(round(last - start), 60)
            print(f"  {minutes} min {seconds:2d} s: " + (f"{count[1]} of {count[2]} mutants tested"
                                                     if count else status[-1][:60] if status else "..."),
                  flush=True)
    return process.wait(), "".join(output)


def squash(line):
    """A diff line with its runs of whitespace as one space: '-    x =  1' -> '- x = 1'."""
    return line[0] + " " + " ".join(line[1:].split())


def split_name(mutant):
    """'exercises.check.xǁRunǁgo__mutmut_3' -> ('exercises/check.py', 'Run.go', 'xǁRunǁgo'),
    'minirnn.x_one_hot__mutmut_1' -> ('minirnn.py', 'one_hot', 'x_one_hot')."""
    mangled = mutant.rsplit("__mutmut_", 1)[0]
    module, _, name = mangled.rpartition(".x")
    name = "x" + name
    function = ".".join(name.split("ǁ")[1:]) if name.startswith("xǁ") else name[len("x_"):]
    return module.replace(".", "/") + ".py", function, name


def changed_lines(mutants):
    """{mutant: its '-' and '+' lines}, each line's whitespace runs collapsed to one space.

    As `mutmut show` would give them, but read straight from mutmut's instrumented copy, where
    every mutant is a function beside the original (`x_f__mutmut_3` and `x_f__mutmut_orig`,
    or `xǁRNNǁf__mutmut_3` for methods): one `mutmut show` per survivor takes ~0.5 s."""
    copies = {}

    def functions(path):  # {name: (node, source lines)} of the instrumented copy of path
        if path not in copies:
            source = open(os.path.join(SCRATCH, "mutants", path), encoding="utf-8").read()
            tree, source_lines = ast.parse(source), source.splitlines()
            copies[path] = {node.name: (node, source_lines)
                            for top in tree.body for node in [top, *getattr(top, "body", [])]
                            if isinstance(node, ast.FunctionDef)}
        return copies[path]

    def lines(path, name, function):  # the def line with the function's real name, as in path
        node, source_lines = functions(path)[name]
        code = source_lines[node.lineno - 1:node.end_lineno]
        return [code[0].replace(name, function.split(".")[-1], 1)] + code[1:]

    changes = {}
    for mutant in mutants:
        path, function, name = split_name(mutant)
        number = mutant.rsplit("__mutmut_", 1)[1]
        diff = difflib.unified_diff(lines(path, name + "__mutmut_orig", function),
                                    lines(path, f"{name}__mutmut_{number}", function),
                                    n=0, lineterm="")
        changes[mutant] = tuple(squash(line) for line in diff
                                if line[:1] in "-+" and line[:3] not in ("---", "+++"))
    return changes


def equivalent_mutants():
    """{(file, function, changed lines): reason} from tools/mutate/equivalent_mutants.txt.

    Entries are separated by blank lines; each is a line `file function: reason` and then the
    changed lines exactly as this script prints them ('- old', '+ new'). '#' starts a comment
    line."""
    entries, block = {}, []
    for line in open(EQUIVALENT, encoding="utf-8").read().splitlines() + [""]:
        if line.startswith("#"):
            continue
        if line.strip():
            block.append(line.rstrip())
            continue
        if block:
            where, _, reason = block[0].partition(": ")
            path, function = where.split()
            entries[(path, function, tuple(squash(changed) for changed in block[1:]))] = reason.strip()
        block = []
    return entries


def copy_project():
    """build/mutate/: the project as it is, without its scratch folders and venvs."""
    shutil.rmtree(SCRATCH, ignore_errors=True)
    ignore = shutil.ignore_patterns(*NOT_COPIED, ".venv*")
    shutil.copytree(ROOT, SCRATCH, ignore=lambda folder, names: set(ignore(folder, names)) | (
        {"build"} if os.path.samefile(folder, ROOT) else set()))


def report(files, status):
    """Print each file's score and unreached functions; return the unexplained survivors."""
    survivors = sorted(m for m, s in status.items() if s == "survived")
    changes, known = changed_lines(survivors), equivalent_mutants()
    key = {m: (*split_name(m)[:2], changes[m]) for m in survivors}
    for path in files:
        mine = {m: s for m, s in status.items() if split_name(m)[0] == path}
        count = collections.Counter(mine.values())
        killed, survived = count.pop("killed", 0), count.pop("survived", 0)
        listed = sum(key[m] in known for m in survivors if m in mine)
        print(f"\n{path}: {len(mine)} mutants; score {killed} killed / ({killed} killed + "
              f"{survived} survived) = {killed / max(killed + survived, 1):.1%} of those the tests "
              f"reach; {listed} of the survivors listed as equivalent")
        unreached = collections.Counter(split_name(m)[1] for m, s in mine.items() if s == "no tests")
        if unreached:
            print(f"  no test reaches {sum(unreached.values())}: "
                  + ", ".join(f"{f} {n}" for f, n in sorted(unreached.items())))
        if count:
            print("  other: " + ", ".join(f"{s} {n}" for s, n in sorted(count.items())))
    for entry in sorted(set(known) - set(key.values())):
        if entry[0] in files:
            print(f"  (no longer survives, remove from the list: {entry[0]} {entry[1]}: "
                  f"{' / '.join(entry[2])})")
    unexplained = [m for m in survivors if key[m] not in known]
    for m in sorted(unexplained, key=lambda m: (key[m][:2], int(m.rsplit("_", 1)[1]))):
        print(f"\n{key[m][0]} {key[m][1]}   [{m}]")
        print("\n".join(changes[m]))
    return unexplained


def main():
    parser = argparse.ArgumentParser(description="Mutation testing of minirnn's shipped files.")
    parser.add_argument("files", nargs="*", metavar="FILE", help="default: " + " ".join(SHIPPED))
    parser.add_argument("--jobs", type=int, default=1, help="mutants tested at once (default 1)")
    args = parser.parse_args()
    files = shipped_files(args.files)
    copy_project()
    os.mkdir(HOOKS_FOLDER)
    for name, text in HOOKS.items():
        with open(os.path.join(HOOKS_FOLDER, name), "w") as f:
            f.write(text)
    with open(os.path.join(SCRATCH, "setup.cfg"), "w") as f:
        f.write(setup_cfg(files))
    os.environ.pop("MINIRNN_SLOW", None)  # the slow test would run once per mutant it reaches

    log = os.path.join(SCRATCH, "mutmut-run.log")
    print(f"mutmut run over {' '.join(files)} in {os.path.relpath(SCRATCH, ROOT)}/ "
          f"(log: {os.path.relpath(log, ROOT)}) ...", flush=True)
    start = time.monotonic()
    code, output = mutmut_run(log, args.jobs)
    if code != 0:
        print(output[-3000:])
        sys.exit(f"mutmut run failed (exit {code}); a test failing on the unmutated "
                 f"copy may need deselecting in {os.path.relpath(__file__, ROOT)}")
    minutes, seconds = divmod(round(time.monotonic() - start), 60)
    status = {}  # mutant -> killed, survived, no tests, timeout, ...
    for line in mutmut("results", "--all", "true").stdout.splitlines():
        mutant, _, state = line.strip().rpartition(": ")
        if "__mutmut_" in mutant:
            status[mutant] = state
    if not status:
        sys.exit("`mutmut results` listed no mutants")
    print(f"{len(status)} mutants in {minutes} min {seconds} s ({time.strftime('%Y-%m-%d')})")
    unexplained = report(files, status)
    if unexplained:
        sys.exit(f"\n{len(unexplained)} unexplained survivors: kill them with a test, or list the "
                 f"truly equivalent ones in tools/mutate/equivalent_mutants.txt. To look at one: "
                 f"cd build/mutate && ../../.venv-mutate/bin/mutmut show '<mutant>'")
    print("\nno unexplained survivor")


if __name__ == "__main__":
    main()
