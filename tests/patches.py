"""The source patches that put each catalogued BPTT mistake into minirnn.py, for the tests.

exercises/mistakes.py says what each mistake is and computes (what exercises/check.py needs to
diagnose it); this file says how to write it into minirnn.py's source, so that the tests (and
tools/runtimes/gradcheck_teeth.py, the float32 gradient-check row) can prove the gradient checks catch it.
For each mistake, by its catalogue name:

  plain    (old text, new text) pairs that put it into the plain `bptt`, each old text exactly
           once in minirnn.py;
  fast     the same for the fast path (`fast_bptt` and the `cross_entropy` it is fed from), or
           None where the mistake has no counterpart there: V for V^T and a transposed dW give
           a gradient of another shape, on which the gradient check stops instead of giving a
           number;
  same_as  other ways of writing it that give the same numbers on every problem, so they share
           its diagnosis: (what they are, their patch into the plain `bptt`).

No import: minirnn.py is read as text.
"""


class Patches:
    def __init__(self, plain, fast=None, same_as=()):
        self.plain, self.fast, self.same_as = plain, fast, same_as


PATCHES = {
    "U instead of U^T in the carried term": Patches(
        plain=[("matvec(transpose(U), ds_h[t + 1]))", "matvec(U, ds_h[t + 1]))")],
        fast=[("V_U_T = transpose(model.V + model.U)",
               "V_U_T = [v + u for v, u in zip(transpose(model.V), model.U)]")]),
    "V instead of V^T in da_{h,t}": Patches(
        plain=[("matvec(transpose(V), ds_o[t])", "matvec(V, ds_o[t])")]),
    "dU as a dot product": Patches(
        plain=[("dU = add(dU, outer(ds_h[t], a_h[t - 1]))",
                "dU = add(dU, [[dot(ds_h[t], a_h[t - 1])] * len(U) for _ in U])")],
        fast=[('"U": sum_outer(d_sums, prev_states),',
               '"U": [[sum(dot(d, a) for d, a in zip(d_sums, prev_states))] * model.n_hidden'
               ' for _ in range(model.n_hidden)],')]),
    "the carried term missing": Patches(
        plain=[("matvec(transpose(U), ds_h[t + 1]))", "zeros(len(U)))")],
        fast=[("ds_h_next = d_sums[i]", "ds_h_next = zeros(model.n_hidden)")],
        same_as=[("the loop running forwards, over a ds_h that starts as zeros",
                  [("[None] * (T + 2)", "[zeros(len(U)) for _ in range(T + 2)]"),
                   ("for t in range(T, 0, -1):", "for t in range(1, T + 1):")])]),
    "tanh' missing": Patches(
        plain=[("ds_h[t] = mul(da_h[t], [1.0 - a * a for a in a_h[t]])", "ds_h[t] = da_h[t]")],
        fast=[("d_sums[i] = [d * (1.0 - a * a)", "d_sums[i] = [d")]),
    "tanh' written as 1 - a": Patches(
        plain=[("[1.0 - a * a for a in a_h[t]]", "[1.0 - a for a in a_h[t]]")],
        fast=[("d_sums[i] = [d * (1.0 - a * a)", "d_sums[i] = [d * (1.0 - a)")]),
    "tanh' taken at the wrong step": Patches(
        plain=[("[1.0 - a * a for a in a_h[t]]", "[1.0 - a * a for a in a_h[t - 1]]")],
        fast=[("zip(d_states[i], states[i])", "zip(d_states[i], prev_states[i])")]),
    "a_{h,t} where a_{h,t-1} belongs, in dU": Patches(
        plain=[("outer(ds_h[t], a_h[t - 1])", "outer(ds_h[t], a_h[t])")],
        fast=[("sum_outer(d_sums, prev_states)", "sum_outer(d_sums, states)")]),
    "dU transposed": Patches(
        plain=[("outer(ds_h[t], a_h[t - 1])", "outer(a_h[t - 1], ds_h[t])")],
        fast=[("sum_outer(d_sums, prev_states)", "sum_outer(prev_states, d_sums)")]),
    "dW transposed": Patches(
        plain=[("outer(ds_h[t], x_t)", "outer(x_t, ds_h[t])")]),
    "a gradient overwritten instead of summed over t": Patches(
        plain=[("dW = add(dW, outer(ds_h[t], x_t))", "dW = outer(ds_h[t], x_t)")],
        fast=[('"U": sum_outer(d_sums, prev_states),', '"U": outer(d_sums[0], prev_states[0]),')]),
    "ds_o's sign flipped": Patches(
        plain=[("sub(y_hat[t], one_hot(y_t, len(V)))", "sub(one_hot(y_t, len(V)), y_hat[t])")],
        fast=[("return log_sum - (s_o[y] - m), ds_o", "return log_sum - (s_o[y] - m), [-d for d in ds_o]")]),
    "dh0 taken at the wrong step": Patches(
        plain=[("dh0 = matvec(transpose(U), ds_h[1])", "dh0 = matvec(transpose(U), ds_h[2])")],
        fast=[("fast_dot(u, d_sums[0])", "fast_dot(u, d_sums[1])")]),
    "U instead of U^T in dh0": Patches(
        plain=[("dh0 = matvec(transpose(U), ds_h[1])", "dh0 = matvec(U, ds_h[1])")],
        fast=[("for u in transpose(model.U)],", "for u in model.U],")]),
    "dh0 left out": Patches(
        plain=[("dh0 = matvec(transpose(U), ds_h[1])", "dh0 = zeros(len(U))")],
        fast=[('"h0": [fast_dot(u, d_sums[0]) for u in transpose(model.U)],',
               '"h0": zeros(model.n_hidden),')]),
    "dV transposed": Patches(
        plain=[("outer(ds_o[t], a_h[t])", "outer(a_h[t], ds_o[t])")]),
    "ds_{o,t} where ds_{h,t} belongs": Patches(
        plain=[("dW = add(dW, outer(ds_h[t], x_t))", "dW = add(dW, outer(ds_o[t], x_t))")]),
    "da_{h,t} where ds_{h,t} belongs": Patches(
        plain=[("db_h = add(db_h, ds_h[t])", "db_h = add(db_h, da_h[t])")],
        fast=[('"b_h": [sum(column) for column in zip(*d_sums)],',
               '"b_h": [sum(column) for column in zip(*d_states)],')]),
    "tanh' applied to the V^T term only": Patches(
        plain=[("ds_h[t] = mul(da_h[t], [1.0 - a * a for a in a_h[t]])",
                "ds_h[t] = add(mul(matvec(transpose(V), ds_o[t]), [1.0 - a * a for a in a_h[t]]),"
                " matvec(transpose(U), ds_h[t + 1]))")]),
    "tanh applied again in tanh'": Patches(
        plain=[("[1.0 - a * a for a in a_h[t]]", "[1.0 - math.tanh(a) ** 2 for a in a_h[t]]")],
        fast=[("d_sums[i] = [d * (1.0 - a * a)", "d_sums[i] = [d * (1.0 - math.tanh(a) ** 2)")]),
    "a bias added into a gradient": Patches(
        plain=[("db_h = add(db_h, ds_h[t])", "db_h = add(db_h, ds_h[t], b_h)")],
        fast=[('"b_o": [sum(column) for column in zip(*d_scores)],',
               '"b_o": [sum(column) + b for column, b in zip(zip(*d_scores), model.b_o)],')]),
    "da and ds mixed in the carried term": Patches(
        plain=[("ds_o, da_h, ds_h = [None] * (T + 1), [None] * (T + 1), [None] * (T + 2)",
                "ds_o, da_h, ds_h = [None] * (T + 1), [None] * (T + 1) + [zeros(len(U))], [None] * (T + 2)"),
               ("matvec(transpose(U), ds_h[t + 1]))", "matvec(transpose(U), da_h[t + 1]))")],
        fast=[("ds_h_next = d_sums[i]", "ds_h_next = d_states[i]")]),
}


def patched(source, patch):
    """source with each (old, new) of patch replaced; each old must occur exactly once."""
    for old, new in patch:
        if source.count(old) != 1:
            raise ValueError("%r is in the source %d times, not once" % (old, source.count(old)))
        source = source.replace(old, new)
    return source
