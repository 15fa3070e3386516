"""Check a BPTT written by hand: which quantity is wrong first, at which step, and why.

    python3 exercises/check.py FILE

FILE defines bptt(model, xs, ys, a_h, y_hat) with minirnn.bptt's contract: it takes
forward_pass's a_h and y_hat, and returns (grads, ds_o, da_h, ds_h), lists indexed like
the math (ds_o[t] is ds_{o,t}) and grads under the keys W, U, V, b_h, b_o, h0.

It is right when it computes what minirnn.bptt computes, quantity by quantity, on README's
"BPTT by hand" example and on random problems of several shapes, and finite differences
agree with its gradients there. Otherwise the report names the first wrong quantity in
the order bptt computes them (for t = T down to 1: ds_{o,t}, da_{h,t}, ds_{h,t}; then
the sums over t, complete after the loop, in the order of their lines: dV, db_o, dW, dU,
db_h; then dh0), the step, what it should be and what it is; and, when it is what a
mistake of the catalogue (exercises/mistakes.py) computes from the correct values before
it, which mistake, why, and what in README to reread. minirnn's add, sub and mul, where
bptt uses them, refuse terms of two shapes (their zip would cut the longer one).

A line still `...` (found with ast) is judged unfinished, but the lines written are
judged all the same: bptt runs with each `...` that is the whole right-hand side of one
of the nine lines giving that quantity's right value, and every quantity written is
compared as above; the report lists the lines left.

Exit status: 0 right; 1 not right (a wrong value or shape, a line still `...`, an error
in bptt); 2 the file cannot be judged (unreadable, a syntax error, no bptt, an error
while loading it).
"""
import ast
import math
import os
import random
import sys
import textwrap
import traceback
import types

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)                   # where minirnn.py and README.md are
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import minirnn  # noqa: E402

if __package__:                                # imported as exercises.check
    from .mistakes import MISTAKES, Either, correct_values
else:                                          # run as a script, or from this folder
    from mistakes import MISTAKES, Either, correct_values

README = os.path.join(ROOT, "README.md")
EXAMPLE = 'README\'s "BPTT by hand" example'

# README's equations, in the order bptt computes them (and exercises/bptt.py's lines)
EQUATIONS = [
    ("ds_{o,t}", "ds_{o,t} = y_hat_t - onehot(y_t)"),
    ("da_{h,t}", "da_{h,t} = V^T ds_{o,t} + U^T ds_{h,t+1}"),
    ("ds_{h,t}", "ds_{h,t} = da_{h,t} * (1 - a_{h,t}^2)"),
    ("dV", "dV = sum_t ds_{o,t} a_{h,t}^T"),
    ("db_o", "db_o = sum_t ds_{o,t}"),
    ("dW", "dW = sum_t ds_{h,t} x_t^T"),
    ("dU", "dU = sum_t ds_{h,t} a_{h,t-1}^T"),
    ("db_h", "db_h = sum_t ds_{h,t}"),
    ("dh0", "dh0 = U^T ds_{h,1}"),
]
EQUATION = dict(EQUATIONS)
PER_STEP = {"ds_{o,t}": 1, "da_{h,t}": 2, "ds_{h,t}": 3}     # where bptt's result holds it
SUMS = ["dV", "db_o", "dW", "dU", "db_h", "dh0"]              # after the loop, in this order
GRAD_KEY = {"dW": "W", "dU": "U", "dV": "V", "db_h": "b_h", "db_o": "b_o", "dh0": "h0"}
CODE = {"ds_{o,t}": "ds_o[t]", "da_{h,t}": "da_h[t]", "ds_{h,t}": "ds_h[t]",
        "dW": "dW", "dU": "dU", "dV": "dV", "db_h": "db_h", "db_o": "db_o", "dh0": "dh0"}
QUANTITY = {code.split("[")[0]: quantity for quantity, code in CODE.items()}
SHARE = {  # step t's share of each sum over t, from the correct values c
    "dV": lambda c, t: minirnn.outer(c.ds_o[t], c.a_h[t]),
    "db_o": lambda c, t: c.ds_o[t],
    "dW": lambda c, t: minirnn.outer(c.ds_h[t], c.xs[t - 1]),
    "dU": lambda c, t: minirnn.outer(c.ds_h[t], c.a_h[t - 1]),
    "db_h": lambda c, t: c.ds_h[t],
}
FILL = "_right_value_of_a_blank"      # what each `...` calls while bptt is unfinished
SHAPE = {"ds_{o,t}": ("n_out",), "da_{h,t}": ("n_hidden",), "ds_{h,t}": ("n_hidden",),
         "dW": ("n_hidden", "n_in"), "dU": ("n_hidden", "n_hidden"),
         "dV": ("n_out", "n_hidden"), "db_h": ("n_hidden",), "db_o": ("n_out",),
         "dh0": ("n_hidden",)}
