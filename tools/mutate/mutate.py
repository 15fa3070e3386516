"""Mutation testing: how many small bugs put into minirnn.py make the test suite fail?

Run `make mutate`, which installs mutmut (pinned) and pytest into .venv-mutate and then runs
    .venv-mutate/bin/python tools/mutate/mutate.py
(stdlib only, but it needs the mutmut of the Python that runs it).

mutmut reads its settings only from setup.cfg/pyproject.toml in the directory it runs in, so
this copies the project into build/mutate/ (wiped first: mutmut keeps results from earlier
runs), writes setup.cfg there and runs `mutmut run` over minirnn.py, writing its output to
build/mutate/mutmut-run.log as it comes and printing a running count every 20 s. Then it prints
  - the score: killed / (killed + survived), over the mutants some test reaches;
  - how many mutants no test reaches, by function (the demo runs only in a subprocess, where
    mutmut cannot see what it calls and always runs the original code);
  - every survivor not listed in tools/mutate/equivalent_mutants.txt, as function and diff lines;
  - each figure docs/tests.md states of the run (the score, its counts, the survivors, the
    mutants no test reaches, the timeouts) that this run contradicts, stated -> measured;
and exits 1 if there is any such unexplained survivor or contradicted figure (or if mutmut fails).
"""
import ast
import codecs
import collections
import difflib
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRATCH = os.path.join(ROOT, "build", "mutate")
EQUIVALENT = os.path.join(ROOT, "tools", "mutate", "equivalent_mutants.txt")
FILES = ["minirnn.py", "test_minirnn.py", "README.md", "LICENSE", "docs", "exercises",
         "examples"]  # what the tests read
PROGRESS = 20  # seconds between two reports of where mutmut is
SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"  # what mutmut puts before its status line

# Tests that read minirnn.py as text see mutmut's instrumented copy (every function renamed,
# a trampoline in front, its mutants beside it), not the source, so they fail there:
#  - the mistake checks, on the plain path and on the fast path, the check that every patch
#    of exercises/mistakes.py applies, the checker's diagnosis of each patch of minirnn.bptt,
#    and README's table of mistake 2: each replaces pieces of the source, and in the copy each
#    piece occurs once per mutant of its function;
#  - the imports check: the copy imports mutmut;
#  - the inventory of the docs' numbers, which reads the Makefile and tools/, not copied here;
#  - examples/charlm.py's tests (every test_charlm_…): they run it in a subprocess in a
#    scratch folder, where the copy's mutmut finds no settings (and a subprocess kills no
#    mutant mutmut can see);
#  - the check that train's put-back runs no Python code: in the copy, every function of
#    minirnn runs through a trampoline of mutmut's;
#  - the layout checks of Part I (names defined once, before use; line lengths): the copy
#    defines every function several times over, with longer lines.
# None of them can kill a mutant: the mistake checks compile and run their own copy of the code,
# imports are never mutated, and the layout checks judge how the source reads, not what it
# computes. `make test` runs them all. (The README tests pass on the copy:
# README.md is copied beside it, and inspect.getsource finds the original functions through the
# trampolines' __wrapped__; a test reading source can kill no mutant either.)
DESELECT = ["test_minirnn.py::test_gradient_check_rejects_the_notebooks_mistakes",
            "test_minirnn.py::test_module_gradient_check_rejects_mistakes_in_the_fast_path",
            "test_minirnn.py::test_every_catalogued_mistake_is_injected_and_its_source_patches_apply",
            "test_minirnn.py::test_imports_only_math_and_random",
            "test_minirnn.py::test_charlm_",
            "test_minirnn.py::test_every_number_in_readme_and_the_docs_is_listed_with_what_backs_it",
            "test_minirnn.py::test_checker_diagnoses_the_catalogues_own_patch_of_minirnn_bptt",
            "test_minirnn.py::test_readme_mistake_2_reaches_every_earlier_step",
            "test_minirnn.py::test_the_put_back_runs_no_python_code_so_a_second_interrupt_cannot_split_it",
            "test_minirnn.py::test_the_lesson_uses_only_its_own_names_but_for_the_checked_helpers_first_lines",
            "test_minirnn.py::test_every_line_of_the_lesson_fits_88_columns_and_the_file_110"]

