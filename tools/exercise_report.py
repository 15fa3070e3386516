"""Print what README's "Write it yourself" and docs/exercises.md show of the exercises' checker.

    python3 tools/exercise_report.py             the checker's report on exercises/2_bptt.py
                                                 filled in with minirnn.bptt's own lines, the
                                                 carried term written U ds_{h,t+1} (the
                                                 notebook's mistake)
    python3 tools/exercise_report.py --mistakes  each exercise's catalogued mistakes, by name
    python3 tools/exercise_report.py --verdicts N
                                                 the checker's report on exercise N's answer
                                                 in tests/track_answers.py, right and with
                                                 each mistake written in (docs/verdicts.md)

make docs runs them (tools/docs.py); tests/test_exercises.py checks the first against README,
tests/test_verdicts.py the third against docs/verdicts.md.
"""
import inspect
import os
import shutil
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import minirnn  # noqa: E402
from exercises import check, mistakes  # noqa: E402

EXERCISE = "exercises/2_bptt.py"


def report():
    """The checker's report on the exercise filled in, the carried term written U ds_{h,t+1}."""
    code = {line.split(" = ")[0].strip(): line.split(" = ", 1)[1]
            for line in inspect.getsource(minirnn.bptt).splitlines() if " = " in line}
    code["da_h[t]"] = code["da_h[t]"].replace("matvec(transpose(U), ds_h[t + 1])",
                                              "matvec(U, ds_h[t + 1])")
    with open(os.path.join(ROOT, EXERCISE)) as file:
        lines = [line.split(" = ")[0] + " = " + code[line.split(" = ")[0].strip()]
                 if " = ...  # " in line else line for line in file.read().splitlines()]
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "2_bptt.py")
    with open(path, "w") as file:
        file.write("\n".join(lines) + "\n")
    try:
        return check.check(path)[1].replace(path, EXERCISE)
    finally:
        os.remove(path)
        os.rmdir(folder)


def catalogue():
    """Each exercise's catalogued mistakes, one a line under the exercise's own."""
    exercises = [("1_forward_pass.py", mistakes.FORWARD_MISTAKES),
                 ("2_bptt.py and 3_bptt_loop.py", mistakes.MISTAKES),
                 ("3_bptt_loop.py, its loop", mistakes.LOOP_MISTAKES),
                 ("4_gradient_check.py", mistakes.GRADIENT_CHECK_MISTAKES),
                 ("5_training_loop.py", mistakes.TRAINING_MISTAKES)]
    return "\n".join("%s: %d\n%s" % (name, len(found), "\n".join("  " + m.name for m in found))
                     for name, found in exercises)


def judged_here(path):
    """check.check(path), in this process as python3 exercises/check.py judges it in its
    child, and minirnn as it was before, whatever the learner's code changed in it."""
    names = dict(minirnn.__dict__)
    try:
        return check.check(path)
    finally:
        minirnn.__dict__.clear()
        minirnn.__dict__.update(names)


def verdicts(exercise):
    """Each case of tests/track_answers.py's verdict_cases for the exercise: `=== title (exit
    status)`, then the checker's report on the case written to answer.py."""
    from tests.track_answers import verdict_cases
    folder = tempfile.mkdtemp()
    os.chdir(folder)                           # the reports name the file as given: answer.py
    shown = []
    try:
        for number, title, source, _ in verdict_cases():
            if number == exercise:
                with open("answer.py", "w") as file:
                    file.write(source)
                status, text = judged_here("answer.py")
                shown.append("=== %s (exit %d)\n%s" % (title, status, text))
    finally:
        os.chdir(ROOT)
        shutil.rmtree(folder)
    return "\n\n".join(shown)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--verdicts"]:
        print(verdicts(int(sys.argv[2])))
    else:
        print(catalogue() if sys.argv[1:] == ["--mistakes"] else report())