LIKE = {"dW": "W", "dU": "U", "dV": "V", "db_h": "b_h", "db_o": "b_o", "dh0": "h0"}

# Random problems (n_in, n_hidden, n_out, T, seed): three sizes that differ, so that a
# missing or extra transpose shows as a wrong shape; T >= 3; h0 is never zero.
PROBES = [(3, 4, 5, 3, 1), (5, 3, 2, 4, 2), (2, 6, 3, 5, 3)]


class Verdict(Exception):
    """The end of a check: what to print, and the exit status."""

    def __init__(self, status, text):
        Exception.__init__(self, text)
        self.status, self.text = status, text


class ShapeMismatch(Exception):
    """minirnn's add, sub or mul, called by the learner's bptt on terms of two shapes."""

    def __init__(self, operation, terms):
        Exception.__init__(self, operation)
        self.operation, self.terms = operation, terms


# ---------------------------------------------------------------------------
# The problems: README's example, and random ones
# ---------------------------------------------------------------------------

def readme_example():
    """(model, xs, ys, h0) from the doctest of README's section "BPTT by hand"."""
    text = open(README, encoding="utf-8").read()
    start = text.find("\n## BPTT by hand")
    block = text.find("```python", start)
    if start < 0 or block < 0:
        raise Verdict(2, 'README.md has no section "## BPTT by hand" with a ```python example')
    lines = []
    for line in text[block:text.index("\n```", block + 1)].splitlines()[1:]:
        if line.startswith((">>> ", "... ")) or line in (">>>", "..."):
            lines.append(line[4:])
    found = {}
    for statement in ast.parse("\n".join(lines)).body:
        if not isinstance(statement, ast.Assign):
            continue
        target, value = statement.targets[0], statement.value
        if isinstance(value, ast.Call) and getattr(value.func, "attr", None) == "from_dict":
            found["model"] = minirnn.RNN.from_dict(ast.literal_eval(value.args[0]))
        elif isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple):
            for name, item in zip(target.elts, value.elts):
                found[getattr(name, "id", None)] = ast.literal_eval(item)
        elif isinstance(target, ast.Name) and target.id in ("xs", "ys", "h0"):
            found[target.id] = ast.literal_eval(value)
    if not {"model", "xs", "ys", "h0"} <= set(found):
        raise Verdict(2, 'README\'s "BPTT by hand" example does not set model, xs, ys and h0')
    return found["model"], found["xs"], found["ys"], found["h0"]


def random_problem(n_in, n_hidden, n_out, T, seed):
    """(model, xs, ys, h0): weights, inputs and h0 drawn uniformly, tanh far from linear."""
    rng = random.Random(seed)
    model = minirnn.RNN(n_in, n_hidden, n_out, seed=seed)
    for _, value in model.params():
        for row in (value if isinstance(value[0], list) else [value]):
            row[:] = [rng.uniform(-1.5, 1.5) for _ in row]
    xs = [[rng.uniform(-1.0, 1.0) for _ in range(n_in)] for _ in range(T)]
    ys = [rng.randrange(n_out) for _ in range(T)]
    h0 = [rng.uniform(-0.9, 0.9) for _ in range(n_hidden)]
    return model, xs, ys, h0


# ---------------------------------------------------------------------------
# Reading the learner's file
# ---------------------------------------------------------------------------

