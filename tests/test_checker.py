"""exercises/check.py's own words and edges, which no verdict on a bptt shows: what a file that
cannot be parsed is told, how an unfinished file's lines left are named and what it is told to do,
its command line's usage, a warning about the file, and a check interrupted with Ctrl-C."""
import os
import signal
import subprocess
import sys
import time
import warnings

import pytest

from exercises import check
from tests.helpers import ROOT

TEMPLATE = os.path.join(ROOT, "exercises", "2_bptt.py")


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
    path = written(tmp_path, f"import os, time\nopen({str(ready)!r}, 'w').write(str(os.getpid()))\n"
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
    out, err = process.communicate()
    assert (process.returncode, out.decode(), err.decode()) == (
        2, "learner.py: not judged: the check was interrupted.\n", "")
    with pytest.raises(ProcessLookupError):                   # the child was stopped
        os.kill(int(ready.read_text()), 0)
