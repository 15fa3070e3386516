"""Write it yourself: exercises/check.py passes a right bptt, and names each catalogued mistake
and its line.

    python3 -m pytest tests/test_exercises.py
"""
import inspect
import os
import subprocess
import sys
import types

import pytest

import minirnn
from exercises import check as bptt_checker
from exercises.mistakes import MISTAKES, correct_values
from tests.helpers import ROOT, SOURCE
from tests.patches import PATCHES, patched
from tests.track_answers import BPTT, BPTT_INJECTIONS


# ---------------------------------------------------------------------------
# Write it yourself: exercises/, a BPTT checker that names the wrong line and the mistake
# ---------------------------------------------------------------------------

EXERCISE = os.path.join(ROOT, "exercises", "2_bptt.py")

def judged(tmp_path, source):
    """(exit status, report) of exercises/check.py on a file holding source."""
    path = tmp_path / "learner.py"
    path.write_text(source)
    return bptt_checker.check(str(path))


def independent_with(patch):
    return patched(BPTT, patch)


def test_every_catalogued_mistake_is_injected_and_its_source_patches_apply():
    assert {name for name, _ in BPTT_INJECTIONS} == {m.name for m in MISTAKES}
    assert len({m.name for m in MISTAKES}) == len(MISTAKES)
    assert list(PATCHES) == [m.name for m in MISTAKES]     # tests/patches.py writes each into minirnn.py
    source = open(SOURCE).read()
    for patches in PATCHES.values():           # each old text is in minirnn.py exactly once
        for patch in [patches.plain] + [patches.fast] * bool(patches.fast) + [p for _, p in patches.same_as]:
            assert patched(source, patch) != source
    readme = open(os.path.join(ROOT, "README.md")).read()
    for mistake in MISTAKES:                   # the section to reread is there, as quoted
        quoted = mistake.reread.split('"')[1::2]
        assert f"\n## {quoted[0]}\n" in readme or f"\n### {quoted[0]}\n" in readme, mistake.reread
        assert all(words in readme for words in quoted[1:]), mistake.reread
    for _, equation in bptt_checker.EQUATIONS:  # the checker quotes minirnn's equations
        assert equation in minirnn.__doc__


@pytest.mark.parametrize("name, patch", [(name, patch) for mistake, ways in PATCHES.items()
                                         for name, patch in [(mistake, ways.plain)] + list(ways.same_as)])
def test_checker_diagnoses_the_catalogues_own_patch_of_minirnn_bptt(tmp_path, name, patch):
    # What a mistake's patch puts into minirnn.bptt is what its `computes` says it computes.
    learner = ("import math\nfrom minirnn import add, sub, mul, dot, matvec, transpose, outer, zeros,"
               " zeros_like, one_hot\n"
               + patched(inspect.getsource(minirnn.bptt), patch))
    status, report = judged(tmp_path, learner)
    diagnosis = name if name in PATCHES else \
        [mistake for mistake, patches in PATCHES.items() if (name, patch) in patches.same_as][0]
    assert status == 1 and f"\nDiagnosis: {diagnosis}.\n" in report


def test_checker_locates_an_uncatalogued_wrong_line(tmp_path):
    T = len(bptt_checker.readme_example()[1])
    status, report = judged(tmp_path, independent_with([("a_h[t][j] ** 2)", "a_h[t][j] ** 3)")]))
    assert status == 1
    assert f"  ds_{{h,t}} at t = {T}, on README's \"BPTT by hand\" example\n" in report
    assert "ds_h[t] = [da_h[t][j] * (1 - a_h[t][j] ** 3)" in report    # the learner's line
    assert "No catalogued mistake" in report and "Diagnosis" not in report


def test_checker_reports_expected_and_got_on_readmes_example(tmp_path):
    model, xs, ys, h0 = bptt_checker.readme_example()
    T = len(xs)
    _, _, a_h, _, y_hat = minirnn.forward_pass(model, xs, ys, h0)
    da_h = minirnn.bptt(model, xs, ys, a_h, y_hat)[2]
    # y_hat_t for ds_{o,t} in da_{h,t}: wrong first at t = T, where it gives V^T y_hat_T
    status, report = judged(tmp_path, independent_with([("V[k][j] * ds_o[t][k]", "V[k][j] * y_hat[t][k]")]))
    got = minirnn.matvec(minirnn.transpose(model.V), y_hat[T])
    assert status == 1 and f"  da_{{h,t}} at t = {T}, on README's" in report
    four_places = lambda v: "[" + ", ".join("%.4f" % x for x in v) + "]"  # noqa: E731
    assert f"    expected  {four_places(da_h[T])}\n" in report    # each to 4 places, as README's tables
    assert f"    got       {four_places(got)}\n" in report


def test_checker_gives_the_first_mistakes_diagnosis_when_there_are_two(tmp_path):
    # tanh' missing makes ds_{h,T} wrong first; U for U^T (da_{h,T-1}) and dU (after all the
    # steps) come later and must not change the diagnosis.
    two = independent_with([("da_h[t][j] * (1 - a_h[t][j] ** 2)", "da_h[t][j]"),
                            ("U[i][j] * ds_h[t + 1]", "U[j][i] * ds_h[t + 1]")])
    status, report = judged(tmp_path, two)
    assert status == 1 and "\nDiagnosis: tanh' missing.\n" in report
    status, report = judged(tmp_path, independent_with([     # U for U^T first, then a_{h,t} in dU
        ("U[i][j] * ds_h[t + 1]", "U[j][i] * ds_h[t + 1]"), ("* a_h[t - 1][j]", "* a_h[t][j]")]))
    assert status == 1 and "\nDiagnosis: U instead of U^T in the carried term.\n" in report
    assert "a_{h,t} where" not in report