def read_bptt(path):
    """(source, the def node of bptt, its blanks); a Verdict if the file cannot be judged.

    A blank is (line number, what it computes, quantity, index): quantity and index (the
    name t in `da_h[t] = ...`) only when the `...` is the whole right-hand side of one of
    the nine lines, so that the checker can give that line its right value."""
    try:
        source = open(path, encoding="utf-8").read()
    except (OSError, UnicodeError) as error:
        raise Verdict(2, "cannot read %s: %s" % (path, error))
    try:
        tree = ast.parse(source, path)
    except SyntaxError as error:
        raise Verdict(2, "%s, line %s: syntax error: %s\n  %s" % (
            path, error.lineno, error.msg, (error.text or "").strip()))
    functions = [node for node in tree.body
                 if isinstance(node, ast.FunctionDef) and node.name == "bptt"]
    if not functions:
        raise Verdict(2, "%s defines no function bptt(model, xs, ys, a_h, y_hat)" % path)
    function = functions[-1]
    lines = source.splitlines()
    whole = {}                                 # line number: (quantity, index) of `X = ...`
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and is_ellipsis(node.value):
            whole[node.lineno] = blank_target(node.targets[0])
    at = sorted({node.lineno for node in ast.walk(function) if is_ellipsis(node)})
    blanks = [(n, blank_name(lines[n - 1])) + whole.get(n, (None, None)) for n in at]
    return source, function, blanks


def blank_target(node):
    """(quantity, index name) for `da_h[t]` or `dV`; (None, None) for another target."""
    text = target_text(node)
    quantity = QUANTITY.get((text or "").split("[")[0])
    if quantity is None or (quantity in PER_STEP) != ("[" in text):
        return None, None
    return quantity, (text.split("[")[1][:-1] if "[" in text else None)


def unfinished(blanks):
    """The list of the lines left, and what to do with them."""
    return "\n".join(
        ["  not written yet: %s (line %d)" % (name, n) for n, name, _, _ in blanks] +
        [wrapped("Replace each `...` with the right-hand side of its equation: README, "
                 '"BPTT, line by line".', indent="")])


def is_ellipsis(node):
    """Is node the literal `...`? (ast.Constant from Python 3.8, ast.Ellipsis before.)"""
    if type(node).__name__ == "Ellipsis":
        return True
    return isinstance(node, getattr(ast, "Constant", ())) and node.value is Ellipsis


def blank_name(line):
    """What a line with `...` computes: its comment (`# da_{h,t}`), else its target."""
    if "#" in line:
        return line.split("#", 1)[1].strip()
    return line.split("=", 1)[0].strip() if "=" in line else line.strip()


def load(path, source, blanks):
    """The learner's file run as a module (not as __main__); bptt from it, with each blank
    `X = ...` made `X = FILL(quantity, t)` (lines stay where they are), and minirnn's add,
    sub and mul, where the file imported them, made to refuse terms of two shapes."""
    module = types.ModuleType("learners_bptt")
    module.__file__ = path
    folder = os.path.dirname(os.path.abspath(path))
    if folder not in sys.path:
        sys.path.insert(0, folder)
    tree = ast.parse(source, path)
    filled = {n: (quantity, index) for n, _, quantity, index in blanks if quantity}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and node.lineno in filled and is_ellipsis(node.value):
            call = "%s(%r, %s)" % ((FILL,) + (filled[node.lineno][0], filled[node.lineno][1]))
            node.value = ast.copy_location(ast.parse(call, mode="eval").body, node.value)
    ast.fix_missing_locations(tree)
    try:
        exec(compile(tree, path, "exec"), module.__dict__)
    except Exception as error:
        raise Verdict(2, learners_error(error, path, "loading " + path))
    for name in ("add", "sub", "mul"):
        if module.__dict__.get(name) is getattr(minirnn, name):
            module.__dict__[name] = one_shape(name)
    return module.bptt


def one_shape(name):
    """minirnn's add, sub or mul, refusing terms of two shapes instead of cutting them."""
    operation = getattr(minirnn, name)

    def checked(*terms):
        if len({shape(term) for term in terms}) > 1:
            raise ShapeMismatch(name, terms)
        return operation(*terms)
    return checked


def learners_error(error, path, doing):
    """The learner's exception: their line, the message, what the checker was doing."""
    frames = traceback.extract_tb(error.__traceback__)
    theirs = [f for f in frames if os.path.abspath(f.filename) == os.path.abspath(path)]
    text = ["%s raised %s: %s" % (path, type(error).__name__, error)]
    if theirs:
        text.append("  your line %d: %s" % (theirs[-1].lineno, (theirs[-1].line or "").strip()))
        if frames[-1] is not theirs[-1]:
            text.append("  (the error is inside %s, which that line calls)" % frames[-1].name)
    text.append("  while the checker was %s" % doing)
    return "\n".join(text)


