"""The track's answers written independently, and each catalogued mistake written into them:
what tests/test_track.py and tests/test_exercises.py judge, docs/verdicts.md shows (made by
tools/exercise_report.py) and make portability's checker row judges on MicroPython. (Exercise
3 is judged on its starting file filled in with minirnn's lines.)
"""
import inspect
import os

import minirnn

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))   # the repository

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
    ("softmax without its max taken out", [("top = max(s_o[t])", "top = 0.0"),    # exp past its range is
                                           ("math.exp(s - top)",             # inf, as on MicroPython
                                            "(math.exp(s - top) if s - top < 709 else math.inf)")]),
    ("the loss of the wrong class", [("y_hat[t][ys[t - 1]]", "max(y_hat[t])")]),
    ("the loss of the wrong class", [("y_hat[t][ys[t - 1]]", "y_hat[t][ys[t - 2]]")]),
    ("L_t's minus sign missing", [("L += -math.log", "L += math.log")]),
    ("L overwritten instead of summed over t", [("L += -math.log", "L = -math.log")]),
]


# A correct BPTT written here, in its own style: loops over entries, no minirnn helpers.
BPTT = """
def bptt(model, xs, ys, a_h, y_hat):
    W, U, V = model.W, model.U, model.V
    T, n_h, n_o, n_x = len(xs), len(U), len(V), len(xs[0])
    ds_o, da_h, ds_h = [None] * (T + 1), [None] * (T + 1), [None] * (T + 2)
    ds_h[T + 1] = [0.0] * n_h
    dW = [[0.0] * n_x for _ in range(n_h)]
    dU = [[0.0] * n_h for _ in range(n_h)]
    dV = [[0.0] * n_h for _ in range(n_o)]
    db_h, db_o = [0.0] * n_h, [0.0] * n_o
    for t in range(T, 0, -1):
        ds_o[t] = [y_hat[t][k] - (k == ys[t - 1]) for k in range(n_o)]
        da_h[t] = [sum(V[k][j] * ds_o[t][k] for k in range(n_o))
                   + sum(U[i][j] * ds_h[t + 1][i] for i in range(n_h)) for j in range(n_h)]
        ds_h[t] = [da_h[t][j] * (1 - a_h[t][j] ** 2) for j in range(n_h)]
        for i in range(n_h):
            for j in range(n_x):
                dW[i][j] += ds_h[t][i] * xs[t - 1][j]
            for j in range(n_h):
                dU[i][j] += ds_h[t][i] * a_h[t - 1][j]
            db_h[i] += ds_h[t][i]
        for k in range(n_o):
            for j in range(n_h):
                dV[k][j] += ds_o[t][k] * a_h[t][j]
            db_o[k] += ds_o[t][k]
    dh0 = [sum(U[i][j] * ds_h[1][i] for i in range(n_h)) for j in range(n_h)]
    return {"W": dW, "U": dU, "V": dV, "b_h": db_h, "b_o": db_o, "h0": dh0}, ds_o, da_h, ds_h
"""

