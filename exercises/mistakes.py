"""The catalogue of BPTT mistakes, defined once.

Each mistake is something written instead of one equation of README's derivation: the
source notebook's two, and the classics. For each:

  name      what it is called wherever it is reported;
  why       one sentence saying what is wrong, and what is right;
  reread    the README section to reread (its heading, and where in it);
  computes  {quantity: f(c, t)}: what the mistake computes for the quantity it gets wrong
            (README's name: "da_{h,t}", "dU", ...) at step t, from the CORRECT values of
            everything before it (c, made by `correct_values`), so that a second mistake
            further down never hides the first; Either(...) when it has several forms
            (a wrong step may be any of several).

exercises/judge.py (the core of exercises/check.py) diagnoses a learner's bptt with it,
on any runtime: it imports minirnn only. How to write each mistake into
minirnn.py's source, for the tests that prove the gradient checks catch it, is in
tests/patches.py. minirnn.py never imports this file. It imports minirnn's vocabulary: put
minirnn's folder on sys.path first.
"""
from minirnn import (add, argmax, dot, log_softmax, matvec, mul, one_hot, outer, sub, tanh,
                     transpose, zeros)

TWO_CONSUMERS = ('"BPTT, line by line", line 2 and "a_{h,t} has two consumers" in '
                 '"The unrolled graph"')
THROUGH_TANH = '"Three rules", the rule "Through tanh"; and "BPTT, line by line", line 3'
OUTPUT_LAYER = '"The output: softmax and cross-entropy"'
SUMS_OVER_TIME = ('"BPTT, line by line", lines 4 to 6 and "W, U, V, b_h and b_o are shared" '
                  'in "The unrolled graph"')
NOTEBOOK = '"What the source notebook got wrong", mistake %d'
AFFINE = '"Three rules", the rule "The affine-map rule"; and "BPTT, line by line", line %d'
INITIAL_STATE = '"BPTT, line by line", line 7'
NO_BIAS = ('"Three rules", the rule "The affine-map rule" (what it sends back: dM, dv and db, '
           'none of them b)')


class Mistake(tuple):
    """A catalogued mistake, (name, why, reread, computes), read by those names. (A tuple, not
    an __init__: nothing of the catalogue runs at import but what Python itself does.)"""
    name = property(lambda self: self[0])
    why = property(lambda self: self[1])
    reread = property(lambda self: self[2])
    computes = property(lambda self: self[3])


class Values:
    """The correct values of one problem, with the names of the math: c.U, c.a_h[t], ..."""


def correct_values(model, xs, ys, a_h, y_hat, ds_o, da_h, ds_h):
    """What every mistake's `computes` reads: the model, the problem, and the correct
    lists of forward_pass and bptt (indexed like the math)."""
    c = Values()
    c.W, c.U, c.V, c.b_h, c.b_o = model.W, model.U, model.V, model.b_h, model.b_o
    c.xs, c.ys, c.T = xs, ys, len(xs)
    c.a_h, c.y_hat, c.ds_o, c.da_h, c.ds_h = a_h, y_hat, ds_o, da_h, ds_h
    return c


class Either(tuple):
    """What a mistake computes when it has several forms: any of these values."""


def dV_share(c, t):
    """Step t's share of dV, ds_{o,t} a_{h,t}^T (and so on below), from the correct values."""
    return outer(c.ds_o[t], c.a_h[t])


def db_o_share(c, t):
    return c.ds_o[t]


def dW_share(c, t):
    return outer(c.ds_h[t], c.xs[t - 1])


def dU_share(c, t):
    return outer(c.ds_h[t], c.a_h[t - 1])


def db_h_share(c, t):
    return c.ds_h[t]


SHARES = {"dV": dV_share, "db_o": db_o_share, "dW": dW_share, "dU": dU_share, "db_h": db_h_share}


def summed(share, c):
    """The sum over t = 1..T of a share."""
    return add(*[share(c, k) for k in range(1, c.T + 1)])


def transposed_sum(share, c):
    """A sum over t of shares each transposed: the transpose of the right sum."""
    return transpose(summed(share, c))


