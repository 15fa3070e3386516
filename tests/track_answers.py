"""The track's answers written independently, and each catalogued mistake written into them:
what tests/test_track.py judges, and what make portability's checker row judges on MicroPython.
(Exercise 2's answer written independently is tests/test_exercises.py's; exercise 3 is judged
on its starting file filled in.)
"""
import inspect

import minirnn

# A right forward pass written here in its own style: loops over entries, its own softmax.
FORWARD = """
import math

def forward_pass(model, xs, ys, h0):
    W, U, V, b_h, b_o = model.W, model.U, model.V, model.b_h, model.b_o
    T, n_h, n_o = len(xs), len(U), len(V)
    s_h, a_h, s_o, y_hat = [None] * (T + 1), [list(h0)] + [None] * T, [None] * (T + 1), [None] * (T + 1)
    L = 0.0
    for t in range(1, T + 1):
        s_h[t] = [sum(W[i][j] * xs[t - 1][j] for j in range(len(W[0])))
                  + sum(U[i][j] * a_h[t - 1][j] for j in range(n_h)) + b_h[i] for i in range(n_h)]
        a_h[t] = [math.tanh(s) for s in s_h[t]]
        s_o[t] = [sum(V[k][j] * a_h[t][j] for j in range(n_h)) + b_o[k] for k in range(n_o)]
        top = max(s_o[t])
        e = [math.exp(s - top) for s in s_o[t]]
        y_hat[t] = [v / sum(e) for v in e]
        L += -math.log(y_hat[t][ys[t - 1]])
    return L, s_h, a_h, s_o, y_hat
"""

FORWARD_INJECTIONS = [  # (the catalogue's diagnosis, the mistake written into FORWARD)
    ("tanh left out", [("[math.tanh(s) for s in s_h[t]]", "list(s_h[t])")]),
    ("U a_{h,t} where U a_{h,t-1} belongs", [("U[i][j] * a_h[t - 1][j]", "U[i][j] * a_h[t][j]")]),
    ("the state always h0", [("U[i][j] * a_h[t - 1][j]", "U[i][j] * h0[j]")]),
    ("a bias left out", [(" + b_h[i] for i", " for i")]),
    ("a bias left out", [(" + b_o[k] for k", " for k")]),
    ("softmax without its max taken out", [("top = max(s_o[t])", "top = 0.0")]),
    ("softmax without its max taken out", [("top = max(s_o[t])", "top = min(s_o[t])")]),
    ("softmax without its max taken out", [("top = max(s_o[t])", "top = sum(s_o[t]) / n_o")]),
    ("the loss of the wrong class", [("y_hat[t][ys[t - 1]]", "max(y_hat[t])")]),
    ("the loss of the wrong class", [("y_hat[t][ys[t - 1]]", "y_hat[t][ys[t - 2]]")]),
    ("L_t's minus sign missing", [("L += -math.log", "L += math.log")]),
    ("L overwritten instead of summed over t", [("L += -math.log", "L = -math.log")]),
]


# A right gradient check written here in its own style: a flat list of (list, index, gradient).
GRADIENT_CHECK = """
from minirnn import FLOAT_EPSILON, bptt, forward_pass

def gradient_check(model, xs, ys, h0):
    L, _, a_h, _, y_hat = forward_pass(model, xs, ys, h0)
    grads = bptt(model, xs, ys, a_h, y_hat)[0]
    eps = FLOAT_EPSILON ** (1 / 3) / 4
    places = []
    for name, p in [("W", model.W), ("U", model.U), ("V", model.V), ("b_h", model.b_h),
                    ("b_o", model.b_o), ("h0", h0)]:
        g = grads[name]
        if isinstance(p[0], list):
            places += [(p[r], i, g[r][i]) for r in range(len(p)) for i in range(len(p[r]))]
        else:
            places += [(p, i, g[i]) for i in range(len(p))]
    largest = max(abs(a) for _, _, a in places)
    floor = max(64 * FLOAT_EPSILON * max(1.0, abs(L)) / eps, 0.03 * largest)
    worst = 0.0
    for row, i, a in places:
        theta = row[i]
        row[i] = theta + eps
        up = forward_pass(model, xs, ys, h0)[0]
        row[i] = theta - eps
        down = forward_pass(model, xs, ys, h0)[0]
        row[i] = theta
        n = (up - down) / (2 * eps)
        worst = max(worst, abs(a - n) / max(abs(a), abs(n), floor))
    return worst
"""

