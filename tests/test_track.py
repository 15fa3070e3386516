"""The track of five exercises (README, "Write it yourself"): each starting file, its checker's
verdict on an answer written independently, and each catalogued mistake named.

    python3 -m pytest tests/test_track.py
"""
import inspect
import os
import subprocess
import sys
import types

import pytest

from exercises import check, judge, mistakes
import minirnn
from exercises.mistakes import FORWARD_MISTAKES, GRADIENT_CHECK_MISTAKES, LOOP_MISTAKES, TRAINING_MISTAKES
from tests.helpers import ROOT
from tests.track_answers import (BPTT_LINES, BPTT_LOOP, FORWARD, FORWARD_INJECTIONS, GRADIENT_CHECK,
                                 GRADIENT_CHECK_INJECTIONS, LOOP_INJECTIONS, LOOP_LINES, OWN_BPTT, TRAIN,
                                 TRAIN_INJECTIONS, filled_source, injection)
from tests.patches import patched


def track_file(name):
    return os.path.join(ROOT, "exercises", name)


def judged(tmp_path, source, name="learner.py"):
    """(exit status, report) of exercises/check.py on a file holding source."""
    path = tmp_path / name
    path.write_text(source)
    return check.check(str(path))


def diagnoses(report):
    return [line[len("Diagnosis: "):-1] for line in report.splitlines() if line.startswith("Diagnosis: ")]


def filled(template, lines):
    """The starting file with each `X = ...  # comment` line given its right-hand side from lines."""
    return filled_source(open(track_file(template)).read(), lines)


# ---------------------------------------------------------------------------
# Exercise 1: the forward pass
# ---------------------------------------------------------------------------



def test_every_forward_pass_mistake_of_the_catalogue_is_injected():
    assert sorted({name for name, _ in FORWARD_INJECTIONS}) == sorted(m.name for m in FORWARD_MISTAKES)
    assert len(FORWARD_MISTAKES) >= 5


def test_the_forward_pass_report_shows_expected_and_got_on_readmes_example(tmp_path):
    status, report = judged(tmp_path, patched(FORWARD, injection(FORWARD_INJECTIONS, "tanh left out")))
    assert report.splitlines()[1:5] == [
        "  a_{h,t} at t = 1, on README's \"BPTT by hand\" example",
        "    equation  a_{h,t} = tanh(s_{h,t})",
        "    expected  [0.5784, -0.2070]",                       # README's table, t = 1
        "    got       [0.6600, -0.2100]"]                       # s_{h,1}, not squashed
    # an overflow is shown on the shifted problem only: README's example is right
    softmax = injection(FORWARD_INJECTIONS, "softmax without its max taken out")
    status, report = judged(tmp_path, patched(FORWARD, softmax))
    assert "It is right on README's \"BPTT by hand\" example, but not on a random problem " \
           "with one score 1000 above the rest" in " ".join(report.split())


FORWARD_LINES = {"s_h[t]": "add(matvec(W, x_t), matvec(U, a_h[t - 1]), b_h)", "a_h[t]": "tanh(s_h[t])",
                 "s_o[t]": "add(matvec(V, a_h[t]), b_o)", "y_hat[t]": "softmax(s_o[t])",
                 "L_t": "-math.log(y_hat[t][y_t])", "L": "L + L_t",
                 "return": "[e / sum(math.exp(v - max(z)) for v in z)\n"
                           "            for e in [math.exp(v - max(z)) for v in z]]"}