def test_checker_names_a_transposed_gradient_as_a_wrong_shape(tmp_path):
    model = bptt_checker.readme_example()[0]
    transposed = independent_with([("return {\"W\": dW,", "return {\"W\": [list(c) for c in zip(*dW)],")])
    status, report = judged(tmp_path, transposed)
    assert status == 1
    assert (f"wrong shape: dW is n_in x n_hidden ({model.n_in} x {model.n_hidden}); it must be "
            f"n_hidden x n_in ({model.n_hidden} x {model.n_in}), the shape of W") in " ".join(report.split())
    assert "\nDiagnosis: dW transposed.\n" in report


def test_checker_reports_a_random_problem_when_readmes_example_passes(tmp_path):
    # dV made n_out x n_out: right on README's example (n_out = n_hidden), not on the others.
    model = bptt_checker.readme_example()[0]
    n_in, n_hidden, n_out, T, seed = bptt_checker.PROBES[0]
    assert model.n_out == model.n_hidden and n_out > n_hidden
    status, report = judged(tmp_path, independent_with([("dV = [[0.0] * n_h", "dV = [[0.0] * n_o")]))
    assert status == 1
    assert "It is right on README's \"BPTT by hand\" example, but not on a random problem: " \
        f"n_in = {n_in}, n_hidden = {n_hidden}, n_out = {n_out}, T = {T}, seed = {seed}. " \
        in " ".join(report.split())
    assert f"  dV, on a random problem: n_in = {n_in}" in report
    assert (f"wrong shape: dV is n_out x n_out ({n_out} x {n_out}); it must be n_out x n_hidden "
            f"({n_out} x {n_hidden}), the shape of V") in " ".join(report.split())


def test_checker_reports_the_learners_exception_without_its_own_internals(tmp_path):
    broken = independent_with([("ds_o[t] = [y_hat[t][k] -", "ds_o[t] = [y_hat[t][k + 1] -")])
    line = broken.splitlines().index(
        "        ds_o[t] = [y_hat[t][k + 1] - (k == ys[t - 1]) for k in range(n_o)]") + 1
    status, report = judged(tmp_path, broken)
    assert status == 1
    assert report.splitlines() == [
        f"{tmp_path / 'learner.py'} raised IndexError: list index out of range",
        f"  your line {line}: ds_o[t] = [y_hat[t][k + 1] - (k == ys[t - 1]) for k in range(n_o)]",
        f"  computing ds_{{o,t}} at t = {len(bptt_checker.readme_example()[1])}",
        "  while the checker was running your bptt on README's \"BPTT by hand\" example"]


def test_the_blank_template_is_not_written_yet_and_filled_in_it_is_right(tmp_path):
    status, report = bptt_checker.check(EXERCISE)
    names = [name for name, _ in bptt_checker.EQUATIONS]
    assert status == 1
    assert [line.split(": ", 1)[1].split(" (line")[0] for line in report.splitlines()
            if line.startswith("  not written yet: ")] == ["ds_{o,t}", "da_{h,t}", "ds_{h,t}",
                                                           "dV", "db_o", "dW", "dU", "db_h", "dh0"]
    assert sorted(names) == sorted(line.split("# ")[-1].strip() for line in open(EXERCISE)
                                   if " = ...  # " in line)
    # filled in with minirnn.bptt's own lines, and nothing else changed, it is right
    code = {line.split(" = ")[0].strip(): line.split(" = ", 1)[1]
            for line in inspect.getsource(minirnn.bptt).splitlines() if " = " in line}
    filled = [line.split(" = ")[0] + " = " + code[line.split(" = ")[0].strip()] if " = ...  # " in line
              else line for line in open(EXERCISE).read().splitlines()]
    assert judged(tmp_path, "\n".join(filled))[0] == 0


def template_with(tmp_path, **lines):
    """exercises/2_bptt.py with the named lines written (ds_o="..." is ds_o[t]; True: minirnn's
    own right-hand side), the rest left `...`; the path of the file."""
    code = {line.split(" = ")[0].strip(): line.split(" = ", 1)[1]
            for line in inspect.getsource(minirnn.bptt).splitlines() if " = " in line}
    rhs = {f"{name}[t]" if name in ("ds_o", "da_h", "ds_h") else name: code[
        f"{name}[t]" if name in ("ds_o", "da_h", "ds_h") else name] if text is True else text
        for name, text in lines.items()}
    written = [line.split(" = ")[0] + " = " + rhs[line.split(" = ")[0].strip()]
               if " = ...  # " in line and line.split(" = ")[0].strip() in rhs else line
               for line in open(EXERCISE).read().splitlines()]
    path = tmp_path / "bptt.py"
    path.write_text("\n".join(written) + "\n")
    return str(path)