def with_bias(share, bias, c):
    """A sum over t with the bias added once, or at every step."""
    return Either([add(summed(share, c), bias), add(summed(share, c), *[bias] * c.T)])


def carried_from_da(c, t):
    """da_{h,t} with U^T da_{h,t+1} for the carried term (t < T: da_h has no entry T + 1)."""
    return add(matvec(transpose(c.V), c.ds_o[t]), matvec(transpose(c.U), c.da_h[t + 1]))


def tanh_prime_on_v_term(c, t):
    """V^T ds_{o,t} * (1 - a_{h,t}^2) + U^T ds_{h,t+1}: tanh' left off the carried term."""
    return add(mul(matvec(transpose(c.V), c.ds_o[t]), [1.0 - a * a for a in c.a_h[t]]),
               matvec(transpose(c.U), c.ds_h[t + 1]))


MISTAKES = [Mistake(fields) for fields in [
    (
        "U instead of U^T in the carried term",
        "The forward pass multiplies a_{h,t} by U, so the backward pass multiplies by U's "
        "transpose: the carried term is U^T ds_{h,t+1}, not U ds_{h,t+1} (the notebook's "
        "`ds_ht_plus_1 @ self.u`).",
        TWO_CONSUMERS + '; and ' + NOTEBOOK % 2,
        {"da_{h,t}": lambda c, t: add(matvec(transpose(c.V), c.ds_o[t]),
                                      matvec(c.U, c.ds_h[t + 1]))}),
    (
        "V instead of V^T in da_{h,t}",
        "Consumer [1] of a_{h,t} is s_{o,t} = V a_{h,t} + b_o, so by the affine-map rule it "
        "sends back V^T ds_{o,t}; V ds_{o,t} multiplies by V again, as the forward pass does "
        "(and has the right length only when n_out = n_hidden).",
        '"BPTT, line by line", line 2 and "The affine-map rule" in "Three rules"',
        {"da_{h,t}": lambda c, t: add(matvec(c.V, c.ds_o[t]),
                                      matvec(transpose(c.U), c.ds_h[t + 1]))}),
    (
        "dU as a dot product",
        "Step t's share of dU is the outer product ds_{h,t} a_{h,t-1}^T, one number per "
        "entry of U; the dot product ds_{h,t} . a_{h,t-1} is a single number, and added to "
        "every entry it makes them all equal (the notebook's `du_t = ds_ht @ a_ht_1`).",
        NOTEBOOK % 1,
        {"dU": lambda c, t: [[sum(dot(c.ds_h[k], c.a_h[k - 1]) for k in range(1, c.T + 1))]
                             * len(c.U) for _ in c.U]}),
    (
        "the carried term missing",
        "a_{h,t} has two consumers, this step's output and the next step's s_{h,t+1}, so "
        "da_{h,t} = V^T ds_{o,t} + U^T ds_{h,t+1}: without the carried term U^T ds_{h,t+1} "
        "no gradient flows back through time (a loop running forwards, t = 1..T, over a "
        "ds_h that starts as zeros, computes exactly this).",
        TWO_CONSUMERS,
        {"da_{h,t}": lambda c, t: matvec(transpose(c.V), c.ds_o[t])}),
    (
        "tanh' missing",
        "a_{h,t} = tanh(s_{h,t}), so the gradient reaches s_{h,t} through tanh's derivative: "
        "ds_{h,t} = da_{h,t} * (1 - a_{h,t}^2), elementwise, not da_{h,t} itself.",
        THROUGH_TANH,
        {"ds_{h,t}": lambda c, t: c.da_h[t]}),
    (
        "tanh' written as 1 - a",
        "tanh's derivative is 1 - tanh^2: at a_{h,t} = tanh(s_{h,t}) it is 1 - a_{h,t}^2, "
        "so ds_{h,t} = da_{h,t} * (1 - a_{h,t}^2); the square is missing.",
        THROUGH_TANH,
        {"ds_{h,t}": lambda c, t: mul(c.da_h[t], [1.0 - a for a in c.a_h[t]])}),
    (
        "tanh' taken at the wrong step",
        "Step t's state is a_{h,t} = tanh(s_{h,t}), so tanh' there is 1 - a_{h,t}^2: "
        "ds_{h,t} = da_{h,t} * (1 - a_{h,t}^2), not 1 - a_{h,t-1}^2, the previous step's.",
        THROUGH_TANH,
        {"ds_{h,t}": lambda c, t: mul(c.da_h[t], [1.0 - a * a for a in c.a_h[t - 1]])}),
    (
        "a_{h,t} where a_{h,t-1} belongs, in dU",
        "U multiplies the previous state, s_{h,t} = W x_t + U a_{h,t-1} + b_h, so step t's "
        "share of dU is ds_{h,t} a_{h,t-1}^T: the state that went into step t, not the one "
        "that came out of it.",
        SUMS_OVER_TIME,
        {"dU": lambda c, t: add(*[outer(c.ds_h[k], c.a_h[k]) for k in range(1, c.T + 1)])}),
    (
        "dU transposed",
        "dU is the transpose of what it should be: step t's share is ds_{h,t} a_{h,t-1}^T "
        "(the affine-map rule's ds v^T, shaped like U), not a_{h,t-1} ds_{h,t}^T. The "
        "notebook's np.outer(a_ht_1, ds_ht) is right only because its self.u is our U^T.",
        AFFINE % 6,
        {"dU": lambda c, t: transposed_sum(dU_share, c)}),
    (
        "dW transposed",
        "dW is the transpose of what it should be: step t's share is ds_{h,t} x_t^T "
        "(the affine-map rule's ds v^T, n_hidden x n_in like W), not x_t ds_{h,t}^T.",
        AFFINE % 5,
        {"dW": lambda c, t: transposed_sum(dW_share, c)}),
    (
        "a gradient overwritten instead of summed over t",
        "W, U, V, b_h and b_o are shared by every step, so each of their gradients is a sum "
        "over t that starts at zero and to which every step adds its share; assigning the "
        "share instead keeps only the last step's (t = 1).",
        SUMS_OVER_TIME,
        {"dW": lambda c, t: dW_share(c, 1), "dU": lambda c, t: dU_share(c, 1),   # t = 1 only:
         "dV": lambda c, t: dV_share(c, 1), "db_h": lambda c, t: db_h_share(c, 1),  # the last
         "db_o": lambda c, t: db_o_share(c, 1)}),
    (
        "ds_o's sign flipped",
        "The gradient of softmax followed by cross-entropy is prediction minus target, "
        "ds_{o,t} = y_hat_t - onehot(y_t); the other way round every gradient points uphill.",
        OUTPUT_LAYER,
        {"ds_{o,t}": lambda c, t: sub(one_hot(c.ys[t - 1], len(c.V)), c.y_hat[t])}),
    (
        "dh0 taken at the wrong step",
        "h0 = a_{h,0} feeds step 1 only, so dh0 = U^T ds_{h,1}, with ds_{h,1} and no other "
        "step's: after the loop U^T ds_{h,t+1} is U^T ds_{h,2}, and U^T ds_{h,T} is the "
        "last step's.",
        INITIAL_STATE,
        {"dh0": lambda c, t: Either(matvec(transpose(c.U), c.ds_h[k])
                                    for k in range(2, c.T + 1))}),
    (
        "U instead of U^T in dh0",
        "h0 feeds s_{h,1} = U a_{h,0} + (W x_1 + b_h), so by the affine-map rule "
        "dh0 = U^T ds_{h,1}; U ds_{h,1} multiplies by U again, as the forward pass does.",
        INITIAL_STATE,
        {"dh0": lambda c, t: matvec(c.U, c.ds_h[1])}),
    (
        "dh0 left out",
        "h0 is an input of step 1 like any other, so its gradient is not zero: "
        "dh0 = U^T ds_{h,1}, the carried term one step further back.",
        TWO_CONSUMERS,
        {"dh0": lambda c, t: zeros(len(c.U))}),
    (
        "dV transposed",
        "dV is the transpose of what it should be: step t's share is ds_{o,t} a_{h,t}^T "
        "(the affine-map rule's ds v^T, n_out x n_hidden like V), not a_{h,t} ds_{o,t}^T. "
        "In README's example V is square, so its shape cannot show it.",
        AFFINE % 4,
        {"dV": lambda c, t: transposed_sum(dV_share, c)}),
    (
        "ds_{o,t} where ds_{h,t} belongs",
        "W, U and b_h act inside the hidden layer's sum, s_{h,t} = W x_t + U a_{h,t-1} + b_h, "
        "so their gradients sum ds_{h,t}, the gradient at s_{h,t}: dW = sum_t ds_{h,t} x_t^T, "
        "dU = sum_t ds_{h,t} a_{h,t-1}^T and db_h = sum_t ds_{h,t}. "
        "ds_{o,t} is the gradient at the output's sum s_{o,t}, which reaches s_{h,t} only "
        "through V^T and tanh'.",
        SUMS_OVER_TIME,
        {"dW": lambda c, t: summed(lambda c, k: outer(c.ds_o[k], c.xs[k - 1]), c),
         "dU": lambda c, t: summed(lambda c, k: outer(c.ds_o[k], c.a_h[k - 1]), c),
         "db_h": lambda c, t: summed(db_o_share, c)}),
    (
        "da_{h,t} where ds_{h,t} belongs",
        "b_h, W and U act before tanh, inside s_{h,t} = W x_t + U a_{h,t-1} + b_h, so their "
        "gradients sum ds_{h,t} = da_{h,t} * (1 - a_{h,t}^2), the gradient at s_{h,t}: "
        "dW = sum_t ds_{h,t} x_t^T, dU = sum_t ds_{h,t} a_{h,t-1}^T and db_h = sum_t ds_{h,t}. "
        "da_{h,t} is the gradient at a_{h,t}, after tanh.",
        SUMS_OVER_TIME + '; and ' + THROUGH_TANH,
        {"db_h": lambda c, t: summed(lambda c, k: c.da_h[k], c),
         "dW": lambda c, t: summed(lambda c, k: outer(c.da_h[k], c.xs[k - 1]), c),
         "dU": lambda c, t: summed(lambda c, k: outer(c.da_h[k], c.a_h[k - 1]), c)}),
    (
        "tanh' applied to the V^T term only",
        "Both terms of da_{h,t} reach s_{h,t} through the same tanh, so tanh' multiplies "
        "their sum: ds_{h,t} = (V^T ds_{o,t} + U^T ds_{h,t+1}) * (1 - a_{h,t}^2), the carried "
        "term too. (At t = T the carried term is 0, so the mistake shows from t = T - 1.)",
        THROUGH_TANH,
        {"ds_{h,t}": tanh_prime_on_v_term, "da_{h,t}": tanh_prime_on_v_term}),
    (
        "tanh applied again in tanh'",
        "a_{h,t} is already tanh(s_{h,t}), so tanh' at step t is 1 - a_{h,t}^2: "
        "ds_{h,t} = da_{h,t} * (1 - a_{h,t}^2). 1 - tanh(a_{h,t})^2 takes tanh a second time "
        "(tanh'(s) = 1 - tanh(s)^2 is written in s, and a_{h,t} is not s_{h,t}).",
        THROUGH_TANH,
        {"ds_{h,t}": lambda c, t: mul(c.da_h[t], [1.0 - b * b for b in tanh(c.a_h[t])])}),
    (
        "a bias added into a gradient",
        "The forward pass adds a bias, s = M v + b, but nothing of b's value comes back: by "
        "the affine-map rule ds goes to v as M^T ds, to M as ds v^T and to b as ds itself. "
        "No gradient has b_h or b_o in it.",
        NO_BIAS,
        {"ds_{o,t}": lambda c, t: add(c.ds_o[t], c.b_o),
         "da_{h,t}": lambda c, t: add(c.da_h[t], c.b_h),
         "ds_{h,t}": lambda c, t: add(c.ds_h[t], c.b_h),
         "db_o": lambda c, t: with_bias(db_o_share, c.b_o, c),
         "db_h": lambda c, t: with_bias(db_h_share, c.b_h, c),
         "dh0": lambda c, t: add(matvec(transpose(c.U), c.ds_h[1]), c.b_h)}),
    (
        "da and ds mixed in the carried term",
        "The carried term is U^T ds_{h,t+1}: U acts inside s_{h,t+1} = U a_{h,t} + ..., so "
        "what comes back through it is the gradient at s_{h,t+1}, after tanh', not "
        "da_{h,t+1}, the gradient at a_{h,t+1}. Only ds_h has the entry T + 1, the start "
        "ds_{h,T+1} = 0.",
        TWO_CONSUMERS,
        {"da_{h,t}": carried_from_da}),
]]