def test_the_forward_pass_template_is_unfinished_and_filled_in_is_right(tmp_path):
    status, report = check.check(track_file("1_forward_pass.py"))
    assert status == 1 and [line.split(": ")[1].split(" (line")[0] for line in report.splitlines()
                            if line.startswith("  not written yet: ")] == [
        "softmax(z)", "s_{h,t}", "a_{h,t}", "s_{o,t}", "y_hat_t", "L_t", "L"]
    source = filled("1_forward_pass.py", FORWARD_LINES).replace(
        "return ...  # softmax(z)", "return " + FORWARD_LINES["return"])
    assert judged(tmp_path, source)[0] == 0
    # the lines written are judged while others are blank, with the blanks' right values
    partly = source.replace("a_h[t] = tanh(s_h[t])", "a_h[t] = ...  # a_{h,t}").replace(
        "L = L + L_t", "L = L_t")
    status, report = judged(tmp_path, partly)
    assert status == 1 and diagnoses(report) == ["L overwritten instead of summed over t"]
    assert "not written yet: a_{h,t}" in report
    status, report = judged(tmp_path, partly.replace("L = L_t", "L = L + L_t"))
    assert status == 1 and "What is written is right so far: s_{h,t}, s_{o,t}, y_hat_t, L_t, L." in report


def test_the_exercises_run_themselves_with_the_checkers_exit_statuses(tmp_path):
    for name in sorted(os.listdir(os.path.join(ROOT, "exercises"))):
        if name[0].isdigit():
            result = subprocess.run([sys.executable, track_file(name)], cwd=ROOT, stdout=subprocess.PIPE)
            assert result.returncode == 1 and b"not written yet: " in result.stdout, name
    (tmp_path / "right.py").write_text(FORWARD)
    checker = os.path.join("exercises", "check.py")
    result = subprocess.run([sys.executable, checker, str(tmp_path / "right.py")], cwd=ROOT,
                            stdout=subprocess.PIPE)
    assert result.returncode == 0


# ---------------------------------------------------------------------------
# Exercise 3: BPTT from a blank loop
# ---------------------------------------------------------------------------

def test_the_blank_loop_template_judges_nothing_until_its_loop_lines_are_written(tmp_path):
    status, report = check.check(track_file("3_bptt_loop.py"))
    left = [line.split(": ", 1)[1].split(" (line")[0] for line in report.splitlines()
            if line.startswith("  not written yet: ")]
    assert status == 1 and left[:3] == [blank.split("# ")[1] for blank in LOOP_LINES] and len(left) == 12
    assert "nothing is judged until they are" in " ".join(report.split())
    assert judged(tmp_path, BPTT_LOOP)[0] == 0


def test_every_loop_mistake_of_the_catalogue_is_injected():
    assert sorted({name for name, _ in LOOP_INJECTIONS}) == sorted(m.name for m in LOOP_MISTAKES)


def test_an_exercise_2_file_with_its_loop_header_changed_is_still_told_so(tmp_path):
    source = filled_source(open(track_file("2_bptt.py")).read(), BPTT_LINES).replace(
        "for t in range(T, 0, -1):  ", "for t in range(1, T + 1):  ")
    status, report = judged(tmp_path, source)
    assert status == 1 and "is a given line changed: `for t in range(1, T + 1):`" in report


# ---------------------------------------------------------------------------
# Exercise 4: the gradient check
# ---------------------------------------------------------------------------



def test_every_gradient_check_mistake_of_the_catalogue_is_injected():
    assert sorted({name for name, _ in GRADIENT_CHECK_INJECTIONS}) == sorted(
        m.name for m in GRADIENT_CHECK_MISTAKES)