BPTT_INJECTIONS = [  # (the catalogue's diagnosis, the mistake written into BPTT)
    ("U instead of U^T in the carried term", [("U[i][j] * ds_h[t + 1]", "U[j][i] * ds_h[t + 1]")]),
    ("dU as a dot product", [("dU[i][j] += ds_h[t][i] * a_h[t - 1][j]",
                              "dU[i][j] += sum(ds_h[t][m] * a_h[t - 1][m] for m in range(n_h))")]),
    ("the carried term missing", [("U[i][j] * ds_h[t + 1][i]", "0 * ds_h[t + 1][i]")]),
    ("the carried term missing", [("for t in range(T, 0, -1):", "for t in range(1, T + 1):"),
                                  ("[None] * (T + 2)", "[[0.0] * n_h for _ in range(T + 2)]")]),
    ("tanh' missing", [("da_h[t][j] * (1 - a_h[t][j] ** 2)", "da_h[t][j]")]),
    ("tanh' written as 1 - a", [("(1 - a_h[t][j] ** 2)", "(1 - a_h[t][j])")]),
    ("a_{h,t} where a_{h,t-1} belongs, in dU", [("* a_h[t - 1][j]", "* a_h[t][j]")]),
    ("a gradient overwritten instead of summed over t", [("dV[k][j] +=", "dV[k][j] =")]),
    ("ds_o's sign flipped", [("y_hat[t][k] - (k == ys[t - 1])", "(k == ys[t - 1]) - y_hat[t][k]")]),
    ("dh0 taken at the wrong step", [("U[i][j] * ds_h[1][i]", "U[i][j] * ds_h[t + 1][i]")]),
    ("dh0 left out", [("dh0 = [sum(U[i][j] * ds_h[1][i] for i in range(n_h)) for j in range(n_h)]",
                       "dh0 = [0.0] * n_h")]),
    ("V instead of V^T in da_{h,t}", [("V[k][j] * ds_o[t][k]", "V[j][k] * ds_o[t][k]")]),
    ("U instead of U^T in dh0", [("dh0 = [sum(U[i][j] * ds_h[1][i]", "dh0 = [sum(U[j][i] * ds_h[1][i]")]),
    ("dU transposed", [("dU[i][j] += ds_h[t][i] * a_h[t - 1][j]", "dU[j][i] += ds_h[t][i] * a_h[t - 1][j]")]),
    ("dW transposed", [("dW = [[0.0] * n_x for _ in range(n_h)]", "dW = [[0.0] * n_h for _ in range(n_x)]"),
                       ("dW[i][j] += ds_h[t][i] * xs[t - 1][j]", "dW[j][i] += ds_h[t][i] * xs[t - 1][j]")]),
    ("tanh' taken at the wrong step", [("(1 - a_h[t][j] ** 2)", "(1 - a_h[t - 1][j] ** 2)")]),
    ("dV transposed", [("dV[k][j] += ds_o[t][k] * a_h[t][j]", "dV[j][k] += ds_o[t][k] * a_h[t][j]")]),
    ("ds_{o,t} where ds_{h,t} belongs", [("dW[i][j] += ds_h[t][i] * xs[t - 1][j]",
                                          "dW[i][j] += ds_o[t][i] * xs[t - 1][j]")]),
    ("da_{h,t} where ds_{h,t} belongs", [("db_h[i] += ds_h[t][i]", "db_h[i] += da_h[t][i]")]),
    ("tanh' applied to the V^T term only", [(
        "ds_h[t] = [da_h[t][j] * (1 - a_h[t][j] ** 2) for j in range(n_h)]",
        "ds_h[t] = [sum(V[k][j] * ds_o[t][k] for k in range(n_o)) * (1 - a_h[t][j] ** 2)"
        " + sum(U[i][j] * ds_h[t + 1][i] for i in range(n_h)) for j in range(n_h)]")]),
    ("tanh applied again in tanh'", [("(1 - a_h[t][j] ** 2)", "(1 - math.tanh(a_h[t][j]) ** 2)"),
                                     ("\ndef bptt(", "\nimport math\n\n\ndef bptt(")]),
    ("a bias added into a gradient", [("db_o[k] += ds_o[t][k]", "db_o[k] += ds_o[t][k] + model.b_o[k]")]),
    ("a bias added into a gradient", [("y_hat[t][k] - (k == ys[t - 1])",
                                       "y_hat[t][k] - (k == ys[t - 1]) + model.b_o[k]")]),
    ("da and ds mixed in the carried term", [("U[i][j] * ds_h[t + 1][i]", "U[i][j] * da_h[t + 1][i]")]),
    ("da and ds mixed in the carried term", [("U[i][j] * ds_h[t + 1][i]", "U[i][j] * da_h[t + 1][i]"),
                                             # with an entry T + 1 it runs (not an IndexError, told
                                             # as such): wrong from t = T - 1, diagnosed by value
                                             ("ds_h[T + 1] = [0.0] * n_h",
                                              "ds_h[T + 1] = [0.0] * n_h\n    da_h.append([0.0] * n_h)")]),
    # each other form a mistake's `computes` lists, written independently
    ("a bias added into a gradient", [("ds_h[t + 1][i] for i in range(n_h)) for j",
                                       "ds_h[t + 1][i] for i in range(n_h)) + model.b_h[j] for j")]),
    ("a bias added into a gradient", [("** 2) for j in range(n_h)]",
                                       "** 2) + model.b_h[j] for j in range(n_h)]")]),
    ("a bias added into a gradient", [("ds_h[1][i] for i in range(n_h)) for j",
                                       "ds_h[1][i] for i in range(n_h)) + model.b_h[j] for j")]),
    ("a bias added into a gradient", [("db_h[i] += ds_h[t][i]",
                                       "db_h[i] += ds_h[t][i] + model.b_h[i]")]),
    ("a bias added into a gradient", [("    return {",
                                       "    db_o = [d + b for d, b in zip(db_o, model.b_o)]\n    return {")]),
    ("tanh' applied to the V^T term only", [
        ("for k in range(n_o))\n", "for k in range(n_o)) * (1 - a_h[t][j] ** 2)\n"),
        ("ds_h[t] = [da_h[t][j] * (1 - a_h[t][j] ** 2) for j in range(n_h)]", "ds_h[t] = da_h[t]")]),
    ("ds_{o,t} where ds_{h,t} belongs", [("dU[i][j] += ds_h[t][i]", "dU[i][j] += ds_o[t][i]")]),
    ("ds_{o,t} where ds_{h,t} belongs", [("db_h[i] += ds_h[t][i]", "db_h[i] += ds_o[t][i]")]),
    ("da_{h,t} where ds_{h,t} belongs", [("dW[i][j] += ds_h[t][i]", "dW[i][j] += da_h[t][i]")]),
    ("da_{h,t} where ds_{h,t} belongs", [("dU[i][j] += ds_h[t][i]", "dU[i][j] += da_h[t][i]")]),
    ("a gradient overwritten instead of summed over t", [("dW[i][j] +=", "dW[i][j] =")]),
    ("a gradient overwritten instead of summed over t", [("dU[i][j] +=", "dU[i][j] =")]),
    ("a gradient overwritten instead of summed over t", [("db_h[i] +=", "db_h[i] =")]),
    ("a gradient overwritten instead of summed over t", [("db_o[k] +=", "db_o[k] =")]),
]