def test_checker_judges_the_lines_written_while_others_are_blank(tmp_path):
    status, report = bptt_checker.check(template_with(tmp_path, ds_o=True))
    assert status == 1 and "What is written is right so far: ds_{o,t}.\n" in report
    assert "not written yet: da_{h,t}" in report and "not written yet: ds_{o,t}" not in report
    # a wrong line among blanks: named and diagnosed, and what is left still listed
    status, report = bptt_checker.check(template_with(
        tmp_path, ds_o="sub(one_hot(y_t, len(V)), y_hat[t])", dV=True))
    assert status == 1 and "\nDiagnosis: ds_o's sign flipped.\n" in report
    assert "not written yet: dh0" in report and "not written yet: dV" not in report
    # a line after a blank, reading it: judged with the blank's right value
    status, report = bptt_checker.check(template_with(tmp_path, ds_h="da_h[t]"))
    assert status == 1 and "\nDiagnosis: tanh' missing.\n" in report
    # right on README's example (n_out = 2) is not enough: the random problems judge it too
    status, report = bptt_checker.check(template_with(tmp_path, ds_o="sub(y_hat[t], one_hot(y_t, 2))"))
    assert status == 1 and "but not on a random problem" in " ".join(report.split())


def test_checker_says_what_a_wrong_shape_came_from(tmp_path):
    model, xs = bptt_checker.readme_example()[:2]
    rows = model.n_out * (len(xs) + 1)                          # zeros_like(V), then a share per step
    path = template_with(tmp_path)
    source = open(path).read().replace("dV = ...  # dV", "dV += outer(ds_o[t], a_h[t])")
    status, report = judged(tmp_path, source)
    assert status == 1 and f"wrong shape: dV has {rows} rows: `+=` on lists appends; use dV = add(dV, ...)" \
        in " ".join(report.split())
    status, report = bptt_checker.check(template_with(tmp_path, dW="add(dW, outer(x_t, ds_h[t]))"))
    assert status == 1 and "It stopped at a wrong shape:" in " ".join(report.split())
    assert (f"step t's share of dW is n_in x n_hidden ({model.n_in} x {model.n_hidden}): the transpose "
            f"of what it should be, n_hidden x n_in ({model.n_hidden} x {model.n_in})") \
        in " ".join(report.split())
    assert "\nDiagnosis: dW transposed.\n" in report and "n_in x n_in" not in report
    # the sums come in the order of their lines: dV and db_o are before dW
    status, report = judged(tmp_path, independent_with([("* xs[t - 1][j]", "* xs[t - 1][j] * 2")]))
    assert "Right before it: ds_{o,2}, da_{h,2}, ds_{h,2}, ds_{o,1}, da_{h,1}, ds_{h,1}, dV, db_o." \
        in " ".join(report.split())


def test_checker_diagnoses_dh0_taken_at_any_later_step():
    model, xs, ys, h0 = bptt_checker.random_problem(3, 4, 2, 5, 7)
    _, _, a_h, _, y_hat = minirnn.forward_pass(model, xs, ys, h0)
    c = correct_values(model, xs, ys, a_h, y_hat, *minirnn.bptt(model, xs, ys, a_h, y_hat)[1:])
    for k in range(2, len(xs) + 1):                             # ds_{h,2} ... ds_{h,T}
        got = minirnn.matvec(minirnn.transpose(model.U), c.ds_h[k])
        assert bptt_checker.diagnosis(c, "dh0", None, got).name == "dh0 taken at the wrong step"