def test_the_gradient_check_problems_pass_a_right_bptt_and_catch_every_wrong_one():
    # What the checker demands holds of minirnn's own formula: on every problem the right bptt's
    # largest error is below the tolerance and each wrong bptt's above it; on the well-predicted
    # problem an absolute error lets one wrong bptt through, which is what shows that mistake.
    core, tolerance = judge, minirnn.GRADIENT_CHECK_TOLERANCE
    namespace = {}
    exec(GRADIENT_CHECK, namespace)
    let_through = []
    for problem, where in core.gradient_check_problems():
        for what, bptt in [("right", minirnn.bptt)] + core.wrong_bptts():
            got, calls, grads, L = core.gradient_check_run(namespace, core.Source("l"), problem, where,
                                                           bptt, minirnn.FLOAT_EPSILON)
            values = [getattr(problem[0], name) for name in core.PARAMETERS[:-1]] + [problem[3]]
            r = core.with_gradient(core.nudge_record(calls, values, minirnn.FLOAT_EPSILON)[0], grads, L,
                                   minirnn.FLOAT_EPSILON)
            assert (got < tolerance) == (what == "right") and core.same_error(got, core.expected_worst(r), r)
            assert got < tolerance / 10 or got > tolerance * 10, (where, what, got)   # far from the line
            if what != "right" and GRADIENT_CHECK_MISTAKES[2].computes["worst"](r) < tolerance:
                let_through.append((where.split(" (")[0], what))
    assert let_through == [("a random problem the model already predicts well, its gradients small",
                            "dW's largest entry 1% off")]


def test_the_gradient_check_report_shows_expected_and_got(tmp_path):
    absolute = injection(GRADIENT_CHECK_INJECTIONS, "an absolute error where a relative one is needed")
    status, report = judged(tmp_path, patched(GRADIENT_CHECK, absolute))
    lines = report.splitlines()
    assert [line.split()[0] for line in lines if line.startswith("    ")][:4] == [
        "equation", "(L(theta", "expected", "got"]
    assert "your line" in report and "abs(a - n))" in report


def recorded(thetas, nudge):
    """(calls, values) as judge.py records a gradient check's losses: W, U, V, b_h, b_o, h0 of one
    entry each, holding thetas, each nudged by nudge(theta): (up, down), L = 1 each time."""
    values = [[[thetas[0]]], [[thetas[1]]], [[thetas[2]]], [thetas[3]], [thetas[4]], [thetas[5]]]
    calls = []
    for (name, row, i, theta) in judge.entries(values):
        calls += [([(name, row, i, d)], 1.0) for d in nudge(theta)]
    return calls, values


def test_the_gradient_check_judge_allows_unequal_nudges_by_rounding_only_and_eps_down_to_a_tenth():
    epsilon, eps = minirnn.FLOAT_EPSILON, 1e-9
    for theta in (6.0, 1.5, 0.25):              # rounding of theta +- eps: about FLOAT_EPSILON |theta|
        allowed = 4 * epsilon * max(1.0, theta) + 1e-9 * eps
        for off, accepted in [(0.9, True), (1.1, False)]:
            calls, values = recorded([theta] * 6, lambda theta: (eps, -(eps - off * allowed)))
            _, wrong, _ = judge.nudge_record(calls, values, epsilon)
            assert ("the central difference takes the same eps both ways" not in wrong) == accepted, wrong
    # an eps over 10 times below FLOAT_EPSILON ** (1 / 3) / 4 is too small; 10 times is not
    for factor, too_small in [(0.999999, True), (1.0, False), (1.000001, False)]:
        eps = epsilon ** (1.0 / 3) / 4 / 10 * factor
        _, wrong, mistake = judge.nudge_record(*recorded([0.5] * 6, lambda theta: (eps, -eps)),
                                                    epsilon)
        assert (mistake == "an eps too small for the float format") == too_small, wrong


def test_the_gradient_check_judges_floor_is_the_starting_files_given_line():
    given = [line.split("#")[0].strip() for line in open(track_file("4_gradient_check.py"))
             if line.strip().startswith("floor = ")][0]
    for L, largest in [(0.5, 1e-9), (30.0, 1e-9), (2.0, 0.7)]:   # each term of the max the larger
        r = types.SimpleNamespace(pairs=[(("W", 0, 0), 0.0, None, None)], eps=1e-4)
        judge.with_gradient(r, {"W": [[largest]]}, L, minirnn.FLOAT_EPSILON)
        names = {"FLOAT_EPSILON": minirnn.FLOAT_EPSILON, "L": L, "eps": 1e-4, "largest": largest}
        exec(given, names)
        assert r.floor == names["floor"], (L, largest)


