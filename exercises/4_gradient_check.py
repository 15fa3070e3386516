"""Exercise 4 of 5: write the gradient check yourself.

The track: 1_forward_pass.py, 2_bptt.py, 3_bptt_loop.py, 4_gradient_check.py (this file),
5_training_loop.py, each checked the same way (README, "Write it yourself").

A gradient check compares bptt's gradient a of each entry theta with the central
difference of the loss, n = (L(theta + eps) - L(theta - eps)) / (2 eps), and returns the
largest relative error |a - n| / max(|a|, |n|, floor). Write the body of gradient_check
below where it is `...`: choose eps, then for every entry of W, U, V, b_h, b_o and of h0,
nudge it up and down, take L = forward_pass(model, xs, ys, h0)[0] each time, put it back,
and keep the largest error. Then run

    python3 exercises/4_gradient_check.py

The checker runs your gradient_check with minirnn's bptt, which it must pass (an error
below GRADIENT_CHECK_TOLERANCE, 9.7e-5 in doubles), and with wrong ones (dU transposed,
dh0 zero, one entry 1% off, every gradient doubled), which it must catch, on README's
"BPTT by hand" example, random problems, and one whose every gradient is about 1e-8; it
watches every loss your code takes (which entry, nudged by how much), and then judges
eps as a float32 board would, with FLOAT_EPSILON = 2**-21. A report names what is wrong,
expected and got, and the catalogued mistake.

Why this eps, why a relative error, and why float32 differs: minirnn.py's gradient_check
(section 10) says it in its docstring. In short: the difference's truncation error grows
like eps^2 and its rounding error like FLOAT_EPSILON |L| / eps, so eps is chosen from the
floats at hand, FLOAT_EPSILON ** (1 / 3) / 4 (1.5e-6 in doubles, 1.95e-3 in float32); an
error is relative because gradients come in every size; and below the floor, a
difference is rounding, not a gradient.

The contract is minirnn's gradient_check, with forward_pass and bptt named here (the
checker gives them): gradient_check(model, xs, ys, h0) returns the largest relative error,
a number; it may nudge model and h0 in place, but must give them back as they were.

Given: minirnn's FLOAT_EPSILON, forward_pass and bptt, the helper rows below, and every
line of gradient_check that ends in `# given`.
"""
import os
import sys


def minirnn_folder():
    """Where minirnn.py is: the checker's (when it runs this file), else the folder above
    this file's, or the one you run it from, or one above that (None if none holds it)."""
    if "minirnn" in sys.modules:
        return os.path.dirname(os.path.abspath(sys.modules["minirnn"].__file__))
    folders = [os.path.dirname(os.path.dirname(os.path.abspath(__file__)))]
    folder = os.getcwd()
    while folder not in folders:
        folders.append(folder)
        folder = os.path.dirname(folder)
    for folder in folders:
        if os.path.isfile(os.path.join(folder, "exercises", "check.py")) and \
                os.path.isfile(os.path.join(folder, "minirnn.py")):
            return folder
    return None


ROOT = minirnn_folder()
if ROOT is None:
    print("cannot find minirnn.py: run python3 exercises/check.py YOURFILE "
          "from the minirnn folder")
    sys.exit(2)
sys.path.insert(0, ROOT)

from minirnn import FLOAT_EPSILON, bptt, forward_pass  # noqa: E402,F401


def rows(p):
    """The rows of a matrix, or a vector as a one-row matrix, to read both alike."""
    return p if isinstance(p[0], list) else [p]


def gradient_check(model, xs, ys, h0):
    """The largest relative error between bptt's gradient and central differences of L."""
    L, _, a_h, _, y_hat = forward_pass(model, xs, ys, h0)                  # given
    grads = bptt(model, xs, ys, a_h, y_hat)[0]                              # given
    eps = ...  # the nudge, chosen from FLOAT_EPSILON
    # below floor, a difference is rounding: 64 times its error, or 3% of the largest a
    largest = max(abs(a) for g in grads.values() for row in rows(g) for a in row)  # given
    floor = max(64 * FLOAT_EPSILON * max(1.0, abs(L)) / eps, 0.03 * largest)  # given
    worst = 0.0                                                             # given
    ...  # for every entry of W, U, V, b_h, b_o and h0 (grads has each under its name)
    return worst                                                            # given


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(ROOT, "exercises"))
    import check                               # exercises/check.py
    sys.exit(check.main([__file__]))