def filled_source(source, lines):
    """source with each `X = ...  # comment` line given its right-hand side from lines (by X)."""
    out = []
    for line in source.splitlines():
        target = line.split(" = ")[0].strip()
        if " = ...  # " in line and target in lines:
            line = line.split(" = ")[0] + " = " + lines[target]
        out.append(line)
    return "\n".join(out) + "\n"


BPTT_LINES = {line.split(" = ")[0].strip(): line.split(" = ", 1)[1]
              for line in inspect.getsource(minirnn.bptt).splitlines() if " = " in line}
LOOP_LINES = {  # the three lines exercise 3 leaves blank, as exercise 2 gives them
    "ds_o, da_h, ds_h = ...  # the lists, indexed like the math: how many entries each?":
        "ds_o, da_h, ds_h = [None] * (T + 1), [None] * (T + 1), [None] * (T + 2)",
    "...  # ds_{h,T+1} = 0: the start": "ds_h[T + 1] = zeros(len(U))",
    "for t in ...:  # the loop: t = ?": "for t in range(T, 0, -1):"}


def template(name):
    with open(os.path.join(ROOT, "exercises", name)) as file:
        return file.read()


def filled_loop():
    """3_bptt_loop.py written with minirnn's lines, its three loop lines as exercise 2 gives them."""
    source = template("3_bptt_loop.py")
    for blank, right in LOOP_LINES.items():
        source = source.replace(blank, right)
    return filled_source(source, BPTT_LINES)


BPTT_LOOP = filled_loop()
LISTS, START, LOOP = LOOP_LINES.values()