def run_checker(*args):
    result = subprocess.run([sys.executable] + list(args), cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    return result.returncode, result.stdout.decode() + result.stderr.decode()


def test_checker_exit_statuses(tmp_path):
    files = {"right.py": BPTT, "wrong.py": independent_with(BPTT_INJECTIONS[0][1]),
             "no_bptt.py": "def backprop():\n    pass\n", "syntax.py": "def bptt(model:\n"}
    for name, source in files.items():
        (tmp_path / name).write_text(source)
    checker = os.path.join("exercises", "check.py")
    statuses = {name: run_checker(checker, str(tmp_path / name))[0] for name in files}
    assert statuses == {"right.py": 0, "wrong.py": 1, "no_bptt.py": 2, "syntax.py": 2}
    status, output = run_checker(EXERCISE)                   # the exercise checks itself
    assert status == 1 and "not written yet: da_{h,t}" in output
    assert run_checker(checker)[0] == 2                      # no FILE


def test_a_copy_of_the_exercise_runs_from_the_repository_or_says_how(tmp_path):
    copy = tmp_path / "mine.py"
    copy.write_text(open(EXERCISE).read())
    status, output = run_checker(str(copy))                  # from the repository's folder
    assert status == 1 and "not written yet: da_{h,t}" in output
    result = subprocess.run([sys.executable, str(copy)], cwd=str(tmp_path), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert result.returncode == 2 and result.stdout.decode() == (
        "cannot find minirnn.py: run python3 exercises/check.py YOURFILE from the minirnn folder\n")


def test_readme_shows_the_checkers_real_output(tmp_path):
    # README's example of a report: exercises/2_bptt.py filled in, with U for U^T in the carried term.
    readme = open(os.path.join(ROOT, "README.md")).read()
    section = readme[readme.index("## Write it yourself\n"):]
    blocks = ["python3 exercises/2_bptt.py\n"] + section.split("```\n")[1:2]   # the command, a report
    assert "`python3 exercises/2_bptt.py`" in section
    code = {line.split(" = ")[0].strip(): line.split(" = ", 1)[1]
            for line in inspect.getsource(minirnn.bptt).splitlines() if " = " in line}
    code["da_h[t]"] = code["da_h[t]"].replace("matvec(transpose(U), ds_h[t + 1])", "matvec(U, ds_h[t + 1])")
    filled = [line.split(" = ")[0] + " = " + code[line.split(" = ")[0].strip()] if " = ...  # " in line
              else line for line in open(EXERCISE).read().splitlines()]
    status, blank = run_checker(EXERCISE)
    learner = tmp_path / "bptt.py"
    learner.write_text("\n".join(filled) + "\n")
    report = bptt_checker.check(str(learner))[1].replace(str(learner), "exercises/2_bptt.py")
    assert blocks[0] == "python3 exercises/2_bptt.py\n"
    quoted = section.split("those left (\"")[1].split("\")")[0].replace("\n", " ")
    assert quoted in blank.splitlines()[2]                   # the blank template's own words
    assert blocks[1] == report + "\n"


# ---------------------------------------------------------------------------
# Nothing fools it: an input changed, exit, a loop that never ends, printing, other sequences,
# other encodings; an entry never written is explained by its cause
# ---------------------------------------------------------------------------

def written(tmp_path, **lines):
    """exercises/2_bptt.py with every line written: minirnn's own right-hand side, or the text given."""
    every = {name: True for name in ("ds_o", "da_h", "ds_h", "dV", "db_o", "dW", "dU", "db_h", "dh0")}
    return template_with(tmp_path, **dict(every, **lines))


def flat(report):
    return " ".join(report.split())


CHANGES = [  # (the input entry changed first, in INPUTS' order; the statement that changes it)
    ("y_hat[1][1]", "        for k in range(n_o):\n            ds_o[t][k] -= (k == ys[t - 1])",
     [("ds_o[t] = [y_hat[t][k] - (k == ys[t - 1]) for k in range(n_o)]", "ds_o[t] = y_hat[t]")]),
    ("a_h[1][0]", "    a_h[1][0] = 0.0", []),
    ("U[0][0]", "    U[0][0] = 0.0", []),
    ("b_o[1]", "    model.b_o[1] += 1.0", []),
    ("xs[0][0]", "    xs[0][0] = 0.0", []),
    ("ys[0]", "    ys[0] = 5", []),
    ("ys", "    ys.append(0)", []),                    # longer, not different
]


@pytest.mark.parametrize("entry, statement, patch", CHANGES, ids=[entry for entry, _, _ in CHANGES])
def test_a_bptt_that_changes_its_input_is_wrong_and_the_line_is_named(tmp_path, entry, statement, patch):
    where = ("        ds_o[t] = y_hat[t]\n", "        ds_o[t] = y_hat[t]\n" + statement + "\n") if patch \
        else ("    return {", statement + "\n    return {")
    source = patched(independent_with(patch), [where])
    status, report = judged(tmp_path, source)
    model, xs, ys, h0 = bptt_checker.readme_example()
    _, _, a_h, _, y_hat = minirnn.forward_pass(model, xs, ys, h0)
    assert status == 1 and flat(report).startswith(f"{tmp_path / 'learner.py'}: wrong. Your bptt changed its "
                                                   f"input {entry} (it was ")
    line = statement.splitlines()[-1]
    assert f"\n  your line {source.splitlines().index(line) + 1}: {line.strip()}\n" in report
    if entry == "ys":
        assert "changed its input ys (it was [1, 0], it is now [1, 0, 0])" in flat(report)
    if entry == "y_hat[1][1]":                   # the numbers it had and has
        assert f"(it was {y_hat[1][1]:.4f}, it is now {y_hat[1][1] - 1:.4f})" in flat(report)


def in_child(tmp_path, source, call_limit=30, check_limit=60, name="learner.py"):
    path = tmp_path / name
    path.write_text(source)
    return bptt_checker.check_in_child(str(path), call_limit, check_limit)


AT_LOAD = "import os, sys, time\n"
IN_BPTT = ("    W, U, V = model.W, model.U, model.V",
           "    import os, sys, time\n    W, U, V = model.W, model.U, model.V")


@pytest.mark.parametrize("code, status, words", [
    ("exit(3)", 1, "Your bptt called exit(3) while the checker was running your bptt on README's"),
    ("sys.exit()", 1, "Your bptt called exit() while the checker was running your bptt on"),
    ("os._exit(0)", 1, "The process ended (exit status 0) while the checker was running your bptt on"),
    ("os.kill(os.getpid(), 9)", 1, "The process ended (killed by signal 9) while the checker was running"),
    ("print('right.'); os._exit(0)", 1, "The process ended (exit status 0) while the checker was running"),
    ("while True: pass", 1, "stopped. Your code had not returned after 0.3 s while the checker was "
                            "running your bptt on README's \"BPTT by hand\" example"),
])
def test_nothing_bptt_does_ends_or_hangs_the_check(tmp_path, code, status, words):
    source = patched(BPTT, [(IN_BPTT[0], IN_BPTT[1] + "\n    " + code)])
    got, report, _ = in_child(tmp_path, source, call_limit=0.3)
    assert (got, "right" in report.split(".")[0]) == (status, False) and words in flat(report)
    assert "Traceback" not in report


@pytest.mark.parametrize("code, words", [
    ("exit(3)", "cannot judge. It called exit(3) while the checker was loading"),
    ("os._exit(1)", "cannot judge. The process ended (exit status 1) while the checker was loading"),
    ("while True: pass", "stopped. Your code had not returned after 0.3 s while the checker was loading"),
])
def test_nothing_the_file_does_on_loading_ends_or_hangs_the_check(tmp_path, code, words):
    status, report, _ = in_child(tmp_path, AT_LOAD + code + "\n" + BPTT, call_limit=0.3)
    assert status == 2 and words in flat(report)


# How many times slower than in plain `make test` the checker's child runs: make mutate sets it
# (tools/mutate/mutate.py), where the child starts mutmut's instrumented copy, too slowly for a
# whole check's limit of 1.5 s. The test that needs it scales its limits and its sleep by it.
SLOWER = float(os.environ.get("MINIRNN_SLOWER", "1"))


def test_the_whole_check_ends_within_its_limit_and_printing_is_cut(tmp_path):
    # 0.5 s a call, over 5 calls at least: still in bptt at 1.5 s, however slowly the child starts
    slow = patched(BPTT, [(IN_BPTT[0], IN_BPTT[1] + f"\n    time.sleep({0.5 * SLOWER})")])
    status, report, _ = in_child(tmp_path, slow, call_limit=5 * SLOWER, check_limit=1.5 * SLOWER)
    assert status == 1 and f"stopped. The check had not ended after {1.5 * SLOWER:g} s (it was running " \
        "your bptt" in flat(report)
    loud = patched(BPTT, [(IN_BPTT[0], IN_BPTT[1] + "\n    print('x' * 99999)")])  # 100 KB a call
    status, report, printed = in_child(tmp_path, loud)
    calls = 1 + len(bptt_checker.PROBES)
    assert status == 0 and report.startswith(f"{tmp_path / 'learner.py'}: right.")
    assert printed == "x" * bptt_checker.SHOWN_OUTPUT + \
        f"\n[... and {calls * 100000 - bptt_checker.SHOWN_OUTPUT} more bytes your code printed, not shown]\n"


def test_main_prints_what_the_code_printed_then_the_verdict(tmp_path, capsys):
    source = patched(BPTT, [(IN_BPTT[0], IN_BPTT[1] + "\n    print('hi')")])
    (tmp_path / "learner.py").write_text(source)
    assert bptt_checker.main([str(tmp_path / "learner.py")]) == 0
    assert capsys.readouterr().out.startswith("hi\nhi\nhi\nhi\n" + f"{tmp_path / 'learner.py'}: right.\n")


def test_results_are_judged_by_value_in_any_sequence(tmp_path):
    other_kinds = independent_with([("    return {", "    import array\n    dU, dV = tuple(map(tuple, dU)), "
                                                   "[tuple(row) for row in dV]\n"
                                                   "    db_h = array.array('d', db_h)\n"
                                                   "    ds_o = tuple(ds_o)\n    return {")])
    assert judged(tmp_path, other_kinds)[0] == 0
    assert bptt_checker.core.same([1, 0], [1.0, 0.0]) and bptt_checker.core.plain(range(2)) == [0.0, 1.0]
    assert not bptt_checker.core.same([True, 0], [1.0, 0.0]) and not bptt_checker.core.same([], [])


def test_files_are_read_as_python_reads_them(tmp_path):
    path = tmp_path / "learner.py"
    path.write_bytes(b"\xef\xbb\xbf" + BPTT.encode())                      # a byte-order mark
    assert bptt_checker.check(str(path))[0] == 0
    path.write_bytes(b"# -*- coding: latin-1 -*-\n# caf\xe9\n" + BPTT.encode())
    assert bptt_checker.check(str(path))[0] == 0
    path.write_bytes(b"# caf\xe9\n" + BPTT.encode())                       # not UTF-8, no coding line
    status, report = bptt_checker.check(str(path))
    assert status == 2 and report.startswith(f"cannot read {path}: ")


ABSENT = [  # (the exercise with this change, what the report says about the entry never written)
    ([("    ds_h[T + 1] = zeros(len(U))", "    pass")],
     "da_{h,t} at t = 2 reads ds_h[t + 1], which is None: ds_h[T + 1] is never written. The carried term "
     "starts from ds_{h,T+1} = 0: README, \"BPTT, line by line\", line 2"),
    ([("for t in range(T, 0, -1):", "for t in range(1, T + 1):")],
     "da_{h,t} at t = 1 reads ds_h[t + 1], which is None: step 2 is not done yet. Step t needs step t + 1's "
     "ds_{h,t+1}, so the loop runs from T down to 1: README, \"BPTT, line by line\", \"Why the loop runs"),
    ([("for t in range(T, 0, -1):", "for t in range(T, -1, -1):")],
     "ds_{o,t} at t = 0 reads y_hat[t], which is None: there is no step 0."),
    ([("for t in range(T, 0, -1):", "for t in range(T, 1, -1):")],
     "dh0 (after the loop, t = 2) reads ds_h[1], which is None: step 1 was never done. Your loop ended at "
     "t = 2; it must run t = T, T-1, ..., 1"),
]


@pytest.mark.parametrize("patch, words", ABSENT, ids=["no start", "forwards", "to t = 0", "stops at 2"])
def test_an_entry_never_written_is_explained_by_its_cause(tmp_path, patch, words):
    source = patched(open(written(tmp_path)).read(), patch)
    status, report = judged(tmp_path, source)
    assert status == 1 and words in flat(report)
    given = patch[0][0].strip()                              # and the given line changed is named
    assert f"the exercise gives `{given}`" in flat(report) or \
        f"not in your file as given: `{given}`" in flat(report)


def test_an_entry_read_before_its_line_or_never_written_is_named(tmp_path):
    ds_o_line = "        ds_o[t] = [y_hat[t][k] - (k == ys[t - 1]) for k in range(n_o)]\n"
    loop = "        for i in range(n_h):\n"
    late = patched(BPTT, [(ds_o_line, ""), (loop, ds_o_line + loop)])
    status, report = judged(tmp_path, late)
    assert status == 1 and \
        "da_{h,t} at t = 2 reads ds_o[t], which is None: this step's ds_o is not computed yet." \
        in flat(report)
    short = independent_with([("for t in range(T, 0, -1):", "for t in range(T, 1, -1):"),
                              ("ds_h[1][i]", "ds_h[2][i]")])
    status, report = judged(tmp_path, short)
    assert status == 1 and "  ds_{o,t} at t = 1, on README's" in report
    assert "never written: ds_o[1] is None: your loop wrote ds_o at t = 2 only; the loop must " \
        "reach every step" \
        in flat(report)
    zero = independent_with([("dV[k][j] +=", "dV[k][j] ="), ("    ds_h[T + 1] = [0.0] * n_h\n",
                                                          "    ds_h[T + 1] = [0.0] * n_h\n"
                                                          "    ds_o[0] = [0.0] * n_o\n")])
    status, report = judged(tmp_path, zero)
    assert status == 1 and "\nDiagnosis: a gradient overwritten instead of summed over t.\n" in report
    assert "Your bptt also wrote ds_o[0], at t = 0: there is no step 0." in flat(report)


def test_the_first_wrong_quantity_is_named_first_even_when_bptt_stops_later(tmp_path):
    path = written(tmp_path, ds_o="sub(one_hot(y_t, len(V)), y_hat[t])", dW="add(dW, outer(x_t, ds_h[t]))")
    status, report = bptt_checker.check(path)
    line = [n for n, text in enumerate(open(path), 1) if text.strip().startswith("dW = ")][0]
    assert status == 1
    assert report.splitlines()[1] == "  ds_{o,t} at t = 2, on README's \"BPTT by hand\" example"
    assert "\nDiagnosis: ds_o's sign flipped.\n" in report
    assert "(After it, your bptt stopped at a wrong shape: add(...) of terms of two shapes, on your " \
        f"line {line}.)" \
        in flat(report)
    crash = independent_with([("(k == ys[t - 1]) for", "(k == ys[t - 1]) * 2 for"),
                              ("for j in range(n_x):", "for j in range(n_x + 1):")])
    status, report = judged(tmp_path, crash)
    assert report.splitlines()[1].startswith("  ds_{o,t} at t = 2, on")
    assert "(After it, your bptt raised IndexError" in report


def test_a_given_line_changed_is_named_with_what_it_sets(tmp_path):
    source = open(written(tmp_path)).read().replace("T = len(xs)  ", "T = len(ys)  ")
    status, report = judged(tmp_path, source)
    line = [n for n, text in enumerate(source.splitlines(), 1) if "T = len(ys)" in text][0]
    assert status == 0 and f"Your line {line} is a given line changed: `T = len(ys)` where the " \
        "exercise gives " \
        "`T = len(xs)`, which sets T, the number of steps." in flat(report)
    assert "given line" not in judged(tmp_path, BPTT)[1]  # a file that is no copy of the exercise


# ---------------------------------------------------------------------------
# Its tolerances, and the worked example it quotes
# ---------------------------------------------------------------------------

def test_values_are_equal_but_for_rounding_and_nothing_more(tmp_path):
    close = bptt_checker.core.close
    assert close(1.0, 1.0 + 5e-9) and not close(1.0, 1.0 + 2e-8) and close(-1.0, -1.0 - 5e-9)
    assert close(0.0, 5e-11) and not close(0.0, 2e-10) and not close(float("nan"), float("nan"))
    ok = judged(tmp_path, independent_with([("* a_h[t][j]\n", "* a_h[t][j] * (1 + 1e-12)\n")]))
    assert ok[0] == 0
    status, report = judged(tmp_path, independent_with([("* a_h[t][j]\n", "* a_h[t][j] * (1 + 1e-6)\n")]))
    assert status == 1 and "  dV, on README's" in report    # four places show no gap: twelve do
    assert [len(number.split(".")[1]) for number in report.split("    got       ")[1].split("\n")[0]
            .replace("[", "").replace("]", "").split(", ")] == [12] * 4


def test_finite_differences_catch_a_gradient_off_by_more_than_rounding():
    model, xs, ys, h0 = bptt_checker.readme_example()
    _, _, a_h, _, y_hat = minirnn.forward_pass(model, xs, ys, h0)
    result = minirnn.bptt(model, xs, ys, a_h, y_hat)
    differences = bptt_checker.core.finite_differences
    assert differences(result, model, xs, ys, h0) is None
    for key, index in [("W", (1, 0)), ("U", (0, 1)), ("V", (1, 1)), ("b_h", (1,)), ("b_o", (0,)),
                       ("h0", (1,))]:
        for off, caught in [(1e-9, False), (1e-4, True)]:
            grads = {name: [list(row) if isinstance(row, list) else row for row in value]
                     for name, value in result[0].items()}
            row = grads[key][index[0]] if len(index) == 2 else grads[key]
            row[index[-1]] += off
            said = differences((grads,) + result[1:], model, xs, ys, h0)
            assert (said is not None) == caught
            if caught:
                quantity = {"h0": "dh0"}.get(key, "d" + key)
                at = "][".join(map(str, index))
                assert said.startswith(f"{quantity}[{at}] is {row[index[-1]]:.6g}, but "
                                       "finite differences of L give ")


def test_readme_shows_the_worked_example_the_checker_owns():
    readme = open(os.path.join(ROOT, "README.md")).read()
    section = readme[readme.index("\n## BPTT by hand\n"):readme.index("\n## Write it yourself\n")]
    core = bptt_checker.core
    for name in ("W", "U", "V", "b_h", "b_o"):              # the weights as README lists them
        assert f"{name} = {core.EXAMPLE_MODEL[name]}" in section
    for t, (x, y) in enumerate(zip(core.EXAMPLE_XS, core.EXAMPLE_YS), 1):
        assert f"x_{t} = {x}" in section and f"y_{t} = {y}" in section
    assert f"h0 = a_{{h,0}} = {core.EXAMPLE_H0}" in section
    assert "n_in = {n_in}, n_hidden = {n_hidden}, n_out = {n_out}, T = ".format(**core.EXAMPLE_MODEL) + \
        f"{len(core.EXAMPLE_XS)}," in section
    doctest = section.split("```python\n")[1].split("\n```")[0]  # and its doctest builds the same problem
    code = "\n".join(line[4:] for line in doctest.splitlines() if line.startswith((">>> ", "... ")))
    namespace = {}
    exec(code.split("\nL, ")[0], namespace)
    model, xs, ys, h0 = core.readme_example()
    assert namespace["model"].to_dict() == model.to_dict()
    assert (namespace["xs"], namespace["ys"], namespace["h0"]) == (xs, ys, h0)


def test_the_core_alone_gives_the_verdicts_check_py_gives(tmp_path):
    # What a runtime without ast or tracebacks (MicroPython, the page) gets from exercises/judge.py
    # with no line numbers: the same status and diagnosis, for each catalogued mistake's patch.
    header = ("import math\nfrom minirnn import add, sub, mul, dot, matvec, transpose, outer, zeros,"
              " zeros_like, one_hot\n")
    for name, patch in [("right", [])] + [(name, ways.plain) for name, ways in PATCHES.items()]:
        source = header + patched(inspect.getsource(minirnn.bptt), patch)
        namespace = {}
        exec(source, namespace)
        status, report = bptt_checker.core.judge(namespace, (), bptt_checker.core.Source("learner.py"))
        full_status, full_report = judged(tmp_path, source)
        diagnoses = [line for line in report.splitlines() if line.startswith("Diagnosis: ")]
        assert (status, diagnoses) == (full_status, [line for line in full_report.splitlines()
                                                     if line.startswith("Diagnosis: ")]), name
        assert status == (0 if name == "right" else 1) and "your line" not in report


def test_code_that_changes_minirnn_or_raises_oddly_is_never_right(tmp_path, monkeypatch):
    monkeypatch.setattr(minirnn, "bptt", minirnn.bptt)       # put back after the test
    status, report = judged(tmp_path, patched(BPTT, [(IN_BPTT[0], "    raise KeyboardInterrupt")]))
    assert status == 1 and "raised KeyboardInterrupt" in report
    mute = "class Mute(Exception):\n    def __str__(self):\n        raise ValueError\n" + BPTT
    status, report = judged(tmp_path, patched(mute, [(IN_BPTT[0], "    raise Mute()")]))
    assert status == 1 and "raised Mute: (its message cannot be shown)" in report
    wrong = independent_with([("dh0 = [sum(", "dh0 = [2 * sum(")])
    status, report = judged(tmp_path, "import minirnn\n" + wrong + "minirnn.bptt = bptt\n")  # the reference!
    assert status == 1 and "Your code changed minirnn's bptt" in flat(report)


def test_numbers_that_claim_to_equal_anything_are_judged_by_the_number_they_hold(tmp_path):
    liar = ("class Liar(float):\n    __eq__ = __le__ = __lt__ = lambda self, other: True\n"
            "    __sub__ = __rsub__ = __abs__ = lambda self, *other: 0.0\n" + BPTT)
    status, report = judged(tmp_path, patched(liar, [(
        "dh0 = [sum(U[i][j] * ds_h[1][i] for i in range(n_h)) for j in range(n_h)]",
        "dh0 = [Liar(0.0) for j in range(n_h)]")]))
    assert status == 1 and "dh0" in report.splitlines()[1]


def test_the_random_problems_are_what_they_must_be_for_nothing_to_fit_them():
    # sizes that all differ, so a transpose shows as a shape; T >= 3; h0 never zero; targets of
    # more than one class; weights in [-1.5, 1.5] and inputs in [-1, 1], drawn alike on any runtime
    for n_in, n_hidden, n_out, T, seed in bptt_checker.PROBES:
        model, xs, ys, h0 = bptt_checker.random_problem(n_in, n_hidden, n_out, T, seed)
        assert len({n_in, n_hidden, n_out}) == 3 and T >= 3 and (model.n_in, model.n_out) == (n_in, n_out)
        assert len(xs) == len(ys) == T and len(set(ys)) > 1 and all(0 <= y < n_out for y in ys)
        assert all(0 < abs(h) <= 0.9 for h in h0) and len(h0) == n_hidden
        weights = [w for _, value in model.params() for row in value for w in (row if isinstance(row, list)
                                                                                 else [row])]
        assert all(abs(w) <= 1.5 for w in weights) and max(abs(w) for w in weights) > 1.0
        assert all(abs(x) <= 1.0 for x_t in xs for x in x_t) and len(set(weights)) == len(weights)
        again = bptt_checker.random_problem(n_in, n_hidden, n_out, T, seed)
        assert again[0].to_dict() == model.to_dict() and again[1:] == (xs, ys, h0)


def test_finite_differences_keep_a_broken_reference_from_passing_its_own_mistake(tmp_path, monkeypatch):
    # Were minirnn.bptt wrong, a learner who wrote the same mistake would match it value for value:
    # the finite differences of minirnn's loss still say wrong.
    module = types.ModuleType("broken")
    exec(patched(open(SOURCE).read(), PATCHES["tanh' missing"].plain), module.__dict__)
    monkeypatch.setattr(minirnn, "bptt", module.bptt)
    monkeypatch.setitem(bptt_checker.core.REFERENCE, "bptt", module.bptt)
    status, report = judged(tmp_path, independent_with(BPTT_INJECTIONS[4][1]))
    assert BPTT_INJECTIONS[4][0] == "tanh' missing" and status == 1
    assert "wrong on README's \"BPTT by hand\" example: " in report
    assert ", but finite differences of L give " in report


def test_reports_name_the_file_as_given_from_the_folder_it_runs_in(tmp_path, monkeypatch):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "learner.py").write_text(BPTT)
    monkeypatch.chdir(tmp_path)
    assert bptt_checker.check(str(tmp_path / "mine" / "learner.py"))[1].startswith(
        os.path.join("mine", "learner.py") + ": right.")
    monkeypatch.chdir(tmp_path / "mine")
    assert bptt_checker.check("../mine/learner.py")[1].startswith("learner.py: right.")


def test_arithmetic_on_lists_is_named_as_what_it_is(tmp_path):
    joined = written(tmp_path, da_h="matvec(transpose(V), ds_o[t]) + matvec(transpose(U), ds_h[t + 1])")
    status, report = bptt_checker.check(joined)
    model = bptt_checker.readme_example()[0]
    assert status == 1 and report.splitlines()[1].startswith("  da_{h,t} at t = 2, on")
    assert f"wrong shape: da_{{h,t}} has {2 * model.n_hidden} entries, lists joined end to end: `+` on " \
        "lists joins them; add them with add(u, v)" in flat(report)
    status, report = bptt_checker.check(written(tmp_path, dV="dV + outer(ds_o[t], a_h[t])"))
    rows = model.n_out * (len(bptt_checker.readme_example()[1]) + 1)  # zeros_like(V), then a share per step
    assert status == 1 and f"dV has {rows} rows, lists joined end to end" in flat(report)
    for line in ({"ds_o": "y_hat[t] - one_hot(y_t, len(V))"}, {"ds_h": "mul(da_h[t], 1 - a_h[t] ** 2)"}):
        status, report = bptt_checker.check(written(tmp_path, **line))
        assert status == 1 and "Python's lists do no arithmetic: + joins them, and -, * and ** fail." \
            in flat(report)
    assert "lists do no arithmetic" not in judged(tmp_path, patched(BPTT, [
        (IN_BPTT[0], "    raise TypeError('a list')")]))[1]


def test_an_entry_read_at_the_wrong_index_says_which_one_belongs(tmp_path):
    status, report = bptt_checker.check(written(
        tmp_path, da_h="add(matvec(transpose(V), ds_o[t]), matvec(transpose(U), ds_h[t]))"))
    assert status == 1 and "da_{h,t} at t = 2 reads ds_h[t], which is None: the carried term is " \
        "U^T ds_{h,t+1}, step t + 1's, done already" in flat(report)
    status, report = bptt_checker.check(written(tmp_path, dW="add(dW, outer(ds_h[t], xs[t]))"))
    assert status == 1 and "\n  computing step t = 2's share of dW\n" in report
    assert "dW at t = 2 reads xs[t], which is not there (xs has 2 entries): xs and ys count from 0, so " \
        "x_t is xs[t - 1]" in flat(report)


@pytest.mark.parametrize("name, patch", [(name, patch) for name, patch in BPTT_INJECTIONS
                                         if name.endswith(" where ds_{h,t} belongs")])
def test_a_sum_of_the_wrong_gradient_quotes_the_reported_quantitys_equation(tmp_path, name, patch):
    status, report = judged(tmp_path, independent_with(patch))
    quantity = report.split("The first wrong quantity")[1].split("\n")[1].split()[0].rstrip(",")
    assert status == 1 and f"\nDiagnosis: {name}.\n" in report, report
    diagnosis = " ".join(report.split("Diagnosis:")[1].split())
    assert dict(bptt_checker.core.EQUATIONS)[quantity] in diagnosis, report