def line_node(function, quantity):
    """The learner's statement that assigns the quantity, or None."""
    for node in ast.walk(function):
        if isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(target_text(t) == CODE[quantity] for t in targets):
                return node
    return None


def line_of(source, function, quantity):
    """'your line N: ...' for the learner's line that assigns the quantity, or None."""
    node = line_node(function, quantity)
    if node is None:
        return None
    return "your line %d: %s" % (node.lineno, source.splitlines()[node.lineno - 1].strip())


def target_text(node):
    """`dW`, or `da_h[t]`, for a Name or a Subscript of a Name by a Name; else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        index = getattr(node.slice, "value", node.slice)          # ast.Index before 3.9
        if isinstance(index, ast.Name):
            return "%s[%s]" % (node.value.id, index.id)
    return None


# ---------------------------------------------------------------------------
# Comparing
# ---------------------------------------------------------------------------

def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def shape(v):
    """(n,) for a vector of n numbers, (r, c) for a matrix; None for anything else."""
    if not isinstance(v, (list, tuple)) or not v:
        return None
    if all(is_number(x) for x in v):
        return (len(v),)
    if all(isinstance(row, (list, tuple)) and row and all(is_number(x) for x in row)
           for row in v) and len({len(row) for row in v}) == 1:
        return (len(v), len(v[0]))
    return None


def numbers(v):
    return [x for row in v for x in row] if isinstance(v[0], (list, tuple)) else list(v)


def close(a, b):
    """Equal but for rounding: a learner's sums may run in another order."""
    return abs(a - b) <= 1e-10 + 1e-8 * max(abs(a), abs(b))


def same(got, expected):
    return shape(got) == shape(expected) and all(
        close(g, e) for g, e in zip(numbers(got), numbers(expected)))


def formatted(v, places=4):
    """v as README's tables write it: [0.6173, -0.4620], every number to `places` places."""
    if isinstance(v, (list, tuple)):
        return "[%s]" % ", ".join(formatted(x, places) for x in v)
    return "%.*f" % (places, v) if is_number(v) else repr(v)


def shown(got, expected):
    """(expected, got) as README's tables show them, with more places if that hides the gap."""
    places = 12 if formatted(got) == formatted(expected) else 4
    return formatted(expected, places), formatted(got, places)


def at_step(quantity, t):
    """README's name at a step: da_{h,t} at t = 2 is da_{h,2}."""
    return quantity.replace(",t}", ",%d}" % t) if t else quantity


def shape_words(quantity, got, sizes):
    """Why got has the wrong shape, in the sizes' names: dW is n_in x n_hidden, ..."""
    want = SHAPE[quantity]
    want_numbers = tuple(sizes[name] for name in want)
    if shape(got) is None:
        return "%s is not a list of numbers (it is %s); it must be %s" % (
            quantity, described(got), dims(want, want_numbers))
    names = size_names(quantity, shape(got), sizes)
    if len(want) == 1 and len(shape(got)) == 1:
        return "%s has %d entries; it must have %s = %d" % (
            quantity, shape(got)[0], want[0], want_numbers[0])
    got_text = dims(names, shape(got)) if None not in names else " x ".join(map(str, shape(got)))
    like = ", the shape of %s" % LIKE[quantity] if quantity in LIKE else ""
    return "%s is %s; it must be %s%s" % (quantity, got_text, dims(want, want_numbers), like)


def size_names(quantity, dimensions, sizes):
    """The sizes' names for each dimension, the quantity's own first; None where none fits."""
    names = []
    for d in dimensions:
        candidates = [n for n in list(SHAPE[quantity]) + list(sizes) if sizes[n] == d]
        names.append(candidates[0] if candidates else None)
    return names


def term_words(quantity, term, sizes):
    """A term's shape, in the sizes' names where they fit: n_in x n_hidden (1 x 2)."""
    if shape(term) is None:
        return described(term)
    names = size_names(quantity, shape(term), sizes)
    if None in names:
        return " x ".join(map(str, shape(term))) + (" entries" if len(shape(term)) == 1 else "")
    return dims(names, shape(term))


def dims(names, values):
    if len(values) == 1:
        return "a vector of %s = %d entries" % (names[0], values[0])
    return "%s (%s)" % (" x ".join(names), " x ".join(map(str, values)))