@pytest.mark.parametrize("problem", [problem for problem, _ in judge.gradient_check_problems()])
def test_each_wrong_bptt_a_gradient_check_must_catch_is_what_its_name_says(problem):
    model, xs, ys, h0 = problem
    L, _, a_h, _, y_hat = minirnn.forward_pass(model, xs, ys, h0)
    right = minirnn.bptt(model, xs, ys, a_h, y_hat)[0]
    wrong = dict((what, bptt(model, xs, ys, a_h, y_hat)[0]) for what, bptt in judge.wrong_bptts())
    assert wrong["dU transposed"] == dict(right, U=minirnn.transpose(right["U"]))
    assert wrong["dh0 left at zero"] == dict(right, h0=[0.0] * len(h0))
    entries = [(abs(v), r, i) for r, row in enumerate(right["W"]) for i, v in enumerate(row)]
    _, r, i = max(entries)
    off = [list(row) for row in right["W"]]
    off[r][i] *= 1.01
    assert wrong["dW's largest entry 1% off"] == dict(right, W=off)
    assert wrong["every gradient doubled"] == dict(
        (name, [[2 * v for v in row] for row in g] if isinstance(g[0], list) else [2 * v for v in g])
        for name, g in right.items())


def test_the_well_predicted_problem_is_the_one_its_words_name_and_its_gradients_are_small():
    (model, xs, ys, h0), where = judge.gradient_check_problems()[-1]
    assert where == ("a random problem the model already predicts well, its gradients small "
                     "(random_problem(5, 3, 2, 4, 2) in exercises/judge.py, every target 0, b_o[0] + 8)")
    named, named_xs, _, named_h0 = judge.random_problem(5, 3, 2, 4, 2)
    named.b_o[0] += 8
    assert (model.to_dict(), xs, ys, h0) == (named.to_dict(), named_xs, [0] * 4, named_h0)
    _, _, a_h, _, y_hat = minirnn.forward_pass(model, xs, ys, h0)
    grads = minirnn.bptt(model, xs, ys, a_h, y_hat)[0]
    assert max(abs(v) for g in grads.values() for row in judge.rows_of(g) for v in row) < 0.01



def test_the_nudges_a_gradient_check_took_are_told_by_entry():
    epsilon = 2.0 ** -21
    calls, values = recorded([0.5] * 6, lambda theta: (0.01, -0.01))
    assert [judge.entry_name(name, 0, 0, values) for name in ("W", "b_h")] == ["W[0][0]", "b_h[0]"]
    two = [([("W", 0, 0, -0.01), ("U", 0, 0, 0.01)], 1.0)]           # W[0][0] not put back
    assert judge.nudge_record(calls[:2] + two + calls[2:], values, epsilon)[1:] == (
        "your gradient_check took L with W[0][0] and U[0][0] nudged at once: W[0][0] was not put back",
        "a nudge not undone")
    calls, values = recorded([0.5] * 6, lambda theta: (0.01, 0.01))
    assert judge.nudge_record(calls, values, epsilon)[1:] == (
        "your gradient_check nudged W[0][0] one way only (by +0.01 and +0.01): L was never taken at "
        "theta - eps", "a one-sided difference")
    calls, values = recorded([0.5] * 6, lambda theta: (0.01, -0.01))
    assert judge.nudge_record(calls[:-2], values, epsilon)[1:] == ("your gradient_check never nudged h0",
                                                                  "h0 left out of the check")
    assert judge.nudge_record(calls[2:], values, epsilon)[1:] == ("your gradient_check never nudged W[0][0]",
                                                                 None)