# ---------------------------------------------------------------------------
# Exercise 1: the forward pass
# ---------------------------------------------------------------------------
# computes reads forward_values' c: the model, the problem and forward_pass's correct lists.

FORWARD = '"The derivation", "The forward pass"'
SOFTMAX = FORWARD + ', its last paragraph (max(s_{o,t}) taken out first)'


def forward_values(model, xs, ys, h0, s_h, a_h, s_o, y_hat):
    """The correct values of one forward pass, with the names of the math: c.s_h[t], c.L_t[t]."""
    c = Values()
    c.W, c.U, c.V, c.b_h, c.b_o = model.W, model.U, model.V, model.b_h, model.b_o
    c.xs, c.ys, c.h0, c.T = xs, ys, h0, len(xs)
    c.s_h, c.a_h, c.s_o, c.y_hat = s_h, a_h, s_o, y_hat
    c.L_t = [None] + [-log_softmax(s_o[t])[ys[t - 1]] for t in range(1, len(xs) + 1)]
    return c


def hidden_sum(c, t, state, bias=True):
    """W x_t + U state + b_h (without b_h if not bias)."""
    terms = [matvec(c.W, c.xs[t - 1]), matvec(c.U, state)]
    return add(*(terms + [c.b_h] if bias else terms))


def loss_of_class(c, classes):
    """sum_t -log y_hat_t[k_t] for the classes k_t that classes(c, t) gives."""
    return sum(-log_softmax(c.s_o[t])[classes(c, t)] for t in range(1, c.T + 1))


