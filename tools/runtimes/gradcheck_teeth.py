"""The gradient check, run where it is hardest (e.g. single-precision floats), still has teeth.

    python3 tools/runtimes/gradcheck_teeth.py PYTHON [ARGUMENT...]
    e.g. python3 tools/runtimes/gradcheck_teeth.py ../shared/runtimes/micropython-32bit-float32 -X heapsize=176K
    (from the repository root; from anywhere, with paths relative to where you are)

Runs the demo's gradient check with PYTHON ARGUMENT... (its problem, with nonzero biases, and
with a target at every step, at some steps, and at the last step only: the largest of the three
errors) on minirnn.py as it is, then on copies of it with each mistake of the catalogue
exercises/mistakes.py put into the fast path (the source notebook's two and the classics: exact
pieces of source replaced, by tests/patches.py). This CPython reads the patches; only the copies
of minirnn.py run on PYTHON. The largest relative error is judged as the demo judges it, against
minirnn's GRADIENT_CHECK_TOLERANCE (1e-6 where the module has none): minirnn.py must pass and
each mistake must fail. Exits 1 otherwise, or if a piece of source to replace is not there once.
The error and the tolerance are printed by PYTHON, as the demo prints them ('{:.1e}'): 0.125,
the float32 MicroPython's tolerance, is 1.3e-01 there (CPython would round it to 1.2e-01).
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)           # this CPython reads the patches; PYTHON runs minirnn.py
from tests.patches import PATCHES, patched  # noqa: E402

# (the mistake, its patch into the fast path, which the gradient check checks)
MUTANTS = [(name, patches.fast) for name, patches in PATCHES.items() if patches.fast]
BUILD = os.path.join(ROOT, "build", "gradcheck")

# Run by PYTHON with the folder to import minirnn from: the problem demo_gradient_check checks.
CHECK = """
import sys
sys.path.insert(0, %r)
import minirnn
rng = minirnn.make_rng(3)
model = minirnn.RNN(4, 5, 3, seed=3)
xs = [[rng.uniform(-2, 2) for _ in range(4)] for _ in range(8)]
ys = [rng.randrange(3) for _ in xs]
h0 = [rng.uniform(-1, 1) for _ in range(5)]
# nonzero biases (a new model's are 0), so that a bias added into a gradient shows
model.b_h, model.b_o = [rng.uniform(-1, 1) for _ in range(5)], [rng.uniform(-1, 1) for _ in range(3)]
# every target; targets missing at some steps; a target at the last step only (many-to-one)
labels = [ys, [None if t %% 3 == 1 else y for t, y in enumerate(ys)], [None] * 7 + ys[-1:]]
error = max(minirnn.gradient_check(model, xs, labels_t, h0) for labels_t in labels)
tolerance = getattr(minirnn, "GRADIENT_CHECK_TOLERANCE", 1e-6)
print(repr(error), repr(tolerance), "{:.1e}".format(error), "{:.1e}".format(tolerance))
"""


def check(python, folder):
    """(largest relative error, tolerance, both as PYTHON prints them) of the gradient check on
    minirnn from `folder`, run there (so that it imports no other minirnn)."""
    result = subprocess.run(python + ["-c", CHECK % folder], cwd=folder,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = result.stdout.decode(errors="replace").strip()
    if result.returncode != 0:
        sys.exit("the gradient check did not run (exit %d):\n%s" % (result.returncode, output))
    error, tolerance, shown_error, shown_tolerance = output.splitlines()[-1].split()
    return float(error), float(tolerance), shown_error, shown_tolerance


def main():
    python = sys.argv[1:]
    if os.sep in python[0]:        # a path: the checks run in other folders, so make it absolute
        python[0] = os.path.abspath(python[0])
    with open(os.path.join(ROOT, "minirnn.py")) as f:
        source = f.read()
    cases = [("minirnn.py as it is", ROOT, True)]
    for i, (name, patch) in enumerate(MUTANTS):
        try:
            mutant = patched(source, patch)
        except ValueError as error:
            sys.exit("mistake %r: %s: update tests/patches.py" % (name, error))
        folder = os.path.join(BUILD, str(i))
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "minirnn.py"), "w") as f:
            f.write(mutant)
        cases.append((name, folder, False))
    verdicts = []
    for name, folder, correct in cases:
        error, tolerance, shown_error, shown_tolerance = check(python, folder)
        passes = error < tolerance                  # as the demo says "right": NaN fails
        verdicts.append(passes)
        print("%-48s largest relative error %s, tolerance %s: %s" % (
            name, shown_error, shown_tolerance, ("passes" if passes else "fails") +
            ("" if passes == correct else "  WRONG: it must " + ("pass" if correct else "fail"))))
    rejected = verdicts[1:].count(False)
    print("%s on minirnn.py, %d/%d bugs caught"
          % ("right" if verdicts[0] else "WRONG", rejected, len(MUTANTS)))
    sys.exit(0 if verdicts[0] and rejected == len(MUTANTS) else 1)


if __name__ == "__main__":
    main()