GRADIENT_CHECK_INJECTIONS = [  # (the catalogue's diagnosis, the mistake written into GRADIENT_CHECK)
    ("a one-sided difference", [("        row[i] = theta - eps\n"
                                 "        down = forward_pass(model, xs, ys, h0)[0]\n",
                                 "        down = L\n")]),
    ("a one-sided difference", [("n = (up - down) / (2 * eps)", "n = (up - L) / eps")]),
    ("an eps too small for the float format", [("eps = FLOAT_EPSILON ** (1 / 3) / 4", "eps = 1e-10")]),
    ("an eps too small for the float format", [("eps = FLOAT_EPSILON ** (1 / 3) / 4", "eps = 1e-5")]),
    ("an eps too small for the float format", [("eps = FLOAT_EPSILON ** (1 / 3) / 4",
                                                "eps = FLOAT_EPSILON ** 0.5")]),
    ("an absolute error where a relative one is needed", [("abs(a - n) / max(abs(a), abs(n), floor)",
                                                            "abs(a - n)")]),
    ("a nudge not undone", [("        row[i] = theta\n", "")]),
    ("a nudge not undone", [("        row[i] = theta\n",
                             "        row[i] = theta if row is not h0 else row[i]\n")]),
    ("h0 left out of the check", [(', ("h0", h0)]', "]")]),
    ("the last error kept instead of the largest", [("worst = max(worst, abs(a - n)",
                                                      "worst = (abs(a - n)")]),
    ("a one-sided difference", [("n = (up - down) / (2 * eps)", "n = (L - down) / eps")]),
]


# A right training loop written here in its own style: the clip scales the gradient itself.
TRAIN = """
import math
from minirnn import forward_pass, zeros

def train(model, data, epochs, lr, clip):
    names = ["W", "U", "V", "b_h", "b_o"]
    losses = []
    for epoch in range(epochs):
        total = 0.0
        for xs, ys in data:
            L, _, a_h, _, y_hat = forward_pass(model, xs, ys, zeros(len(model.U)))
            grads = bptt(model, xs, ys, a_h, y_hat)[0]
            flat = [g for name in names for row in (grads[name] if isinstance(grads[name][0], list)
                                                    else [grads[name]]) for g in row]
            size = math.sqrt(sum(g * g for g in flat))
            scale = clip / size if size > clip else 1.0
            for name in names:
                p, g = getattr(model, name), grads[name]
                if isinstance(p[0], list):
                    for r in range(len(p)):
                        for i in range(len(p[r])):
                            p[r][i] -= lr * scale * g[r][i]
                else:
                    for i in range(len(p)):
                        p[i] -= lr * scale * g[i]
            total += L
        losses.append(total)
    return losses
"""
# the learner's own bptt, pasted into the file: exercise 2's answer, minirnn's lines
OWN_BPTT = ("\nfrom minirnn import add, matvec, mul, one_hot, outer, sub, transpose, zeros_like\n\n\n"
            + inspect.getsource(minirnn.bptt))

TRAIN_INJECTIONS = [  # (the catalogue's diagnosis, the mistake written into TRAIN)
    ("the update's sign flipped", [("p[r][i] -= lr", "p[r][i] += lr"), ("p[i] -= lr", "p[i] += lr")]),
    ("the learning rate applied twice", [("p[r][i] -= lr", "p[r][i] -= lr * lr"),
                                         ("p[i] -= lr", "p[i] -= lr * lr")]),
    ("the clip applied per entry instead of to the global norm", [
        ("lr * scale * g[r][i]", "lr * max(-clip, min(clip, g[r][i]))"),
        ("lr * scale * g[i]", "lr * max(-clip, min(clip, g[i]))")]),
    ("the clip applied to each parameter's own norm", [
        ("            for name in names:\n                p, g = getattr(model, name), grads[name]\n",
         "            for name in names:\n                p, g = getattr(model, name), grads[name]\n"
         "                own = math.sqrt(sum(v * v for row in (g if isinstance(g[0], list) else [g])"
         " for v in row))\n                scale = clip / own if own > clip else 1.0\n")]),
    ("the clip left out", [("scale = clip / size if size > clip else 1.0", "scale = 1.0")]),
    ("a parameter left out of the update", [("            for name in names:\n",
                                             "            for name in names[:3]:\n")]),
    ("the state carried across sequences", [
        ("        for xs, ys in data:\n            L, _, a_h, _, y_hat = forward_pass(model, xs, ys, "
         "zeros(len(model.U)))", "        h = zeros(len(model.U))\n        for xs, ys in data:\n"
         "            L, _, a_h, _, y_hat = forward_pass(model, xs, ys, h)\n            h = a_h[-1]")]),
]


# mistakes whose report quotes the runtime's own exception message (MicroPython's words differ)
RAISING = ["U a_{h,t} where U a_{h,t-1} belongs", "softmax without its max taken out"]


def track_cases():
    """[(what, source)]: each answer above, right, then with each of its mistakes written in
    (but those of RAISING: what the checker's row of make portability compares word for word)."""
    from tests.patches import patched
    cases = []
    for name, right, injections in [("forward_pass", FORWARD, FORWARD_INJECTIONS),
                                    ("gradient_check", GRADIENT_CHECK, GRADIENT_CHECK_INJECTIONS),
                                    ("train", TRAIN + OWN_BPTT, TRAIN_INJECTIONS)]:
        cases.append((name + ", right", right))
        cases += [("%s: %s" % (name, mistake), patched(right, patch)) for mistake, patch in injections
                  if mistake not in RAISING]
    return cases