FORWARD_MISTAKES = [Mistake(fields) for fields in [
    (
        "tanh left out",
        "The state is the hidden sum squashed: a_{h,t} = tanh(s_{h,t}). Without tanh the "
        "network is linear, and its states grow or shrink without bound as U is applied "
        "step after step.",
        FORWARD,
        {"a_{h,t}": lambda c, t: c.s_h[t]}),
    (
        "U a_{h,t} where U a_{h,t-1} belongs",
        "Step t's hidden sum reads the state the previous step left: "
        "s_{h,t} = W x_t + U a_{h,t-1} + b_h. a_{h,t} is what this step computes from it, on "
        "the next line, so it is not there yet (a_h[t] is None).",
        FORWARD,
        {"s_{h,t}": lambda c, t: hidden_sum(c, t, c.a_h[t])}),
    (
        "the state always h0",
        "Each step reads the state the step before it left, a_{h,t-1}, not h0 = a_{h,0}: "
        "with U h0 at every step the network remembers nothing of its inputs.",
        FORWARD,
        {"s_{h,t}": lambda c, t: hidden_sum(c, t, c.h0)}),
    (
        "a bias left out",
        "Both weighted sums have a bias: s_{h,t} = W x_t + U a_{h,t-1} + b_h and "
        "s_{o,t} = V a_{h,t} + b_o.",
        FORWARD,
        {"s_{h,t}": lambda c, t: hidden_sum(c, t, c.a_h[t - 1], bias=False),
         "s_{o,t}": lambda c, t: matvec(c.V, c.a_h[t])}),
    (
        "softmax without its max taken out",
        "exp of a score over about 709 overflows a double (over 88 a float32), and a "
        "softmax's scores are often that large: every score shifted by one amount leaves "
        "softmax unchanged, so take max(s_{o,t}) out first, exp(s_k - max s) / "
        "sum_j exp(s_j - max s), where the largest exp is exactly 1.",
        SOFTMAX,
        {}),                                   # shown by an overflow: judge.py's forward_pass
    (
        "the loss of the wrong class",
        "L_t is the cross-entropy of step t's own target: -log y_hat_t[y_t], the chance the "
        "model gives the right class y_t = ys[t - 1], not the class it predicts (its "
        "largest) nor another step's target.",
        FORWARD,
        {"L": lambda c, t: Either([loss_of_class(c, lambda c, k: argmax(c.y_hat[k])),
                                   loss_of_class(c, lambda c, k: c.ys[k - 2])])}),
    (
        "L_t's minus sign missing",
        "The cross-entropy is -log y_hat_t[y_t]: the log of a chance is negative, so L_t >= 0 "
        "and the loss falls as the right class's chance rises.",
        FORWARD,
        {"L": lambda c, t: -sum(c.L_t[1:])}),
    (
        "L overwritten instead of summed over t",
        "L = sum_t L_t, the loss of every step: assigning L_t to L keeps only the last "
        "step's (t = T).",
        FORWARD,
        {"L": lambda c, t: c.L_t[c.T]}),
]]