def described(v):
    if v is None:
        return "None"
    if is_number(v):
        return "the number %r" % v
    if isinstance(v, (list, tuple)):
        return "a list of %d items" % len(v)
    return "a %s" % type(v).__name__


def learners_value(result, quantity, t, T):
    """The learner's value of quantity at step t, or a Verdict saying why it is not there."""
    if quantity in GRAD_KEY:
        grads = result[0]
        if not isinstance(grads, dict) or GRAD_KEY[quantity] not in grads:
            raise Verdict(1, "grads has no key %r: bptt must return %s under the key %r" % (
                GRAD_KEY[quantity], quantity, GRAD_KEY[quantity]))
        return grads[GRAD_KEY[quantity]]
    values = result[PER_STEP[quantity]]
    name = CODE[quantity].split("[")[0]
    if not isinstance(values, (list, tuple)) or len(values) <= t:
        raise Verdict(1, "%s[%d] is not there: %s is indexed like the math, %s[t] is %s for "
                      "t = 1..T, so it has at least T + 1 = %d entries" % (
                          name, t, name, name, quantity, T + 1))
    return values[t]


def order(T):
    """(quantity, t) in the order bptt computes them; t is None for the sums over t."""
    for t in range(T, 0, -1):
        for quantity in PER_STEP:
            yield quantity, t
    for quantity in SUMS:
        yield quantity, None


def right_value(c, grads):
    """What a blank `X = ...` gives X: the right value (a copy), from the correct lists c
    and the correct gradients. A sum's blank gives the whole sum at every step: nothing
    in bptt reads a sum but its own line."""
    def value(quantity, t):
        v = grads[GRAD_KEY[quantity]] if quantity in GRAD_KEY else \
            {"ds_{o,t}": c.ds_o, "da_{h,t}": c.da_h, "ds_{h,t}": c.ds_h}[quantity][t]
        return [list(row) for row in v] if isinstance(v[0], list) else list(v)
    return value


def run(bptt, path, model, xs, ys, h0, where):
    """The correct values and the learner's result on one problem; (c, None, the
    mismatch) when a share of the learner's has another shape than its sum."""
    _, _, a_h, _, y_hat = minirnn.forward_pass(model, xs, ys, h0)
    expected = minirnn.bptt(model, xs, ys, a_h, y_hat)
    c = correct_values(model, xs, ys, a_h, y_hat, *expected[1:])
    bptt.__globals__[FILL] = right_value(c, expected[0])
    copy_of = lambda v: [copy_of(x) for x in v] if isinstance(v, list) else v  # noqa: E731
    try:                                       # copies: nothing the learner changes reaches us
        result = bptt(minirnn.RNN.from_dict(model.to_dict()), copy_of(xs), copy_of(ys),
                      copy_of(a_h), copy_of(y_hat))
    except ShapeMismatch as mismatch:
        return c, expected, mismatch
    except Exception as error:
        raise Verdict(1, learners_error(error, path, "running your bptt on " + where))
    if not isinstance(result, (tuple, list)) or len(result) != 4:
        raise Verdict(1, "bptt must return (grads, ds_o, da_h, ds_h); on %s it returned %s"
                      % (where, described(result)))
    return c, expected, result


def first_wrong(c, expected, result, sizes, unwritten):
    """(quantity, t, got, what is wrong) for the first wrong quantity written, or None."""
    for quantity, t in order(c.T):
        if quantity in unwritten:
            continue
        want = learners_value(expected, quantity, t, c.T)
        got = learners_value(result, quantity, t, c.T)
        if shape(got) != shape(want):
            return quantity, t, got, shape_words(quantity, got, sizes)
        if not same(got, want):
            return quantity, t, got, None
    return None


def diagnosis(c, quantity, t, got):
    """The catalogued mistake that computes got from the correct values before it, or None."""
    for mistake in MISTAKES:
        if quantity in mistake.computes:
            try:
                value = mistake.computes[quantity](c, t)
            except (IndexError, TypeError):
                continue
            if any(same(got, v) for v in (value if isinstance(value, Either) else [value])):
                return mistake
    return None