# use_git_change_detection only serves reusing earlier results, and would have mutmut run git in
# the enclosing repository and hash its files.
SETUP_CFG = """\
[mutmut]
source_paths = minirnn.py
also_copy =
    README.md
    LICENSE
    docs
    exercises
    examples
use_git_change_detection = false
pytest_add_cli_args =
""" + "".join(f"    --deselect={test}\n" for test in DESELECT)


def mutmut(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "mutmut", *args], cwd=SCRATCH,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs)


def mutmut_run(log):
    """`mutmut run`: (exit code, its output), written to log as it comes. Every PROGRESS seconds
    this prints where mutmut is: the line it redraws in place, as a count of mutants tested
    ('123/1880  ...') once they run, and before that the step it is on ('Running stats')."""
    process = subprocess.Popen([sys.executable, "-m", "mutmut", "run"], cwd=SCRATCH,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
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


def function_of(mutant):
    """'minirnn.xǁRNNǁtrain__mutmut_3' -> 'RNN.train', 'minirnn.x_one_hot__mutmut_1' -> 'one_hot'."""
    name = mutant.split(".", 1)[1].rsplit("__mutmut_", 1)[0]
    return ".".join(name.split("ǁ")[1:]) if name.startswith("xǁ") else name[len("x_"):]


def changed_lines(mutants):
    """{mutant: its '-' and '+' lines}, each line's whitespace runs collapsed to one space.

    As `mutmut show` would give them, but read straight from mutmut's instrumented copy, where
    every mutant is a function beside the original (`x_f__mutmut_3` and `x_f__mutmut_orig`,
    or `xǁRNNǁf__mutmut_3` for methods): one `mutmut show` per survivor takes ~0.5 s."""
    source = open(os.path.join(SCRATCH, "mutants", "minirnn.py")).read()
    tree, source_lines = ast.parse(source), source.splitlines()
    functions = {node.name: node for top in tree.body for node in [top, *getattr(top, "body", [])]
                 if isinstance(node, ast.FunctionDef)}

    def lines(name, mutant):  # the def line with the function's real name, as in minirnn.py
        node = functions[name]
        code = source_lines[node.lineno - 1:node.end_lineno]
        return [code[0].replace(name, function_of(mutant).split(".")[-1], 1)] + code[1:]

    changes = {}
    for mutant in mutants:
        name = mutant.split(".", 1)[1]
        diff = difflib.unified_diff(lines(name.rsplit("__mutmut_", 1)[0] + "__mutmut_orig", mutant),
                                    lines(name, mutant), n=0, lineterm="")
        changes[mutant] = tuple(squash(line) for line in diff
                                if line[:1] in "-+" and line[:3] not in ("---", "+++"))
    return changes


def equivalent_mutants():
    """{(function, changed lines): reason} from tools/mutate/equivalent_mutants.txt.

    Entries are separated by blank lines; each is a line `function: reason` and then the
    changed lines exactly as this script prints them ('- old', '+ new'). '#' starts a comment
    line."""
    entries, block = {}, []
    for line in open(EQUIVALENT).read().splitlines() + [""]:
        if line.startswith("#"):
            continue
        if line.strip():
            block.append(line.rstrip())
            continue
        if block:
            function, _, reason = block[0].partition(":")
            key = (function.strip(), tuple(squash(changed) for changed in block[1:]))
            entries[key] = reason.strip()
        block = []
    return entries


# What docs/tests.md states of a run, as patterns whose groups are the figures, in this order:
# killed, killed + survived, the score, survived (all equivalent), no tests reach, timeouts.
STATED = [r"\*\*(\d+) of the (\d+) mutants the tests reach \((\d+\.\d)%\)\*\*",
          r"the other (\d+) behave exactly like", r"(\d+) further\s+mutants are in the demo",
          r"(\d+) more make `machine_epsilon` loop forever and time out"]


def stated_figures_that_differ(killed, survived, no_tests, timeouts):
    """The figures of docs/tests.md's paragraph on mutation testing that this run contradicts, each
    as 'stated -> measured' (every one as 'not found' if the paragraph no longer reads as STATED)."""
    text = open(os.path.join(ROOT, "docs", "tests.md")).read()
    found = [re.search(pattern, text) for pattern in STATED]
    if not all(found):
        return [f"not found in docs/tests.md: {pattern}" for pattern, m in zip(STATED, found) if not m]
    stated = [g for m in found for g in m.groups()]
    measured = [str(killed), str(killed + survived), f"{100 * killed / max(killed + survived, 1):.1f}",
                str(survived), str(no_tests), str(timeouts)]
    names = ["killed", "reached", "score %", "survivors", "no test reaches", "timeouts"]
    return [f"{name}: {s} -> {m}" for name, s, m in zip(names, stated, measured) if s != m]


def main():
    shutil.rmtree(SCRATCH, ignore_errors=True)
    os.makedirs(SCRATCH)
    for name in FILES:
        if os.path.isdir(os.path.join(ROOT, name)):
            shutil.copytree(os.path.join(ROOT, name), os.path.join(SCRATCH, name))
        else:
            shutil.copy(os.path.join(ROOT, name), SCRATCH)
    with open(os.path.join(SCRATCH, "setup.cfg"), "w") as f:
        f.write(SETUP_CFG)
    os.environ.pop("MINIRNN_SLOW", None)  # the slow test would run once per mutant it reaches

    log = os.path.join(SCRATCH, "mutmut-run.log")
    print(f"mutmut run in {os.path.relpath(SCRATCH, ROOT)}/ (log: {os.path.relpath(log, ROOT)}) ...",
          flush=True)
    start = time.monotonic()
    code, output = mutmut_run(log)
    if code != 0:
        print(output[-3000:])
        sys.exit(f"mutmut run failed (exit {code}); a test failing on the unmutated "
                 f"copy may need deselecting in {os.path.relpath(__file__, ROOT)}")
    minutes, seconds = divmod(round(time.monotonic() - start), 60)

    status = {}  # mutant -> killed, survived, no tests, timeout, ...
    for line in mutmut("results", "--all", "true").stdout.splitlines():
        mutant, _, state = line.strip().rpartition(": ")
        if mutant.startswith("minirnn."):
            status[mutant] = state
    if not status:
        sys.exit("`mutmut results` listed no mutants of minirnn.py")
    count = collections.Counter(status.values())
    killed, survived = count.pop("killed", 0), count.pop("survived", 0)
    no_tests = count.pop("no tests", 0)
    print(f"{len(status)} mutants of minirnn.py in {minutes} min {seconds} s")
    print(f"score: {killed} killed / ({killed} killed + {survived} survived) = "
          f"{killed / max(killed + survived, 1):.1%} of the mutants the tests reach")
    unreached = collections.Counter(function_of(m) for m, s in status.items() if s == "no tests")
    print(f"no test reaches {no_tests}: " + ", ".join(f"{f} {n}" for f, n in sorted(unreached.items())))
    if count:
        print("other: " + ", ".join(f"{s} {n}" for s, n in sorted(count.items())))

    stale = stated_figures_that_differ(killed, survived, no_tests, count.get("timeout", 0))
    survivors = sorted(m for m, s in status.items() if s == "survived")
    changes = changed_lines(survivors)
    known = equivalent_mutants()
    matched = {(function_of(m), changes[m]) for m in survivors} & set(known)
    unexplained = [m for m in survivors if (function_of(m), changes[m]) not in known]
    print(f"{len(survivors)} survived: {len(survivors) - len(unexplained)} listed "
          f"as equivalent in tools/mutate/equivalent_mutants.txt, {len(unexplained)} unexplained")
    for key in sorted(set(known) - matched):
        print(f"  (no longer survives, remove from the list: {key[0]}: {' / '.join(key[1])})")
    for m in sorted(unexplained, key=lambda m: (function_of(m), int(m.rsplit("_", 1)[1]))):
        print(f"\n{function_of(m)}   [{m}]")
        print("\n".join(changes[m]))
    if stale:
        print("\ndocs/tests.md states figures this run did not give; write these there:")
        print("\n".join("  " + line for line in stale))
    if unexplained:
        sys.exit(f"\n{len(unexplained)} unexplained survivors: kill them with a test, or list the "
                 f"truly equivalent ones in tools/mutate/equivalent_mutants.txt. To look at one: "
                 f"cd build/mutate && ../../.venv-mutate/bin/mutmut show '<mutant>'")
    if stale:
        sys.exit(f"\n{len(stale)} figures of docs/tests.md differ from this run: update them (above)")


if __name__ == "__main__":
    main()
