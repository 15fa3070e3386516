"""exercises/check.py's own words and edges, which no verdict on a bptt shows: what a file that
cannot be parsed is told, how an unfinished file's lines left are named and what it is told to do,
its command line's usage, a warning about the file, and a check interrupted with Ctrl-C; the child
process (what the learner's code starts, detaches or prints, the time limits and waits, a child
that never speaks) and how the file is loaded (as import would, exiting or raising as it loads,
defining none of the functions)."""
import ast
import os
import signal
import subprocess
import sys
import threading
import time
import types
import warnings

import pytest

from exercises import check
from tests.helpers import ROOT
from tests.patches import patched
from tests.test_exercises import IN_BPTT
from tests.test_track import FORWARD_LINES, filled
from tests.track_answers import BPTT, FORWARD

TEMPLATE = os.path.join(ROOT, "exercises", "2_bptt.py")
DA_H = "        da_h[t] = [sum(V[k][j] * ds_o[t][k] for k in range(n_o))"  # the suite bptt's first line


def written(tmp_path, text, name="learner.py", mode="w"):
    path = tmp_path / name
    (path.write_bytes if mode == "wb" else path.write_text)(text)
    return str(path)


def test_a_syntax_error_is_told_with_its_line_number_message_and_text(tmp_path):
    path = written(tmp_path, "def bptt(model, xs, ys, a_h, y_hat):\n    x = = 1\n")
    assert check.check(path) == (2, f"{path}, line 2: syntax error: invalid syntax\n  x = = 1")
    # a lone surrogate (UTF-7 can write one) is a ValueError, which has no line number, message or text
    path = written(tmp_path, b'# coding: utf-7\nx = "+2AA-"\n', mode="wb")
    status, report = check.check(path)
    assert (status, report.split(": syntax error: ")[0]) == (2, f"{path}, line ?")
    assert report.endswith(" surrogates not allowed\n  ") and "can't encode character" in report


def test_a_warning_python_gives_on_reading_the_file_names_the_file(tmp_path):
    path = written(tmp_path, 'x = "\\d"\n\ndef bptt(model, xs, ys, a_h, y_hat):\n    return ...\n')
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check.check(path)
    assert [(w.filename, w.lineno) for w in caught if "escape" in str(w.message)] == [(path, 1)]


def names_left(report):
    """The names of the lines a report lists as not written yet, with their line numbers."""
    return [line.split(": ", 1)[1] for line in report.splitlines()
            if line.startswith("  not written yet: ")]


def test_an_unfinished_file_is_told_each_line_left_and_what_to_do(tmp_path):
    template = os.path.join(ROOT, "exercises", "1_forward_pass.py")
    lines = open(template).read().splitlines()
    at = {name: [n for n, line in enumerate(lines, 1) if line.endswith("...  # " + name)][0]
          for name in ["softmax(z)", "s_{h,t}", "a_{h,t}", "s_{o,t}", "y_hat_t", "L_t", "L"]}
    assert check.check(template) == (1, "\n".join(
        [os.path.relpath(template) + ": forward_pass is not finished."] +
        [f"  not written yet: {name} (line {n})" for name, n in at.items()] +
        ["Replace each `...` with the right-hand side of its equation: README, \"The derivation\",",
         "\"The forward pass\"."]))
    status, report = check.check(os.path.join(ROOT, "exercises", "3_bptt_loop.py"))
    assert status == 1 and report.endswith(
        "\nReplace each `...` with the right-hand side of its equation: README, \"BPTT, line by\nline\".\n"
        "Write the lines that are not equations first (the lists, indexed like the math: how many\n"
        "entries each?, ds_{h,T+1} = 0: the start, the loop: t = ?): nothing is judged until they\nare.")


def test_a_line_left_is_named_by_its_first_comment_else_by_what_it_sets(tmp_path):
    source = open(TEMPLATE).read()
    lines = source.splitlines()
    changed = source.replace("dV = ...  # dV", "dV = ...  # dV # the sum over t").replace(
        "db_o = ...  # db_o", "db_o = ...").replace(
        "ds_o[t] = ...  # ds_{o,t}", "ds_o[t] = ... if t == T else ...")
    path = written(tmp_path, changed)
    left = names_left(check.check(path)[1])
    at = {name: [n for n, line in enumerate(lines, 1) if line.endswith("# " + name)][0]
          for name in ["ds_{o,t}", "dV", "db_o"]}
    assert f"ds_o[t] (line {at['ds_{o,t}']})" in left and f"dV # the sum over t (line {at['dV']})" in left
    assert f"db_o (line {at['db_o']})" in left
    assert "Write the lines that are not equations first (ds_o[t]): nothing is judged until they are." \
        in " ".join(check.check(path)[1].split())


