"""Exercise 3 of 5: write Backpropagation Through Time yourself, from a blank loop.

The track: 1_forward_pass.py, 2_bptt.py, 3_bptt_loop.py (this file: 2_bptt.py with
the loop header, the start ds_{h,T+1} = 0 and the lists' sizes blank too),
4_gradient_check.py, 5_training_loop.py (README, "Write it yourself").

In bptt below, write first the three lines that exercise 2 gives: the lists' sizes, the
start ds_{h,T+1} = 0 and the loop header (which t, in which order, and why: README, "BPTT,
line by line", "Why the loop runs from T down to 1"). Nothing is judged until they are
written. Then replace each `...` with the right-hand side of the equation its comment
names (README, "The derivation": "BPTT, line by line"), and run

    python3 exercises/3_bptt_loop.py

It checks your bptt (with exercises/check.py) and names the first quantity that is
wrong, the step, what it should be on README's "BPTT by hand" example and what yours is,
and, for a classic mistake, which one and what to reread. Lines still `...` are listed,
and the lines you have written are judged all the same (each `...` then stands for its
right value): fill in one line, run, repeat.

A copy of this file works too, run from the minirnn folder or any folder inside it
(python3 path/to/your_copy.py); from anywhere else, run
python3 exercises/check.py YOURFILE from the minirnn folder.

The contract is minirnn's bptt: bptt(model, xs, ys, a_h, y_hat) takes forward_pass's
a_h and y_hat (a_h[t] is a_{h,t}, a_h[0] = h0) and returns (grads, ds_o, da_h, ds_h):
ds_o[t], da_h[t], ds_h[t] are ds_{o,t}, da_{h,t}, ds_{h,t} for t = 1..T (lists indexed
like the math: index 0 unused, and ds_h has one more, T + 1, for the start), grads holds
dW, dU, dV, db_h, db_o and dh0 under the keys W, U, V, b_h, b_o, h0. It must leave its
inputs as they are.

Given: the forward pass (minirnn's forward_pass makes the a_h and y_hat that bptt
takes), minirnn's vocabulary imported below (zeros, zeros_like, add, sub, mul, dot,
matvec, transpose, outer, one_hot), and every line of bptt that ends in `# given`: the
names, the sums over t starting at zero, the step's input and target, and the return.
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

from minirnn import (add, dot, forward_pass, matvec, mul, one_hot, outer,  # noqa: E402,F401
                     sub, transpose, zeros, zeros_like)


def bptt(model, xs, ys, a_h, y_hat):
    """The gradient of L, from step T back to step 1: return (grads, ds_o, da_h, ds_h)."""
    W, U, V, b_h, b_o = model.W, model.U, model.V, model.b_h, model.b_o     # given
    T = len(xs)                                                             # given
    dW, dU, dV = zeros_like(W), zeros_like(U), zeros_like(V)                # given
    db_h, db_o = zeros_like(b_h), zeros_like(b_o)                           # given
    ds_o, da_h, ds_h = ...  # the lists, indexed like the math: how many entries each?
    ...  # ds_{h,T+1} = 0: the start
    for t in ...:  # the loop: t = ?
        x_t, y_t = xs[t - 1], ys[t - 1]                                     # given
        ds_o[t] = ...  # ds_{o,t}
        da_h[t] = ...  # da_{h,t}
        ds_h[t] = ...  # ds_{h,t}
        dV = ...  # dV
        db_o = ...  # db_o
        dW = ...  # dW
        dU = ...  # dU
        db_h = ...  # db_h
    dh0 = ...  # dh0
    grads = {"W": dW, "U": dU, "V": dV, "b_h": db_h, "b_o": db_o, "h0": dh0}  # given
    return grads, ds_o, da_h, ds_h                                          # given


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(ROOT, "exercises"))
    import check                               # exercises/check.py
    sys.exit(check.main([__file__]))
