"""docs/verdicts.md is what exercises/check.py says, word for word, on each answer of the track
(tests/track_answers.py): right, with each catalogued mistake written in, and with mistakes the
catalogue does not name; and each report names its mistake, or none. The judging core alone, with
no line numbers or frames (as on MicroPython and in the page), gives each the same exit status.

    python3 -m pytest tests/test_verdicts.py
"""
import os
import re

import pytest

from exercises import judge
from exercises.mistakes import LOOP_MISTAKES, MISTAKES
from tests.helpers import ROOT
from tests.track_answers import verdict_cases
from tools.exercise_report import judged_here

CASES = verdict_cases()
# a number as reports print one: 0.5784, -0.2070, 1.67556e-09, 9.7e-05 (not the integers of t = 1)
NUMBER = re.compile(r"-?\d+\.\d+(?:e[-+]\d+)?|\d+e[-+]\d+")


def shown():
    """{exercise: [(heading, report)]} of docs/verdicts.md's blocks, in order."""
    text = open(os.path.join(ROOT, "docs", "verdicts.md")).read()
    found = {}
    for number, block in re.findall(r"^<!-- make docs: python3 tools/exercise_report.py --verdicts "
                                    r"(\d) -->\n```\n(.*?)^```$", text, re.M | re.S):
        found[int(number)] = [(case.split("\n", 1)[0], case.split("\n", 1)[1].rstrip("\n"))
                              for case in ("\n" + block).split("\n=== ")[1:]]
    return found


SHOWN = shown()


def same_but_the_runtimes(got, want):
    """got is want but for what differs between Python versions: the words of an exception the
    runtime raised (`raised TypeError: ...`), and a number's last digits where it is rounding
    (a right gradient's error, ~1e-10): the same digits in the same form, equal to 1e-6 or 1e-8."""
    def parts(text):
        text = re.sub(r"(raised \w+): .*", r"\1: ...", text)
        return NUMBER.split(text), NUMBER.findall(text)
    (got_words, got_numbers), (want_words, want_numbers) = parts(got), parts(want)
    return got_words == want_words and [re.sub(r"\d", "0", n) for n in got_numbers] == [
        re.sub(r"\d", "0", n) for n in want_numbers] and all(
        abs(float(g) - float(w)) <= 1e-6 * abs(float(w)) + 1e-8 for g, w in zip(got_numbers, want_numbers))


def test_the_comparison_lets_only_a_runtimes_words_and_rounding_differ():
    report = "a.py raised TypeError: 'NoneType' object is not iterable\n    got  2.02557e-10 [0.5784]"
    assert same_but_the_runtimes(report.replace("'NoneType' object is not iterable",
                                                "zip argument #1 must support iteration")
                                 .replace("2.02557e-10", "2.44208e-10"), report)
    for changed in [("TypeError", "ValueError"), ("got ", "got"), ("0.5784", "0.5785"),
                    ("0.5784", "0.57840"), ("2.02557e-10", "2.0256e-10"), ("a.py", "b.py")]:
        assert not same_but_the_runtimes(report.replace(*changed), report), changed


def diagnoses(report):
    return [line[len("Diagnosis: "):-1] for line in report.splitlines() if line.startswith("Diagnosis: ")]


def test_docs_verdicts_md_shows_every_case_in_order():
    assert [(number, len(found)) for number, found in sorted(SHOWN.items())] == [
        (number, len([case for case in CASES if case[0] == number])) for number in range(1, 6)]
    assert [heading.rsplit(" (exit ", 1)[0] for number in range(1, 6) for heading, _ in SHOWN[number]] == [
        title for _, title, _, _ in CASES]


@pytest.mark.parametrize("exercise, title, source, name", CASES,
                         ids=["%d %s" % (case[0], case[1][:60]) for case in CASES])
def test_each_report_is_the_one_docs_verdicts_md_shows_and_names_its_mistake(
        tmp_path, monkeypatch, exercise, title, source, name):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "answer.py").write_text(source)
    status, report = judged_here("answer.py")
    index = [case[1] for case in CASES if case[0] == exercise].index(title)
    heading, want = SHOWN[exercise][index]
    assert heading.endswith(" (exit %d)" % status) and same_but_the_runtimes(report, want), report
    assert (status == 0) == (title == "right")
    if exercise == 5 and title == "right":           # the model it trained is right held out
        assert "gets 100.0% of steps right on 100 new sequences of length 10, 100.0% on 100 of length 50" \
            in " ".join(report.split())
    assert diagnoses(report) == ([name] if name else []), report
    mistake = [m for m in MISTAKES if m.name == name]
    if exercise == 2 and mistake:                   # reported at a quantity the mistake computes wrong
        assert any(re.search(r"^  %s(, on| at t = )" % re.escape(q), report, re.M)
                   for q in mistake[0].computes), report


# What check.py tells by the learner's frame or lines, where a runtime's traceback shows them: the
# core alone (on MicroPython, in the page) cannot see those, and runs no file with lines still `...`.
# (Exercise 5's right answer is left out: judging it trains for seconds, and check.py's report on it
# above is the core's.)
FRAME_TOLD = {"U a_{h,t} where U a_{h,t-1} belongs", "da and ds mixed in the carried term",
              "the start ds_{h,T+1} = 0 missing", "a list one entry too short"} | {
                  m.name for m in LOOP_MISTAKES}
FILLED = [case for case in CASES
          if not re.search(r"= \.\.\. *(#|$)", case[2], re.M) and case[:2] != (5, "right")]


@pytest.mark.parametrize("exercise, title, source, name", FILLED,
                         ids=["%d %s" % (case[0], case[1][:60]) for case in FILLED])
def test_the_core_alone_gives_check_pys_exit_status_and_names_its_mistake(exercise, title, source, name):
    names, namespace = dict(judge.minirnn.__dict__), {}
    try:
        exec(compile(source, "answer.py", "exec"), namespace)
        status, report = judge.judge(namespace, (), judge.Source("answer.py"))
    finally:
        judge.minirnn.__dict__.clear()
        judge.minirnn.__dict__.update(names)
    heading, _ = SHOWN[exercise][[case[1] for case in CASES if case[0] == exercise].index(title)]
    assert heading.endswith(" (exit %d)" % status), report
    assert diagnoses(report) in ([[], [name]] if name in FRAME_TOLD else [[name] if name else []]), report
    assert not re.search(r"your line \d|on line \d|`\+=`", report), report   # it sees no line of the code