def test_the_command_line_takes_one_file_and_says_so_otherwise(capsys):
    for argv in ([], ["a.py", "b.py"], ["--child", "a.py"]):
        assert check.main(argv) == 2
        assert capsys.readouterr() == ("", "usage: python3 exercises/check.py FILE\n")


@pytest.mark.skipif(os.name != "posix", reason="Ctrl-C is SIGINT on POSIX only")
def test_a_check_interrupted_is_not_judged_and_its_child_is_stopped(tmp_path):
    ready = tmp_path / "started"
    # (closed at once with `with`: PyPy closes an unreferenced file only when it collects it)
    path = written(tmp_path, f"import os, time\nwith open({str(ready)!r}, 'w') as f:\n"
                             "    f.write(str(os.getpid()))\n"
                             "while True:\n    time.sleep(0.01)\n\ndef bptt(model, xs, ys, a_h, y_hat):\n"
                             "    return None\n")
    # Ctrl-C as at a terminal, even where this runs with SIGINT ignored (a background job)
    process = subprocess.Popen([sys.executable, os.path.join(ROOT, "exercises", "check.py"), path],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=str(tmp_path),
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    while not ready.exists() or not ready.read_text():         # the child is loading the file
        assert process.poll() is None
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)               # a failure, if it never ends, not a hang
    assert (process.returncode, out.decode(), err.decode()) == (
        2, "learner.py: not judged: the check was interrupted.\n", "")
    with pytest.raises(ProcessLookupError):                   # the child was stopped
        os.kill(int(ready.read_text()), 0)


def learners(tmp_path, patch, before=""):
    """The path of a file holding the suite's independent bptt with patch applied, after before."""
    return written(tmp_path, before + patched(BPTT, patch))


def test_a_change_made_inside_a_function_the_line_calls_names_that_line(tmp_path):
    line = "    minirnn.sgd_update(model.W, dW, 1.0)"
    path = learners(tmp_path, [("    return {", line + "\n    return {")], before="import minirnn\n")
    status, report = check.check(path)
    number = open(path).read().splitlines().index(line) + 1
    assert status == 1 and f"\n  your line {number}: {line.strip()}\n" in report


def test_a_change_not_made_again_on_fresh_copies_is_named_without_a_line(tmp_path):
    once = IN_BPTT[0] + "\n    if not calls:\n        xs[0][0] = 0.0\n    calls.append(1)"
    status, report = check.check(learners(tmp_path, [(IN_BPTT[0], once)], before="calls = []\n"))
    assert status == 1 and "changed its input xs[0][0]" in report
    assert "\n  (which line changed it cannot be told)\n" in report


def test_finding_the_line_that_changes_an_input_leaves_a_tracer_as_it_was(tmp_path):
    def tracer(frame, event, arg):              # a debugger's or coverage's, say
        return None
    path = learners(tmp_path, [("    return {", "    xs[0][0] = 0.0\n    return {")])
    sys.settrace(tracer)
    try:
        status, report = check.check(path)
        assert sys.gettrace() is tracer
    finally:
        sys.settrace(None)
    assert status == 1 and "your line" in report


def test_an_error_inside_a_function_the_line_calls_names_the_innermost(tmp_path):
    line = "        da_h[t] = minirnn.matvec(V, ds_o[t])"             # V, not V^T: dot runs off ds_o
    path = learners(tmp_path, [(DA_H, line + "\n" + DA_H)], before="import minirnn\n")
    status, report = check.check(path)
    number = open(path).read().splitlines().index(line) + 1
    assert status == 1 and f"raised IndexError: list index out of range\n  your line {number}: " \
        f"{line.strip()}\n  (the error is inside dot, which that line calls)\n" in report


def test_an_entry_read_is_quoted_as_written_and_its_index_may_use_the_files_own_names(tmp_path):
    # (an index the checker does not evaluate again, int(k), comes first on the line)
    path = learners(tmp_path, [("    ds_h[T + 1] = [0.0] * n_h\n", ""),
                               ("V[k][j] * ds_o", "V[int(k)][j] * ds_o"),
                               ("U[i][j] * ds_h[t + 1][i]", "U[i][j] * ds_h[t+ONE][i]")], before="ONE = 1\n")
    status, report = check.check(path)
    read = "ds_h[t+ONE]" if sys.version_info >= (3, 8) else "ds_h[t + ONE]"    # before 3.8: index_text's
    assert status == 1 and "da_{h,t} at t = 2 reads %s, which is None: ds_h[T + 1] is never " \
        "written." % read in " ".join(report.split())