# ---------------------------------------------------------------------------
# Exercise 3: BPTT from a blank loop
# ---------------------------------------------------------------------------
# Each leaves an entry absent, so judge.py names it from the entry (absent_entry): which list,
# which index, at which t. Nothing to compute from the correct values.

LOOP = '"BPTT, line by line", "Why the loop runs from T down to 1"'
START = '"BPTT, line by line", line 2, its last sentence: set ds_{h,T+1} = 0'

LOOP_MISTAKES = [Mistake(fields + ({},)) for fields in [
    (
        "the loop runs forwards",
        "Step t's da_{h,t} needs ds_{h,t+1}, the next step's, so the steps are done from the "
        "last back to the first: for t in range(T, 0, -1), t = T, T-1, ..., 1. Running "
        "t = 1..T reads ds_h[t + 1] before it is written.",
        LOOP),
    (
        "the loop stops before t = 1",
        "range(T, 0, -1) stops before 0, so its last t is 1: every step, 1 included, has its "
        "ds_{o,t}, da_{h,t} and ds_{h,t}, and dh0 = U^T ds_{h,1} reads step 1's. "
        "range(T, 1, -1) stops at t = 2.",
        LOOP),
    (
        "the loop runs to t = 0",
        "The steps are t = 1..T: there is no step 0 (a_h[0] is h0, and y_hat[0], xs[-1] are "
        "nothing of step 0). range(T, 0, -1) ends at t = 1; range(T, -1, -1) runs on to 0.",
        LOOP),
    (
        "the loop starts at t = T + 1",
        "The last step is T: ds_{h,T+1} = 0 is the start, set before the loop, and no step "
        "T + 1 has an input or a target. range(T, 0, -1) starts at T.",
        LOOP),
    (
        "the start ds_{h,T+1} = 0 missing",
        "At t = T the carried term U^T ds_{h,T+1} reads a step that does not exist: nothing "
        "comes back from it, so ds_{h,T+1} = 0, a vector of n_hidden zeros set before the "
        "loop: ds_h[T + 1] = zeros(len(U)).",
        START),
    (
        "a list one entry too short",
        "The lists are indexed like the math, with index 0 unused: ds_o and da_h need T + 1 "
        "entries (t = 1..T), and ds_h T + 2, up to the start ds_{h,T+1}: "
        "[None] * (T + 1), [None] * (T + 1), [None] * (T + 2).",
        '"BPTT, line by line" and "Notation" (lists indexed like the math)'),
]]


