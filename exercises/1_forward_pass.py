"""Exercise 1 of 5: write the forward pass yourself.

The track: 1_forward_pass.py (this file), 2_bptt.py, 3_bptt_loop.py, 4_gradient_check.py,
5_training_loop.py, each checked the same way (README, "Write it yourself").

In forward_pass below, replace each `...` with the right-hand side of the equation its
comment names (README, "The derivation": "The forward pass"), and write softmax, then run

    python3 exercises/1_forward_pass.py

It checks your forward_pass (with exercises/check.py) and names the first quantity that
is wrong, the step, what it should be on README's "BPTT by hand" example (its table
"Forward, t = 1 then t = 2") and what yours is, and, for a classic mistake, which one and
what to reread. Lines still `...` are listed, and the lines you have written are judged
all the same (each `...` then stands for its right value): fill in one line, run, repeat.
After README's example come random problems of three shapes, and one where one class's
score is 1000 above the rest: softmax must not overflow there.

The contract is minirnn's forward_pass: forward_pass(model, xs, ys, h0) returns
(L, s_h, a_h, s_o, y_hat), lists indexed like the math (a_h[t] is a_{h,t} for t = 0..T,
a_h[0] = h0; s_h[t], s_o[t], y_hat[t] for t = 1..T, index 0 unused) and L the total loss.
Every step has a target here. It must leave model, xs, ys and h0 as they are.

Given: minirnn's vocabulary imported below (add, matvec, tanh: elementwise), math (exp,
log), and every line of forward_pass that ends in `# given`.
"""
import math  # noqa: F401
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

from minirnn import add, matvec, tanh  # noqa: E402,F401


def softmax(z):
    """y_hat = softmax(z): entry k is exp(z_k) / sum_j exp(z_j), computed so that no exp
    overflows, whatever the scores (README, "The forward pass", its last paragraph)."""
    return ...  # softmax(z)


def forward_pass(model, xs, ys, h0):
    """Run the model over one sequence: return (L, s_h, a_h, s_o, y_hat)."""
    W, U, V, b_h, b_o = model.W, model.U, model.V, model.b_h, model.b_o     # given
    T = len(xs)                                                             # given
    s_h, s_o, y_hat = [None] * (T + 1), [None] * (T + 1), [None] * (T + 1)  # given
    a_h = [h0] + [None] * T                                                 # given
    L = 0.0                                                                 # given
    for t in range(1, T + 1):                                               # given
        x_t, y_t = xs[t - 1], ys[t - 1]                                     # given
        s_h[t] = ...  # s_{h,t}
        a_h[t] = ...  # a_{h,t}
        s_o[t] = ...  # s_{o,t}
        y_hat[t] = ...  # y_hat_t
        L_t = ...  # L_t
        L = ...  # L
    return L, s_h, a_h, s_o, y_hat                                          # given


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(ROOT, "exercises"))
    import check                               # exercises/check.py
    sys.exit(check.main([__file__]))