def test_the_line_named_for_a_quantity_is_the_last_that_sets_it(tmp_path):
    line = "        L = -math.log(y_hat[t][ys[t - 1]])"                  # after the L = 0.0 before the loop
    path = written(tmp_path, FORWARD.replace("        L += -math.log(y_hat[t][ys[t - 1]])", line))
    status, report = check.check(path)
    number = open(path).read().splitlines().index(line) + 1
    assert status == 1 and f"\n    your line {number}: {line.strip()}\n" in report


def test_a_per_step_quantity_left_blank_is_judged_with_each_steps_right_value(tmp_path):
    lines = {target: text for target, text in FORWARD_LINES.items() if target != "L_t"}
    source = filled("1_forward_pass.py", lines).replace("return ...  # softmax(z)",
                                                        "return " + FORWARD_LINES["return"])
    status, report = check.check(written(tmp_path, source))
    assert status == 1 and " ".join(report.split()).startswith(
        f"{tmp_path / 'learner.py'}: not finished. What is written is right so far: s_{{h,t}}, a_{{h,t}}, "
        "s_{o,t}, y_hat_t, L. not written yet: L_t")


def test_an_error_while_t_is_not_a_step_number_is_told_without_a_step(tmp_path):
    path = learners(tmp_path, [("for t in range(T, 0, -1):", "for t in map(str, range(T, 0, -1)):")])
    status, report = check.check(path)
    assert status == 1 and "raised TypeError: list indices must be integers or slices, not str\n" in report
    assert " at t = " not in report


def test_a_limit_is_told_in_seconds_as_python_writes_the_number(tmp_path):
    path = written(tmp_path, "while True:\n    pass\n\ndef bptt(model, xs, ys, a_h, y_hat):\n"
                             "    return None\n")
    status, report, _ = check.check_in_child(path, call_limit=1e-05)
    assert (status, report) == (2, f"{path}: stopped. Your code had not returned after 1e-05 s while the "
                                   f"checker was loading {path} (a loop that never ends?), so the checker "
                                   "stopped it.")


def test_the_call_limit_counts_the_learners_calls_only_not_the_checkers_work_after(tmp_path):
    # ds_o's first iteration, by the checker comparing it after bptt returned, takes 0.5 s
    slow = ("class Slow(list):\n    def __iter__(self):\n        if not waited:\n"
            "            waited.append(time.sleep(0.5))\n        return list.__iter__(self)\n\n\n")
    path = learners(tmp_path, [("    return {", "    ds_o = Slow(ds_o)\n    return {")],
                    before="import time\nwaited = []\n" + slow)
    status, report, _ = check.check_in_child(path, call_limit=0.3)
    assert (status, report.splitlines()[0]) == (0, f"{path}: right.")