# ---------------------------------------------------------------------------
# Exercise 4: the gradient check
# ---------------------------------------------------------------------------
# judge.py records every loss the learner's gradient_check takes (which entry was nudged,
# by how much, and L there); computes reads that record, r: r.pairs, one (a, n, L+, L-) per
# entry nudged both ways, with a bptt's gradient a and the central difference n; r.floor.

GRADIENT_CHECK = "minirnn.py's gradient_check (section 10), its docstring"   # the story
WHY_EPS = GRADIENT_CHECK + ": why eps is FLOAT_EPSILON ** (1 / 3) / 4"


def absolute_error(r):
    return max([abs(a - n) for a, n, _, _ in r.pairs])


def one_sided_error(r):
    """The largest error with n = (L+ - L) / eps, or (L - L-) / eps."""
    return Either([max([abs(a - n) / max(abs(a), abs(n), r.floor) for a, n in pairs])
                   for pairs in ([(a, (up - r.L) / r.eps) for a, _, up, _ in r.pairs],
                                 [(a, (r.L - down) / r.eps) for a, _, _, down in r.pairs])])


def last_error(r):
    a, n = r.pairs[-1][:2]
    return abs(a - n) / max(abs(a), abs(n), r.floor)


GRADIENT_CHECK_MISTAKES = [Mistake(fields) for fields in [
    (
        "a one-sided difference",
        "(L(theta + eps) - L(theta)) / eps is off by about eps/2 times L's second derivative; "
        "the central difference (L(theta + eps) - L(theta - eps)) / (2 eps) cancels that term, "
        "and is off by about eps^2, so a far smaller error shows a wrong gradient.",
        GRADIENT_CHECK,
        {"worst": one_sided_error}),           # or by the nudges: judge.py's nudge_record
    (
        "an eps too small for the float format",
        "L(theta + eps) - L(theta - eps) loses about FLOAT_EPSILON |L| to rounding, so the "
        "difference's rounding error is FLOAT_EPSILON |L| / eps: well below eps = "
        "FLOAT_EPSILON ** (1 / 3) / 4 it swamps a small gradient. Float32 has FLOAT_EPSILON = 2**-21, "
        "not 2**-52, so an eps fixed for doubles (1e-5, 1e-7) is noise there: choose it from "
        "FLOAT_EPSILON, FLOAT_EPSILON ** (1 / 3) / 4.",
        WHY_EPS,
        {}),
    (
        "an absolute error where a relative one is needed",
        "|a - n| says nothing without the gradient's size: on a model that already predicts "
        "well every gradient is tiny, and a gradient twice what it should be is off by less "
        "than any tolerance. |a - n| / max(|a|, |n|, floor) is the error as a fraction.",
        GRADIENT_CHECK,
        {"worst": absolute_error}),
    (
        "a nudge not undone",
        "Each entry is nudged to theta + eps and theta - eps, and then put back to theta: "
        "left nudged, every later difference is taken at another point, and the model "
        "the caller handed in comes back changed.",
        GRADIENT_CHECK,
        {}),
    (
        "h0 left out of the check",
        "dh0 is a gradient bptt returns like the others, and can be wrong alone (dh0 = "
        "U^T ds_{h,1}, at step 1): the check nudges every entry of h0 too.",
        GRADIENT_CHECK,
        {}),
    (
        "the last error kept instead of the largest",
        "The check passes only if every entry passes, so it returns the largest error over "
        "all of them, worst = max(worst, error), not the last one computed.",
        GRADIENT_CHECK,
        {"worst": last_error}),
]]