def test_nudges_unequal_by_exactly_the_rounding_allowed_are_one_eps():
    # |up + down| at the bound 4 FLOAT_EPSILON max(1, |theta|) + 1e-9 up, to the last bit: down is
    # bound - up, exact (Sterbenz) with up in [bound, 2 bound], and up + down is the bound again
    epsilon, theta = 2.0 ** -21, 1000.0
    up = 1.5 * 4 * epsilon * theta
    bound = 4 * epsilon * max(1.0, abs(theta)) + 1e-9 * up
    down = bound - up
    assert abs(up + down) == bound
    calls, values = recorded([theta] * 6, lambda theta: (up, down))
    r, wrong, _ = judge.nudge_record(calls, values, epsilon)
    # what that rounding leaves of n: 4 FLOAT_EPSILON |theta| / eps, relative, at the entry nearest 0
    assert wrong is None and r.eps == up and abs(r.slack - 4 * epsilon * theta / up) <= 1e-12 * r.slack


def judged_r(eps, slack, floor, pairs):
    r = judge.Values()
    r.eps, r.slack, r.floor, r.pairs, r.L = eps, slack, floor, pairs, 1.0
    return r


def test_an_error_is_the_judges_to_a_millionth_and_the_slack_of_an_unknown_eps():
    r = judged_r(0.01, 0.0, 0.03, [(0.0, 0.0, 1.0, 1.0)])
    assert judge.same_error(0.0, 0.0, r) and judge.same_error(1e-300, 0.0, r)     # all of it 0
    assert judge.same_error(1.0 + 0.99e-6, 1.0, r) and not judge.same_error(1.0 + 1.01e-6, 1.0, r)
    # slack: the largest |n| times r.slack (n's relative rounding), in units of the floor
    r = judged_r(0.01, 1e-3, 0.5, [(2.0, 2.0, 1.0, 1.0), (-4.0, -4.0, 1.0, 1.0)])
    allowed = 4.0 * 1e-3 / 0.5
    assert judge.same_error(0.99 * allowed, 0.0, r) and not judge.same_error(1.01 * allowed, 0.0, r)


def test_a_worst_on_the_tolerance_is_not_below_it():
    tolerance, source = 1e-4, judge.Source("a.py")
    where = 'README\'s "BPTT by hand" example (the problem)'
    r = judged_r(0.5, 0.0, 0.03, [(1.0, 1.0, 2.0, 1.0)])             # a = n: every error 0

    def report(got, want, right):
        text = " ".join(judge.worst_report(source, where, "a bptt", got, want, r, right, tolerance).split())
        return text.split("it returns what a check ")[1].split(": ")[0] + ":", \
            "expected " + text.split(" expected ")[1].split(" got ")[0]
    assert report(tolerance, 0.0, True) == (
        "must not (the right bptt fails):", "expected 0 (below the tolerance 0.0001: a right bptt passes)")
    assert report(tolerance, 0.0, False) == (
        "does not compute:",
        "expected 0 (with your eps; not above the tolerance 0.0001, so your eps is wrong)")
    assert report(0.0, tolerance, True) == (
        "does not compute:", "expected 0.0001 (with your eps; not below the tolerance 0.0001, so your eps is "
                             "wrong)")
    assert report(0.0, 1.0, False)[0] == "must not (the wrong bptt passes):"


# ---------------------------------------------------------------------------
# Exercise 5: the training loop around your own bptt
# ---------------------------------------------------------------------------



def test_with_minirnns_bptt_the_training_loop_is_right_but_not_finished(tmp_path):
    status, report = judged(tmp_path, TRAIN.replace("from minirnn import forward_pass, zeros",
                                                    "from minirnn import bptt, forward_pass, zeros"))
    assert status == 1 and "your train is right, with minirnn's bptt." in report
    assert "put your bptt (exercise 2 or 3) in this file" in " ".join(report.split())


def test_every_training_loop_mistake_of_the_catalogue_is_injected():
    assert sorted({name for name, _ in TRAIN_INJECTIONS}) == sorted(m.name for m in TRAINING_MISTAKES)