def mismatched(path, function, c, expected, mismatch, sizes):
    """(quantity, t, what the learner's sum is, what is wrong) for a line of the nine whose
    add, sub or mul got terms of two shapes; a Verdict when it is on no such line."""
    frames = [(frame, n) for frame, n in traceback.walk_tb(mismatch.__traceback__)
              if os.path.abspath(frame.f_code.co_filename) == os.path.abspath(path)]
    line = frames[-1][1] if frames else None
    t = frames[-1][0].f_locals.get("t") if frames else None
    quantities = [q for q, _ in EQUATIONS if getattr(line_node(function, q), "lineno", 0) == line]
    if not quantities:
        raise Verdict(1, "%s, line %s: %s(...) of terms of two shapes: %s" % (
            path, line, mismatch.operation, " and ".join(
                " x ".join(map(str, shape(term) or "?")) for term in mismatch.terms)))
    quantity = quantities[0]
    want = tuple(sizes[name] for name in SHAPE[quantity])
    odd = [term for term in mismatch.terms if shape(term) != want] + [None]
    words = "your line's %s(...) got %s: each term must be %s" % (
        mismatch.operation, " and ".join(term_words(quantity, term, sizes)
                                         for term in mismatch.terms),
        dims(SHAPE[quantity], want))
    got = None
    if quantity in SHARE and isinstance(t, int) and shape(odd[0]) == want[::-1] and \
            same(minirnn.transpose(odd[0]), SHARE[quantity](c, t)):
        words = "step t's share of %s is %s: the transpose of what it should be, %s" % (
            quantity, term_words(quantity, odd[0], sizes), dims(SHAPE[quantity], want))
        got = minirnn.transpose(expected[0][GRAD_KEY[quantity]])   # each step's share, so
    return quantity, t, got, words                                  # the sum, transposed


def report(path, source, function, c, expected, quantity, t, got, wrong_shape, where,
           unwritten=(), stopped=False):
    """What is wrong with the quantity at step t (None for a sum), and why; `stopped` when
    bptt stopped there on a share of the wrong shape, at step t of the loop."""
    done = [at_step(q, s) for q, s in order(c.T) if q not in unwritten]
    head = "%s at t = %d" % (quantity, t) if t else quantity
    text = ["  %s, on %s" % (head, where), "    equation  " + EQUATION[quantity]]
    node = line_node(function, quantity)
    if wrong_shape and not stopped and isinstance(node, ast.AugAssign) and \
            isinstance(node.op, ast.Add) and shape(got) and \
            shape(got)[0] > shape(learners_value(expected, quantity, t, c.T))[0]:
        wrong_shape = "%s has %d %s: `+=` on lists appends; use %s = add(%s, ...)" % (
            quantity, shape(got)[0], "rows" if len(shape(got)) == 2 else "entries",
            CODE[quantity], CODE[quantity])
    if wrong_shape:
        text.append(textwrap.fill("wrong shape: " + wrong_shape, 88, initial_indent="    ",
                                  subsequent_indent="      "))
    else:
        want, shown_got = shown(got, learners_value(expected, quantity, t, c.T))
        text += ["    expected  " + want, "    got       " + shown_got]
    mine = line_of(source, function, quantity)
    if mine:
        text.append("    " + mine)
    if not stopped:
        before = done[:done.index(at_step(quantity, t))]
        text.append(wrapped("Right before it: %s." % (
            ", ".join(before) if before else "nothing, it is the first")))
    mistake = diagnosis(c, quantity, t, got) if got is not None else None
    if mistake:
        text += ["", "Diagnosis: %s." % mistake.name, wrapped(mistake.why),
                 wrapped("Reread README, %s." % mistake.reread)]
    elif not wrong_shape:
        text += ["", wrapped("No catalogued mistake computes these numbers from the right "
                             "values before it: compare your line with the equation, term "
                             "by term.", indent="")]
    return "\n".join(text)


def wrapped(sentence, indent="  "):
    return textwrap.fill(sentence, 88, initial_indent=indent, subsequent_indent=indent)


def finite_differences(result, model, xs, ys, h0, eps=1e-5):
    """The first gradient entry that central differences of the loss disagree with, or None."""
    def loss():
        return minirnn.forward_pass(model, xs, ys, h0)[0]
    for quantity, key in GRAD_KEY.items():
        target = h0 if key == "h0" else getattr(model, key)
        rows = target if isinstance(target[0], list) else [target]
        got = result[0][key]
        got_rows = got if isinstance(got[0], list) else [got]
        for r, row in enumerate(rows):
            for i in range(len(row)):
                saved = row[i]
                row[i] = saved + eps
                up = loss()
                row[i] = saved - eps
                down = loss()
                row[i] = saved
                numeric = (up - down) / (2 * eps)
                if abs(got_rows[r][i] - numeric) > 1e-7 + 1e-5 * abs(numeric):
                    where = "[%d][%d]" % (r, i) if rows is target else "[%d]" % i
                    return "%s%s is %.6g, but finite differences of L give %.6g" % (
                        quantity, where, got_rows[r][i], numeric)
    return None