# ---------------------------------------------------------------------------
# Exercise 5: the training loop
# ---------------------------------------------------------------------------
# computes reads u, one update of minirnn's train: u.before (each parameter by name, as
# train had it before the update), u.grads (bptt's gradient there), u.lr, u.clip, u.names.

TRAINING = ('"Vanishing and exploding gradients", its last paragraph (the clip), and '
            'minirnn.py\'s sgd_update and RNN.train')


def norm_of(grads, names):
    return sum([v * v for name in names for row in rows_of(grads[name]) for v in row]) ** 0.5


def rows_of(p):
    return p if isinstance(p[0], list) else [p]


def scaled(p, factor):
    return [[factor * v for v in row] for row in p] if isinstance(p[0], list) else \
        [factor * v for v in p]


def stepped(u, grads, lr, names=None):
    """{name: theta - lr * grads[name]} for each parameter (those not in names kept)."""
    after = {}
    for name in u.names:
        theta = u.before[name]
        if names is not None and name not in names:
            after[name] = theta
        elif isinstance(theta[0], list):
            after[name] = [[t - lr * g for t, g in zip(row, g_row)]
                           for row, g_row in zip(theta, grads[name])]
        else:
            after[name] = [t - lr * g for t, g in zip(theta, grads[name])]
    return after