def test_a_wrong_bptt_under_a_right_training_loop_is_named_as_the_bptt(tmp_path):
    wrong = patched(OWN_BPTT, [("matvec(transpose(U), ds_h[t + 1])", "matvec(U, ds_h[t + 1])")])
    status, report = judged(tmp_path, TRAIN + wrong)
    assert status == 1 and "your bptt's gradient dW is not minirnn.bptt's" in " ".join(report.split())



def test_the_checkers_reference_makes_the_updates_and_losses_of_minirnns_train():
    run = judge.RUNS[0]
    reference = judge.Reference(run)
    model = minirnn.RNN.from_dict(reference.start.to_dict())
    losses = model.train(reference.data, run[4], run[5], clip=run[6])
    assert reference.after(reference.total) == judge.parameters(model) and reference.losses == losses


def test_a_too_large_eps_is_not_reported_below_the_tolerance(tmp_path):
    # expected is computed with the learner's own eps: with eps = 1e-3 it is above the tolerance
    status, report = judged(tmp_path, patched(GRADIENT_CHECK, [("eps = FLOAT_EPSILON ** (1 / 3) / 4",
                                                                "eps = 1e-3")]))
    expected = [line for line in report.splitlines() if line.startswith("    expected  ")][0]
    assert status == 1 and float(expected.split()[1]) >= minirnn.GRADIENT_CHECK_TOLERANCE
    assert "not below the tolerance" in expected and "a right bptt passes" not in expected, report


def test_the_gradient_check_docstrings_eps_figures_are_its_formula():
    text = " ".join(open(track_file("4_gradient_check.py")).read().split())
    doubles, float32 = text.split("FLOAT_EPSILON ** (1 / 3) / 4 (")[1].split(")")[0].split(", ")
    for figure, epsilon in [(doubles, 2.0 ** -52), (float32, 2.0 ** -21)]:
        shown = figure.split()[0]
        digits = len(shown.split("e")[0].replace(".", ""))
        assert float(shown) == float("%.*g" % (digits, epsilon ** (1 / 3) / 4)), figure


def test_the_catalogues_errors_are_relative_to_the_larger_of_a_n_and_the_floor_each_way():
    # (a, n, L+, L-) as judge.py records them, made by hand with L = 1, eps = 0.5, floor = 0.1:
    # each entry's error is |a - n| / max(|a|, |n|, floor), with n the difference each mistake takes
    r = types.SimpleNamespace(L=1.0, eps=0.5, floor=0.1)
    r.pairs = [(-3.0, None, 0.0, 1.5),         # |a| the largest: forward n = -2, backward n = -1
               (1.0, None, 1.5, -0.5),         # |n| the largest: forward n = 1, backward n = 3
               (0.02, None, 1.0, 1.0)]         # the floor the largest: n = 0 either way
    assert list(mistakes.one_sided_error(r)) == [max(1 / 3, 0 / 1, 0.02 / 0.1), max(2 / 3, 2 / 3, 0.02 / 0.1)]
    for a, n, want in [(-3.0, -1.0, 2 / 3), (1.0, 3.0, 2 / 3), (0.02, 0.01, 0.01 / 0.1)]:
        r.pairs[-1] = (a, n, None, None)
        assert mistakes.last_error(r) == want


def test_the_catalogues_clips_rescale_only_a_norm_above_clip():
    u = types.SimpleNamespace(grads={"W": [[0.3, 0.4]], "b_h": [1.2]}, names=["W", "b_h"])
    for clip, factor in [(2.0, 1.0), (0.65, 0.5)]:               # the global norm is 1.3
        u.clip = clip
        assert mistakes.clipped(u) == {"W": [[0.3 * factor, 0.4 * factor]], "b_h": [1.2 * factor]}
    u.clip = 1.0                                                 # W's own norm is 0.5, b_h's 1.2
    assert mistakes.each_clipped(u) == {"W": [[0.3, 0.4]], "b_h": [1.2 * (1.0 / 1.2)]}