def judge(path, source, function, bptt, unwritten):
    """(exit status, text) on README's example and the random problems, judging every
    quantity but the unwritten ones; finite differences only when all are written."""
    problems = [(readme_example(), EXAMPLE)]
    for n_in, n_hidden, n_out, T, seed in PROBES:
        problems.append((random_problem(n_in, n_hidden, n_out, T, seed),
                         "a random problem: n_in = %d, n_hidden = %d, n_out = %d, T = %d, seed = "
                         "%d (random_problem(%d, %d, %d, %d, %d) in exercises/check.py)"
                         % ((n_in, n_hidden, n_out, T, seed) * 2)))
    of_those = " of those written" if unwritten else ""
    for (model, xs, ys, h0), where in problems:
        sizes = {"n_in": model.n_in, "n_hidden": model.n_hidden, "n_out": model.n_out}
        c, expected, result = run(bptt, path, model, xs, ys, h0, where)
        stopped = isinstance(result, ShapeMismatch)
        wrong = mismatched(path, function, c, expected, result, sizes) if stopped else \
            first_wrong(c, expected, result, sizes, unwritten)
        if wrong:
            head = "%s: wrong%s." % (path, ", and not finished" if unwritten else "")
            if where != EXAMPLE:
                head += " It is right on %s, but not on %s." % (EXAMPLE, where.split(" (")[0])
            head += (" It stopped at a wrong shape:" if stopped else
                     " The first wrong quantity%s%s, in the order bptt computes them:" % (
                         of_those, " there" if where != EXAMPLE else ""))
            return 1, "%s\n%s" % (
                head if where == EXAMPLE and not unwritten and not stopped else
                wrapped(head, indent=""),
                report(path, source, function, c, expected, *wrong, where=where,
                       unwritten=unwritten, stopped=stopped))
        disagreement = None if unwritten else finite_differences(result, model, xs, ys, h0)
        if disagreement:
            return 1, "%s: wrong on %s: %s" % (path, where, disagreement)
    shapes = ", ".join("%d x %d x %d with T = %d" % p[:4] for p in PROBES)
    if unwritten:
        written = [q for q, _ in EQUATIONS if q not in unwritten]
        return 1, "%s: not finished. What is written is right so far: %s.\n%s" % (
            path, ", ".join(written), wrapped(
                "(On %s and on %d random problems, n_in x n_hidden x n_out: %s; each line not "
                "written yet computing its right value.)" % (EXAMPLE, len(PROBES), shapes)))
    return 0, "%s: right.\n%s" % (path, wrapped(
        "On %s and on %d random problems (n_in x n_hidden x n_out: %s), every "
        "ds_{o,t}, da_{h,t}, ds_{h,t} and gradient is what minirnn.bptt computes, and "
        "finite differences agree with the gradients." % (EXAMPLE, len(PROBES), shapes)))


def check(path):
    """The verdict on the bptt in the file at path: (exit status, text)."""
    path = short(path)
    blanks = []
    try:
        source, function, blanks = read_bptt(path)
        unwritten = {quantity for _, _, quantity, _ in blanks}
        if None in unwritten or len(unwritten) == len(EQUATIONS):   # nothing to judge yet
            return 1, "%s: bptt is not finished.\n%s" % (path, unfinished(blanks))
        status, text = judge(path, source, function, load(path, source, blanks), unwritten)
    except Verdict as verdict:
        status, text = verdict.status, verdict.text
    if blanks and status == 1:
        text += "\n\n" + unfinished(blanks)
    return status, text


def short(path):
    """path relative to the current folder when it is inside it: what messages show."""
    try:
        relative = os.path.relpath(path)
    except ValueError:                          # another drive, on Windows
        return path
    return path if relative.startswith(os.pardir) else relative


def main(argv):
    if len(argv) != 1:
        print("usage: python3 exercises/check.py FILE", file=sys.stderr)
        return 2
    status, text = check(argv[0])
    print(text)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