def clipped(u):
    """The gradient rescaled to global norm u.clip, when its norm is above it."""
    size = norm_of(u.grads, u.names)
    factor = u.clip / size if size > u.clip else 1.0
    return dict([(name, scaled(u.grads[name], factor)) for name in u.names])


def clamped(u):
    """Each entry of the gradient held to [-clip, clip] on its own."""
    def clamp(v):
        return max(-u.clip, min(u.clip, v))
    return dict([(name, [[clamp(v) for v in row] for row in g] if isinstance(g[0], list) else
                  [clamp(v) for v in g]) for name, g in [(n, u.grads[n]) for n in u.names]])


def each_clipped(u):
    """Each parameter's gradient rescaled to norm clip on its own."""
    found = {}
    for name in u.names:
        size = norm_of(u.grads, [name])
        found[name] = scaled(u.grads[name], u.clip / size if size > u.clip else 1.0)
    return found


TRAINING_MISTAKES = [Mistake(fields) for fields in [
    (
        "the update's sign flipped",
        "The gradient points uphill, where L grows: SGD steps the other way, "
        "theta <- theta - lr * dL/dtheta.",
        TRAINING,
        {"update": lambda u: stepped(u, clipped(u), -u.lr)}),
    (
        "the learning rate applied twice",
        "Each update is theta - lr * dL/dtheta once: sgd_update(theta, d_theta, lr) "
        "multiplies by lr itself, so a gradient already scaled by lr gets lr^2 (and a second "
        "sgd_update, 2 lr).",
        TRAINING,
        {"update": lambda u: Either([stepped(u, clipped(u), u.lr * u.lr),
                                     stepped(u, clipped(u), 2 * u.lr)])}),
    (
        "the clip applied per entry instead of to the global norm",
        "The clip rescales the whole gradient, every parameter together, to norm clip when its "
        "norm |dL/dtheta| (the square root of the sum of every entry's square) is above "
        "clip: its direction stays. Holding each entry to [-clip, clip] changes the "
        "direction, and lets the norm grow with the number of entries.",
        TRAINING,
        {"update": lambda u: stepped(u, clamped(u), u.lr)}),
    (
        "the clip applied to each parameter's own norm",
        "The norm the clip holds is the global one, over W, U, V, b_h and b_o together: "
        "rescaling each parameter's gradient to norm clip on its own changes the direction of "
        "the whole step.",
        TRAINING,
        {"update": lambda u: stepped(u, each_clipped(u), u.lr)}),
    (
        "the clip left out",
        "train(..., clip=c) rescales an update's gradient to global norm c when its norm is "
        "above c: without it an exploding gradient throws the weights far away in one step.",
        TRAINING,
        {"update": lambda u: stepped(u, u.grads, u.lr)}),
    (
        "a parameter left out of the update",
        "Every parameter, W, U, V, b_h and b_o, has its gradient and its update at every "
        "step, the biases too.",
        TRAINING,
        {"update": lambda u: Either([stepped(u, clipped(u), u.lr, [n for n in u.names if n != m])
                                     for m in u.names] +
                                    [stepped(u, clipped(u), u.lr, ["W", "U", "V"])])}),
    (
        "the state carried across sequences",
        "Each sequence of data is its own example: its forward pass starts from h0 = zeros, "
        "a_{h,0} = 0, not from the state the previous sequence left. (minirnn's "
        "train(..., carry=True) carries it on purpose, for one long text cut in pieces.)",
        FORWARD + ', its first paragraph (a_{h,0} = h0, zeros unless given)',
        {}),                                   # told by a_h[0]: judge.py's train_verdict
]]