DH0 = "    dh0 = matvec(transpose(U), ds_h[1])\n"
LOOP_OTHERS = [  # into BPTT_LOOP, its loop right
    (None, [("ds_h[1])\n", "ds_h[0])\n")]),                                   # dh0 from step 0
    (None, [(DH0, ""), ("        db_h = add(db_h, ds_h[t])\n",                     # dh0 in the loop
                        "        db_h = add(db_h, ds_h[t])\n"
                        "        dh0 = matvec(transpose(U), ds_h[t - 1])\n")]),
]
LOOP_INJECTIONS = [  # (the catalogue's diagnosis, the loop lines written wrong into BPTT_LOOP)
    ("the loop runs forwards", [(LOOP, "for t in range(1, T + 1):")]),
    ("the loop stops before t = 1", [(LOOP, "for t in range(T, 1, -1):")]),
    ("the loop stops before t = 1", [(LOOP, "for t in range(T, 1, -1):"),      # with dh0 still `...`
                                     ("    dh0 = matvec(transpose(U), ds_h[1])", "    dh0 = ...")]),
    ("the loop stops before t = 1", [(LOOP, "for t in range(T, 1, -1):"), (DH0, ""),   # dh0 in the return
                                     ('"h0": dh0}', '"h0": matvec(transpose(U), ds_h[1])}')]),
    ("the loop runs to t = 0", [(LOOP, "for t in range(T, -1, -1):")]),
    ("the loop starts at t = T + 1", [(LOOP, "for t in range(T + 1, 0, -1):")]),
    ("the start ds_{h,T+1} = 0 missing", [(START, "pass")]),
    ("the start ds_{h,T+1} = 0 missing", [(START, "ds_h[T] = zeros(len(U))")]),
    ("a list one entry too short", [(LISTS, "ds_o, da_h, ds_h = [None] * (T + 1), [None] * (T + 1), "
                                            "[None] * (T + 1)")]),
    ("a list one entry too short", [(LISTS, "ds_o, da_h, ds_h = [None] * T, [None] * T, [None] * (T + 2)")]),
    ("a list one entry too short", [(LISTS, "ds_o, da_h, ds_h = [None] * (T + 1), [None] * T, "
                                            "[None] * (T + 2)")]),
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
    ("a one-sided difference", [("        row[i] = theta + eps\n"
                                 "        up = forward_pass(model, xs, ys, h0)[0]\n",
                                 "        up = L\n")]),
    ("an eps too small for the float format", [("eps = FLOAT_EPSILON ** (1 / 3) / 4", "eps = 1e-10")]),
    ("an eps too small for the float format", [("eps = FLOAT_EPSILON ** (1 / 3) / 4", "eps = 1e-5")]),
    ("an eps too small for the float format", [("eps = FLOAT_EPSILON ** (1 / 3) / 4",
                                                "eps = FLOAT_EPSILON ** 0.5")]),
    ("an absolute error where a relative one is needed", [("abs(a - n) / max(abs(a), abs(n), floor)",
                                                            "abs(a - n)")]),
    ("a nudge not undone", [("        row[i] = theta\n", "")]),
    ("a nudge not undone", [("        row[i] = theta\n", ""),            # every entry put back at the end
                            ("    worst = 0.0\n",
                             "    worst = 0.0\n    saved = [row[i] for row, i, _ in places]\n"),
                            ("    return worst", "    for (row, i, _), theta in zip(places, saved):\n"
                                                 "        row[i] = theta\n    return worst")]),
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



# ---------------------------------------------------------------------------
# What the catalogue does not name (diagnosis None), or names from another file: what else
# docs/verdicts.md shows, each patched into the file its exercise's tuple in VERDICTS names
# ---------------------------------------------------------------------------

BPTT_FILLED = filled_source(template("2_bptt.py"), BPTT_LINES)   # exercise 2 with minirnn's lines

FORWARD_OTHERS = [
    (None, [("    return L, s_h, a_h, s_o, y_hat", "    return L, s_h, a_h, s_o")]),
    (None, [("    return L, s_h, a_h, s_o, y_hat", "    return [L], s_h, a_h, s_o, y_hat")]),
    (None, [("    return L, s_h, a_h, s_o, y_hat", "    return L, s_h, a_h, [None] * (T + 1), y_hat")]),
    (None, [("+ b_h[i] for i in range(n_h)]", "+ b_h[i] for i in range(n_h - 1)]")]),
    (None, [("T, n_h, n_o = len(xs), len(U), len(V)", "T, n_h, n_o = len(xs), len(U), len(U)")]),
    (None, [("y_hat[t] = [v / sum(e) for v in e]", "y_hat[t] = [v / max(e) for v in e]")]),
    (None, [("    L = 0.0\n", "    L = 0.0\n    ys[0] = 0\n")]),
    (None, [("L += -math.log(y_hat[t][ys[t - 1]])", "L += -math.log(y_hat[t][ys[t]])")]),
    (None, [("    L = 0.0\n", "    L = 0.0\n    raise SystemExit(4)\n")]),
    (None, [("    return L, s_h, a_h, s_o, y_hat", "    return L, s_h[1:], a_h, s_o, y_hat")]),  # from t = 0
    (None, [("    return L, s_h, a_h, s_o, y_hat", "")]),                                  # no return
    (None, [("    L = 0.0\n", "    L = 0.0\n    for x_t in xs:\n        x_t.append(1.0)\n")]),  # a bias input
    (None, [("    L = 0.0\n", "    L = 0.0\n    for row in W:\n"                         # weights clipped
                                "        row[:] = [max(-1.0, min(1.0, w)) for w in row]\n")]),
    (None, [("    return L, s_h, a_h, s_o, y_hat", "    return L, s_h, a_h, [], y_hat")]),  # s_o not kept
    (None, [("    L = 0.0\n", "    L = 0.0\n    h0[:] = [math.tanh(v) for v in h0]\n")]),
    (None, [("y_hat[t] = [v / sum(e) for v in e]", "y_hat[t] = [float(s == top) for s in s_o[t]]")]),  # max
    (None, [("a_h[t] = [math.tanh(s) for s in s_h[t]]",                           # a constant unit
             "a_h[t] = [math.tanh(s) for s in s_h[t]] + [1.0]")]),
    (None, [("math.log(y_hat[t][ys[t - 1]])", "math.log(y_hat[t][ys[t - 1]] + 1e-10)")]),  # log(0) guarded
    (None, [("[list(h0)] + [None] * T", "[None] * (T + 1)")]),                       # h0 left out of a_h
]

DS_H_LINE = "        ds_h[t] = [da_h[t][j] * (1 - a_h[t][j] ** 2) for j in range(n_h)]\n"
BPTT_OTHERS = [  # into BPTT, written independently
    (None, [('"h0": dh0}, ds_o, da_h, ds_h', '"h0": dh0}, ds_o, da_h')]),
    (None, [(', "h0": dh0}', '}')]),
    (None, [("dh0 = [sum(U[i][j] * ds_h[1][i] for i in range(n_h)) for j in range(n_h)]",
             "dh0 = sum(U[0][j] * ds_h[1][0] for j in range(n_h))")]),
    (None, [("for j in range(n_h)]\n    return {", "for j in range(n_h - 1)]\n    return {")]),
    (None, [('"h0": dh0}, ds_o, da_h, ds_h', '"h0": dh0}, ds_o, [None] * (T + 1), ds_h')]),
    (None, [("(1 - a_h[t][j] ** 2)", "(1 - a_h[t][j] ** 3)"),
            ("    return {", "    ds_o[0] = [0.0] * n_o\n    return {")]),
    (None, [("    return {", "    a_h[1][0] = 0.0\n    return {")]),
    (None, [("\ndef bptt(", "\nimport minirnn\nminirnn.transpose = lambda M: M\n\n\ndef bptt(")]),
    (None, [("dV = [[0.0] * n_h for _ in range(n_o)]", "dV = [[0.0] * n_o for _ in range(n_o)]")]),
    (None, [("ds_o[t] = [y_hat[t][k] -", "ds_o[t] = [y_hat[t][k + 1] -")]),
    (None, [("    return {", "    raise SystemExit(3)\n    return {")]),
    (None, [("(k == ys[t - 1])", "(k == ys[t])")]),
    (None, [("dV[k][j] += ds_o[t][k]", "dV[k][j] += ds_o[t + 1][k]")]),
    (None, [("U[i][j] * ds_h[t + 1][i]", "U[i][j] * ds_h[t - 1][i]")]),       # the carried term from t - 1
    (None, [(", ds_o, da_h, ds_h\n", "\n")]),                                    # the gradients only
    (None, [(DS_H_LINE, ""), ("        da_h[t] = [", DS_H_LINE + "        da_h[t] = [")]),  # a line too early
    (None, [("    dh0 = [sum(U[i][j] * ds_h[1][i] for i in range(n_h)) for j in range(n_h)]",   # += too short
             "    dh0 = []\n    for j in range(n_x):\n"
             "        dh0 += [sum(U[i][j] * ds_h[1][i] for i in range(n_h))]")]),
    (None, [("dh0 = [sum(U[i][j] * ds_h[1][i] for i in range(n_h)) for j in range(n_h)]",   # its own
             "dh0 = [sum(row[j] * ds_h[1][i] for i, row in enumerate(U)) for j in range(len(V))]")]),  # names
    (None, [("U[i][j] * ds_h[1][i] for i in range(n_h))",                        # raises where n_out > n_h
             "U[i][j] * ds_h[1][i] for i in range(len(V)))")]),
    (None, [("(k == ys[t - 1]) for k in range(n_o)]",                            # and then raises
             "(k == ys[t - 1]) for k in range(n_o - 1)]")]),
]

BPTT_FILLED_OTHERS = [  # into exercises/2_bptt.py filled in with minirnn's lines
    (None, [("dV = add(dV, outer(ds_o[t], a_h[t]))", "dV += outer(ds_o[t], a_h[t])")]),
    (None, [("db_o = add(db_o, ds_o[t])", "db_o += ds_o[t]")]),
    (None, [("db_o = add(db_o, ds_o[t])", "db_o = add(db_o, sum(ds_o[t]))")]),
    (None, [("da_h[t] = add(matvec(transpose(V), ds_o[t]), matvec(transpose(U), ds_h[t + 1]))",
             "da_h[t] = matvec(transpose(V), ds_o[t]) + matvec(transpose(U), ds_h[t + 1])")]),
    ("dW transposed", [("dW = add(dW, outer(ds_h[t], x_t))", "dW = add(dW, outer(x_t, ds_h[t]))")]),
    (None, [("mul(da_h[t], [1.0 - a * a for a in a_h[t]])",
             "mul(da_h[t], [1.0 - a * a for a in a_h[t]][:1])")]),
    (None, [("    dh0 = matvec(transpose(U), ds_h[1])",
             "    x_t = add(ds_h[1], x_t)\n    dh0 = matvec(transpose(U), ds_h[1])")]),
    (None, [("ds_h[t] = mul(da_h[t], [1.0 - a * a for a in a_h[t]])",
             "ds_h[t] = da_h[t] * (1 - a_h[t] ** 2)")]),
    (None, [("    T = len(xs)      ", "    T = len(xs) - 1  ")]),
    ("the start ds_{h,T+1} = 0 missing", [("    ds_h[T + 1] = zeros(len(U))" + " " * 45 + "# given\n", "")]),
    (None, [("matvec(transpose(U), ds_h[t + 1])", "matvec(transpose(U), ds_h[t])")]),   # this step's, not yet
]

SOFTMAX = ("return ...", "e = [math.exp(v - max(z)) for v in z]\n    return [v / sum(e) for v in e]")
SOFTMAX_IN_PLACE = ("return ...", "m = max(z)\n    for i in range(len(z)):\n"
                                   "        z[i] = math.exp(z[i] - m)\n    return [v / sum(z) for v in z]")
FORWARD_STARTED_OTHERS = [  # into exercises/1_forward_pass.py as given: softmax and a line or two written
    ("a bias left out", [SOFTMAX, ("s_h[t] = ...", "s_h[t] = add(matvec(W, x_t), matvec(U, a_h[t - 1]))")]),
    ("L_t's minus sign missing", [SOFTMAX, ("L_t = ...", "L_t = math.log(y_hat[t][y_t])"),
                                  ("L = ...", "L = L + L_t")]),
    (None, [SOFTMAX_IN_PLACE, ("y_hat[t] = ...", "y_hat[t] = softmax(s_o[t])")]),   # s_o[t], blank, changed
    (None, [SOFTMAX, ("s_h[t] = ...", "s_h[t] = add(add(matvec(W, x_t), matvec(U, a_h[t - 1])), b_h)"),
            ("a_h[t] = ...", "a_h[t] = tanh(s_h[t])"),
            ("s_o[t] = ...", "s_o[t] = add(matvec(V, a_h[t]), b_o)"),
            ("y_hat[t] = ...", "y_hat[t] = softmax(s_o[t])"),
            ("L_t = ...", "L_t = -math.log(y_hat[t][y_t])")]),           # all but L: L_t is judged through L
]

GRADIENT_CHECK_OTHERS = [
    (None, [("for r in range(len(p)) for i in range(len(p[r]))]",                 # README's 2 rows
             "for r in range(2) for i in range(len(p[r]))]")]),
    (None, [("for row, i, a in places:", "for row, i, a in places[1:]:")]),
    (None, [("row[i] = theta - eps", "row[i] = theta - 2 * eps"),
            ("(up - down) / (2 * eps)", "(up - down) / (3 * eps)")]),
    (None, [("    return worst", "    return [worst]")]),
    (None, [("eps = FLOAT_EPSILON ** (1 / 3) / 4", "eps = 1e-3")]),
    (None, [("abs(a - n) / max(abs(a), abs(n), floor))", "abs(a - n) / max(abs(a), abs(n), floor) / 2)")]),
    (None, [("g = grads[name]", "g = grads[name.upper()]")]),
    (None, [("        worst = max(worst, abs(a - n) / max(abs(a), abs(n), floor))",   # a 0 gradient skipped
             "        if a != 0:\n            worst = max(worst, abs(a - n) / max(abs(a), abs(n), floor))")]),
]

TRAIN_OTHERS = [  # into TRAIN + OWN_BPTT
    (None, [(OWN_BPTT, "")]),
    (None, [("from minirnn import forward_pass, zeros", "from minirnn import bptt, forward_pass, zeros"),
            (OWN_BPTT, "")]),
    (None, [("matvec(transpose(U), ds_h[t + 1])", "matvec(U, ds_h[t + 1])")]),
    (None, [("for epoch in range(epochs):", "for epoch in range(epochs + 1):")]),
    (None, [("for epoch in range(epochs):", "for epoch in range(epochs - 1):")]),
    (None, [("total += L", "total += L / len(data)")]),
    (None, [("    losses = []\n", "    losses = []\n    model.b_h[0] = 1.0\n")]),
    (None, [("p[r][i] -= lr * scale * g[r][i]", "p[r][i] -= lr * scale * g[r][i] / 2")]),
    (None, [("zeros(len(model.U)))", "[0.1] * len(model.U))")]),
    (None, [("grads = bptt(model, xs, ys, a_h, y_hat)[0]", "grads = bptt(model, xs, ys, a_h, y_hat)[1]")]),
    (None, [("        losses.append(total)", "        losses.append(total)\n        raise SystemExit")]),
    (None, [("        for xs, ys in data:\n", "        for xs, ys in data[:-1]:\n")]),     # the last left out
    (None, [("        for xs, ys in data:\n", "        for xs, ys in data[::-1]:\n")]),    # backwards
    (None, [("scale = clip / size if size > clip else 1.0", "scale = clip / size")]),  # always rescaled
    (None, [("                    for i in range(len(p)):\n                        p[i] -= lr * scale * g[i]",
             "                    p += [-lr * scale * v for v in g]")]),                  # `+=` on a list
    (None, [("        losses.append(total)\n",                                          # lr decays
             "        losses.append(total)\n        lr *= 0.5\n")]),
    (None, [("from minirnn import forward_pass, zeros", "from minirnn import RNN, forward_pass, zeros"),
            ("    losses = []\n",                                                             # a copy
             "    model = RNN.from_dict(model.to_dict())\n    losses = []\n")]),
    (None, [("from minirnn import forward_pass, zeros", "from minirnn import RNN, forward_pass, zeros"),
            ("        losses.append(total)\n", "        losses.append(total)\n        if epoch == 0:\n"
             "            model = RNN.from_dict(model.to_dict())\n")]),                   # a copy later
    (None, [("    return losses\n", "\n")]),                                                   # no return
    (None, [("            L, _, a_h, _, y_hat = forward_pass(model, xs, ys, zeros(len(model.U)))",  # data
             "            xs[0] = [0.0, 0.0, 0.0]\n"                                               # changed
             "            L, _, a_h, _, y_hat = forward_pass(model, xs, ys, zeros(len(model.U)))")]),
    (None, [("            grads = bptt(model, xs, ys, a_h, y_hat)[0]",                  # bptt twice
             "            bptt(model, xs, ys, a_h, y_hat)\n"
             "            grads = bptt(model, xs, ys, a_h, y_hat)[0]")]),
    (None, [("        total = 0.0\n",                                                  # an old model
             "        total = 0.0\n        frozen = RNN.from_dict(model.to_dict())\n"),
            ("from minirnn import forward_pass, zeros", "from minirnn import RNN, forward_pass, zeros"),
            ("forward_pass(model, xs, ys, zeros(len(model.U)))\n            grads = bptt(model,",
             "forward_pass(frozen, xs, ys, zeros(len(model.U)))\n            grads = bptt(frozen,")]),
    (None, [("        for xs, ys in data:\n", "        for k, (xs, ys) in enumerate(data):\n"),     # the last
            ("            grads = bptt(model, xs, ys, a_h, y_hat)[0]\n",                         # update
             "            grads = bptt(model, xs, ys, a_h, y_hat)[0]\n"                          # skipped
             "            if epoch == epochs - 1 and k == len(data) - 1:\n                break\n")]),
]

VERDICTS = [  # (exercise, its starting file, the answer, the mistakes written into it)
    (1, "1_forward_pass.py", FORWARD, FORWARD_INJECTIONS + FORWARD_OTHERS),
    (2, "2_bptt.py", BPTT, BPTT_INJECTIONS + BPTT_OTHERS),
    (3, "3_bptt_loop.py", BPTT_LOOP, LOOP_INJECTIONS + LOOP_OTHERS),
    (4, "4_gradient_check.py", GRADIENT_CHECK, GRADIENT_CHECK_INJECTIONS + GRADIENT_CHECK_OTHERS),
    (5, "5_training_loop.py", TRAIN + OWN_BPTT, TRAIN_INJECTIONS + TRAIN_OTHERS),
]

BPTT_STARTED_OTHERS = [  # into exercises/2_bptt.py as given: two lines written, right
    (None, [("ds_o[t] = ...", "ds_o[t] = sub(y_hat[t], one_hot(y_t, len(V)))"),
            ("dV = ...", "dV = add(dV, outer(ds_o[t], a_h[t]))")]),
]

STARTED = [  # (exercise, what the mistakes are written into, its source, the mistakes)
    (1, "exercises/1_forward_pass.py as given", template("1_forward_pass.py"), FORWARD_STARTED_OTHERS),
    (2, "exercises/2_bptt.py as given", template("2_bptt.py"), BPTT_STARTED_OTHERS),
    (2, "exercises/2_bptt.py filled in with minirnn's lines", BPTT_FILLED, BPTT_FILLED_OTHERS),
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


def injection(injections, name):
    """The patch of the first of injections that the catalogue names name."""
    return [patch for mistake, patch in injections if mistake == name][0]


def written(patch):
    """What a patch changes, in one line: `old` -> `new` (or `old` deleted), each change."""
    def one(text):
        text = " ".join(text.split())
        return text if len(text) <= 60 else text[:57] + "..."
    return "; ".join("`%s` deleted" % one(old) if not new.strip() else "`%s` -> `%s`" % (
        one(old), one(new)) for old, new in patch)


def verdict_cases():
    """[(exercise, title, source, diagnosis)]: what docs/verdicts.md shows the checker's report
    on, exercise by exercise: its starting file as given, its answer, right, then with each
    catalogued mistake written in (diagnosis its name) and with the mistakes the catalogue does
    not name (diagnosis None)."""
    from tests.patches import patched
    cases = []
    for exercise, start, right, injections in VERDICTS:
        cases.append((exercise, "the starting file, exercises/%s, as given" % start, template(start), None))
        cases.append((exercise, "right", right, None))
        cases += [(exercise, "%s: %s" % (name or "not catalogued", written(patch)),
                   patched(right, patch), name) for name, patch in injections]
    for exercise, start, source, injections in STARTED:
        cases += [(exercise, "%s, %s: %s" % (start, name or "not catalogued", written(patch)),
                   patched(source, patch), name) for name, patch in injections]
    return sorted(cases, key=lambda case: case[0])