def test_the_child_is_told_of_each_call_of_the_learners_code_and_of_its_end(tmp_path):
    path = written(tmp_path, BPTT)
    messages = []
    assert check.check(path, messages.append)[0] == 0
    assert messages[0] == {"doing": "loading " + path} and len(messages) > 2
    assert messages[1::2] == [{"done": True}] * (len(messages) // 2) and len(messages) % 2 == 0
    assert all(list(message) == ["doing"] for message in messages[::2])


def test_an_error_inside_a_helper_of_the_file_names_the_helpers_line(tmp_path):
    helper = "def share(u, v):\n    return u[0] * v[9]\n\n"
    line = "    W, U, V = model.W, model.U, model.V\n    share(xs[0], xs[0])"
    path = learners(tmp_path, [(IN_BPTT[0], line)], before=helper)
    status, report = check.check(path)
    assert status == 1 and "raised IndexError: list index out of range\n  your line 2: return u[0] * v[9]\n" \
        in report


def test_the_learners_code_reads_no_input_and_what_it_writes_to_stderr_is_shown(tmp_path):
    path = learners(tmp_path, [(IN_BPTT[0], IN_BPTT[0] + "\n    input()")],
                    before="import sys\nsys.stderr.write('to stderr\\n')\n")
    # the checker's own stdin stays open, as a terminal's would: the learner's input() gets none of it
    process = subprocess.Popen([sys.executable, os.path.join(ROOT, "exercises", "check.py"), path],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = process.stdout.read().decode()
    process.stdin.close()
    assert process.wait() == 1
    # (the end of file's own words are the interpreter's: CPython's, not PyPy's, say "EOF when ...")
    assert out.startswith("to stderr\n" + path + " raised EOFError") and "\n  your line 6: input()\n" in out


def test_a_failure_of_the_checker_itself_in_the_child_cannot_judge_and_says_so(tmp_path):
    breaking = "import sys\n(sys.modules.get('judge') or sys.modules['exercises.judge']).judge = None\n"
    path = written(tmp_path, breaking + BPTT)
    status, report, _ = check.check_in_child(path)
    assert (status, report) == (2, f"cannot judge {path}: the checker failed (TypeError: 'NoneType' object "
                                   "is not callable)")


def test_a_process_ended_by_the_learners_code_is_told_in_one_sentence(tmp_path):
    path = learners(tmp_path, [(IN_BPTT[0], IN_BPTT[1] + "\n    os._exit(0)")])
    status, report, _ = check.check_in_child(path)
    assert (status, report) == (1, f"{path}: wrong. The process ended (exit status 0) while the checker was "
                                   "running your bptt on README's \"BPTT by hand\" example, before any "
                                   "verdict: nothing in the file may end the process.")


def test_bytes_the_learners_code_prints_that_are_not_utf_8_are_shown_replaced(tmp_path):
    path = learners(tmp_path, [(IN_BPTT[0], IN_BPTT[1] + "\n    sys.stdout.buffer.write(b'\\xff\\n')")])
    status, report, printed = check.check_in_child(path)
    assert status == 0 and printed == "\ufffd\n" * (1 + len(check.PROBES))


def running(pid):
    """Whether process pid runs (a zombie, ended but not yet collected, does not)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rpartition(")")[2].split()[0] not in "ZX"
    except FileNotFoundError:
        return False


def started_at_load(tmp_path, popen, then):
    """A learner's file that, as it loads, starts `sleep 30` with Popen(popen), writes its pid
    to a file (whole: written beside it, then renamed), then runs `then`: (the path of the
    file, the path of the pid's file)."""
    pid = tmp_path / "pid"
    new = str(pid) + ".new"
    return written(tmp_path, "import os, subprocess\nprocess = subprocess.Popen(['sleep', '30']%s)\n"
                             "with open(%r, 'w') as f:\n    f.write(str(process.pid))\n"
                             "os.rename(%r, %r)\n%s\n%s" % (popen, new, new, str(pid), then, BPTT)
                   ), pid


def kill(pid):
    """Kill the process whose pid the file pid holds, if it was written."""
    try:
        os.kill(int(pid.read_text()), signal.SIGKILL)
    except (FileNotFoundError, ProcessLookupError):                     # never written, or gone
        pass


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="tells a running process by /proc")
def test_stopping_the_learners_code_stops_what_it_started(tmp_path):
    # the child ends itself once `sleep` runs; the checker then stops its session: `sleep` too
    # (which holds the child's output, its stdout and stderr, until it ends)
    path, pid = started_at_load(tmp_path, "", "os.kill(os.getpid(), 9)\n")
    try:
        status, report, _ = check.check_in_child(path)
        assert status == 2 and "The process ended (killed by signal 9) while the checker was loading" \
            in " ".join(report.split())
        killed = int(pid.read_text())
        for _ in range(1000):                  # a kill is delivered soon after, not at once
            if not running(killed):
                break
            time.sleep(0.01)
        assert not running(killed)
    finally:
        kill(pid)


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="tells a running process by /proc")
def test_a_process_the_learner_detaches_holding_the_output_is_not_waited_for(tmp_path, monkeypatch):
    waits = []

    class Thread(threading.Thread):            # the reader of the child's output
        def join(self, timeout=None):          # as if it had waited its timeout in vain
            waits.append(timeout)

    monkeypatch.setattr(check, "threading", types.SimpleNamespace(Thread=Thread))
    path, pid = started_at_load(tmp_path, ", start_new_session=True", "")
    before = set(threading.enumerate())
    try:
        status, report, _ = check.check_in_child(path)
        assert (status, report.splitlines()[0]) == (0, f"{path}: right.")
        assert running(int(pid.read_text())) and waits and all(0 < wait <= 1 for wait in waits)
        # still reading what the detached process may print: it must not keep this process alive
        assert [thread.daemon for thread in set(threading.enumerate()) - before] == [True]
    finally:
        kill(pid)


class Clock:
    """check.py's `time` for a test: its clock stands at 0 until the learner's file, loading, has
    written `sentinel` (the child has said it is loading by then), and from the next look on each
    of the checker's waits moves it on by 0.25 s; a wait also lets the child run 2 ms really
    (20 s of them at most: a child that never writes the sentinel fails the test, not hangs it)."""

    def __init__(self, sentinel):
        self.sentinel, self.now, self.seen, self.waits = sentinel, 0.0, False, []

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.waits.append(seconds)
        assert len(self.waits) < 10000, "the learner's file never wrote " + str(self.sentinel)
        self.now += 0.25 if self.seen else 0.0
        self.seen = self.seen or self.sentinel.exists()
        time.sleep(0.002)


@pytest.mark.parametrize("limits, words", [
    ((1.0, 60), "Your code had not returned after 1 s while the checker was loading"),
    ((30, 1.0), "The check had not ended after 1 s (it was loading"),
])
def test_a_limit_is_over_when_more_than_its_seconds_have_passed_and_the_child_is_looked_at_often(
        tmp_path, monkeypatch, limits, words):
    sentinel = tmp_path / "loading"
    path = written(tmp_path, f"open({str(sentinel)!r}, 'w').close()\nwhile True:\n    pass\n" + BPTT)
    clock = Clock(sentinel)
    monkeypatch.setattr(check, "time", clock)
    status, report, _ = check.check_in_child(path, *limits)
    assert status == 2 and words in report
    assert clock.now == 1.25 and max(clock.waits) <= 0.01    # at 1.0 s the limit is not over yet


def test_a_check_stopped_or_ended_before_the_child_says_anything_was_starting(tmp_path, monkeypatch):
    path = written(tmp_path, BPTT)
    monkeypatch.setattr(check, "__file__", str(tmp_path / "no-checker.py"))   # the child cannot start
    status, report, _ = check.check_in_child(path, check_limit=0)   # over at the first look
    assert (status, report) == (2, f"{path}: stopped. The check had not ended after 0 s (it was "
                                   "starting), so the checker stopped it.")
    status, report, printed = check.check_in_child(path)
    assert (status, report) == (2, f"{path}: cannot judge. The process ended (exit status 2) while the "
                                   "checker was starting, before any verdict: nothing in the file may "
                                   "end the process.") and "no-checker.py" in printed


def test_the_file_runs_as_import_would_run_it_and_imports_from_its_own_folder_first(tmp_path):
    # the helper shares its name with the root's test_minirnn.py, and the root comes first on the
    # child's sys.path: the import finds the helper only if the learner's folder comes before it
    (tmp_path / "test_minirnn.py").write_text("def steps(xs):\n    return len(xs)\n")
    path = written(tmp_path, "import test_minirnn\nprint(__name__, __file__, test_minirnn.steps([1]))\n"
                   + BPTT)
    status, report, printed = check.check_in_child(path)
    assert (status, report.splitlines()[0], printed.splitlines()[0]) == (
        0, f"{path}: right.", f"learner {path} 1")


def test_an_exit_or_an_error_while_the_file_loads_cannot_judge_in_these_words(tmp_path):
    path = written(tmp_path, "exit(3)\n" + BPTT)
    status, report, printed = check.check_in_child(path)
    assert (status, " ".join(report.split()), printed) == (2, (      # wrapped to the path's length
        f"{path}: cannot judge. It called exit(3) while the checker was loading {path}: outside bptt, "
        "only what is under `if __name__ == \"__main__\":` may exit."), "")
    assert not [line for line in report.splitlines() if line.startswith(" ")]    # a paragraph of its own
    path = written(tmp_path, "1 / 0\n" + BPTT)
    assert check.check_in_child(path) == (2, (
        f"{path} raised ZeroDivisionError: division by zero\n  your line 1: 1 / 0\n"
        f"  while the checker was loading {path}"), "")


def test_a_file_defining_none_of_the_exercises_functions_is_told_their_signatures(tmp_path):
    path = written(tmp_path, "x = 1\n\ndef other():\n    pass\n")
    assert check.check(path) == (2, f"{path} defines none of the exercises' functions: forward_pass(model, "
                                    "xs, ys, h0), bptt(model, xs, ys, a_h, y_hat), gradient_check(model, xs, "
                                    "ys, h0), train(model, data, epochs, lr, clip)")


def test_the_literal_dots_are_told_in_the_ast_of_every_python():
    assert check.is_ellipsis(ast.parse("...", mode="eval").body)
    assert check.is_ellipsis(type("Ellipsis", (ast.AST,), {})())      # Python 3.7's ast.Ellipsis
    assert not check.is_ellipsis(ast.parse("None", mode="eval").body)
    assert not check.is_ellipsis(type("Name", (ast.AST,), {})())


def test_a_file_whose_function_is_rebound_as_it_loads_is_told_it_defines_none(tmp_path):
    path = written(tmp_path, BPTT + "\nbptt = None\n")
    assert check.check(path) == (2, f"{path} defines no function bptt(model, xs, ys, a_h, y_hat)")
