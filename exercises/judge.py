"""The judging core of exercises/check.py: a learner's bptt against minirnn's, by value.

It imports only minirnn and exercises/mistakes.py, and runs unchanged on MicroPython
(no ast, traceback, textwrap, os, subprocess): reading files, the time limit and line
numbers are check.py's, around it. Its entry point:

    judge(namespace, unwritten, source, template, learners) -> (exit status, report)

namespace is the dict the learner's code ran in (it defines bptt); unwritten the quantities
whose line is still `...` (each calls namespace[FILL](quantity, t), set here, for its right
value); source a Source, which tells line numbers where the runtime can (check.py's does);
template and learners the exercise's text and the learner's, to name `# given` lines changed.

The learner's bptt runs on README's worked example (EXAMPLE_MODEL and the rest, which README
shows: a test checks it), then on random problems of several shapes; on each, after each call, its
inputs are compared with what they were. The first wrong quantity in the order bptt
computes them is reported with the step, expected and got, and the catalogue's diagnosis.
"""
import minirnn

if "." in __name__:                            # imported as exercises.judge
    from exercises.mistakes import (FORWARD_MISTAKES, GRADIENT_CHECK_MISTAKES, LOOP_MISTAKES,
                                    MISTAKES, SHARES, TRAINING_MISTAKES, Either, Values,
                                    correct_values, forward_values)
else:                                          # exercises/ on sys.path (check.py, a page)
    from mistakes import (FORWARD_MISTAKES, GRADIENT_CHECK_MISTAKES, LOOP_MISTAKES, MISTAKES,
                          SHARES, TRAINING_MISTAKES, Either, Values, correct_values,
                          forward_values)

# The track's functions, in the order a file is judged as the first it defines (a file of
# exercise 5 defines train and may define bptt; exercise 1's imports no forward_pass)
FUNCTIONS = ["train", "gradient_check", "bptt", "forward_pass"]
SIGNATURES = {"forward_pass": "forward_pass(model, xs, ys, h0)",
              "bptt": "bptt(model, xs, ys, a_h, y_hat)",
              "gradient_check": "gradient_check(model, xs, ys, h0)",
              "train": "train(model, data, epochs, lr, clip)"}

# README's "BPTT by hand" example, owned here: README shows these numbers (a test checks it)
EXAMPLE_MODEL = {"n_in": 1, "n_hidden": 2, "n_out": 2, "W": [[0.5], [-0.3]],
                 "U": [[0.1, -0.4], [0.2, 0.3]], "V": [[0.6, -0.2], [-0.5, 0.4]],
                 "b_h": [0.0, 0.1], "b_o": [0.1, -0.1]}
EXAMPLE_XS, EXAMPLE_YS, EXAMPLE_H0 = [[1.0], [-1.0]], [1, 0], [0.4, -0.3]
EXAMPLE = 'README\'s "BPTT by hand" example'

# README's equations, in the order bptt computes them (and exercises/2_bptt.py's lines)
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
PER_STEP = [("ds_{o,t}", 1, "ds_o"), ("da_{h,t}", 2, "da_h"), ("ds_{h,t}", 3, "ds_h")]
STEP_LIST = dict((q, (i, name)) for q, i, name in PER_STEP)   # where bptt's result holds it
STEP_LISTS = ["ds_o", "da_h", "ds_h", "a_h", "y_hat"]          # the lists bptt indexes by t
SUMS = ["dV", "db_o", "dW", "dU", "db_h", "dh0"]              # after the loop, in this order
GRAD_KEY = {"dW": "W", "dU": "U", "dV": "V", "db_h": "b_h", "db_o": "b_o", "dh0": "h0"}
CODE = {"ds_{o,t}": "ds_o[t]", "da_{h,t}": "da_h[t]", "ds_{h,t}": "ds_h[t]",
        "dW": "dW", "dU": "dU", "dV": "dV", "db_h": "db_h", "db_o": "db_o", "dh0": "dh0"}
FILL = "_right_value_of_a_blank"      # what each `...` calls while bptt is unfinished
SHAPE = {"ds_{o,t}": ("n_out",), "da_{h,t}": ("n_hidden",), "ds_{h,t}": ("n_hidden",),
         "dW": ("n_hidden", "n_in"), "dU": ("n_hidden", "n_hidden"),
         "dV": ("n_out", "n_hidden"), "db_h": ("n_hidden",), "db_o": ("n_out",),
         "dh0": ("n_hidden",)}
LIKE = {"dW": "W", "dU": "U", "dV": "V", "db_h": "b_h", "db_o": "b_o", "dh0": "h0"}
INPUTS = ["W", "U", "V", "b_h", "b_o", "xs", "ys", "a_h", "y_hat"]   # what bptt must not change

# README's sections that say why an entry is there, or is not
LOOP = '"BPTT, line by line", "Why the loop runs from T down to 1"'
START = '"BPTT, line by line", line 2, its last sentence: set ds_{h,T+1} = 0'
LINES = '"BPTT, line by line" (its lines in their order)'
TWO_STEPS = '"BPTT, line by line", line 2'

# Random problems (n_in, n_hidden, n_out, T, seed): three sizes that differ, so that a
# missing or extra transpose shows as a wrong shape; T >= 3; h0 is never zero.
PROBES = [(3, 4, 5, 3, 1), (5, 3, 2, 4, 2), (2, 6, 3, 5, 3)]

# What each `# given` line of exercises/2_bptt.py sets, by how it begins
GIVEN = [
    ("W, U, V, b_h, b_o =", "the weights' names, read from the model"),
    ("T =", "T, the number of steps"),
    ("dW, dU, dV =", 'the sums over t, each starting at zero (README, "BPTT, line by line": '
                     '"The weight gradients start at zero")'),
    ("db_h, db_o =", 'the sums over t, each starting at zero (README, "BPTT, line by line": '
                     '"The weight gradients start at zero")'),
    ("ds_o, da_h, ds_h =", "the lists, indexed like the math: ds_o[t] and da_h[t] for t = 1..T, "
                           "ds_h[t] up to T + 1"),
    ("ds_h[T + 1] =", "the start ds_{h,T+1} = 0: README, " + START),
    ("for t in", "the loop, t = T down to 1: README, " + LOOP),
    ("x_t, y_t =", "the step's input and target: x_t is xs[t - 1], y_t is ys[t - 1]"),
    ("grads =", "the keys the gradients are returned under: W, U, V, b_h, b_o, h0"),
    ("return", "what bptt returns: (grads, ds_o, da_h, ds_h)"),
]


class Verdict(Exception):
    """The end of a check: what to print, and the exit status."""

    def __init__(self, status, text):
        self.status, self.text = status, text


class Absent(Exception):
    """A key or a list entry the learner's result does not hold: why, in words."""

    def __init__(self, text):
        self.text = text


class ShapeMismatch(Exception):
    """minirnn's add, sub or mul, called by the learner's bptt on terms of two shapes."""

    def __init__(self, operation, terms):
        self.operation, self.terms = operation, terms


class Source:
    """What the core knows of the learner's code: its name. check.py's Source knows more
    (line numbers, the learner's frame); where a runtime cannot tell, these say nothing."""

    def __init__(self, name):
        self.name = name

    def line(self, quantity):
        """(number, text) of the learner's line that assigns the quantity, or None."""
        return None

    def appends(self, quantity):
        """Is the learner's line for quantity `X += ...`?"""
        return False

    def raised(self, error):
        """What is known of where the learner's code raised error: a dict with "line"
        (its number), "text", "inside" (the function it was in, if not the learner's),
        "t", "locals" (the learner's bptt's names), "read" (each list entry the line
        reads: (name, index text, index, value or MISSING)), "written" (each it writes),
        "statement" (the line its statement begins on) and "in_loop" (is it inside the loop
        over t); None if nothing is."""
        return None

    def changed_at(self, call, unchanged):
        """(number, text) of the line after which unchanged() first became false while
        call() ran, or None."""
        return None

    def calling(self, doing):
        """The core is about to call the learner's code (doing says why); it has returned
        when called() comes. check.py's time limit watches these."""

    def called(self):
        """The learner's code has returned."""

    def line_of(self, quantity):
        found = self.line(quantity)
        return "your line %d: %s" % found if found else None


MISSING = "<no such entry>"


# ---------------------------------------------------------------------------
# The problems: README's example, and random ones
# ---------------------------------------------------------------------------

def readme_example():
    """(model, xs, ys, h0) of README's "BPTT by hand" example, fresh lists each time."""
    return (minirnn.RNN.from_dict(EXAMPLE_MODEL), copied(EXAMPLE_XS), copied(EXAMPLE_YS),
            copied(EXAMPLE_H0))


class Uniform:
    """A small generator of its own (Park and Miller's), so that every runtime draws the
    same random problems: MicroPython has no random.Random."""

    def __init__(self, seed):
        self.state = seed % 2147483646 + 1

    def uniform(self, low, high):
        self.state = self.state * 48271 % 2147483647
        return low + (high - low) * self.state / 2147483647.0

    def below(self, n):
        return min(int(self.uniform(0, n)), n - 1)


def random_problem(n_in, n_hidden, n_out, T, seed):
    """(model, xs, ys, h0): weights, inputs and h0 drawn uniformly, tanh far from linear."""
    rng = Uniform(seed)
    d = {"n_in": n_in, "n_hidden": n_hidden, "n_out": n_out}
    for name, rows, cols in (("W", n_hidden, n_in), ("U", n_hidden, n_hidden),
                             ("V", n_out, n_hidden), ("b_h", 1, n_hidden), ("b_o", 1, n_out)):
        d[name] = [[rng.uniform(-1.5, 1.5) for _ in range(cols)] for _ in range(rows)]
    d["b_h"], d["b_o"] = d["b_h"][0], d["b_o"][0]
    xs = [[rng.uniform(-1.0, 1.0) for _ in range(n_in)] for _ in range(T)]
    ys = [rng.below(n_out) for _ in range(T)]
    h0 = [rng.uniform(-0.9, 0.9) for _ in range(n_hidden)]
    return minirnn.RNN.from_dict(d), xs, ys, h0


def problems():
    """[(problem, where)]: README's example first, then the random problems."""
    found = [(readme_example(), EXAMPLE)]
    for probe in PROBES:
        found.append((random_problem(*probe),
                      "a random problem: n_in = %d, n_hidden = %d, n_out = %d, T = %d, seed = "
                      "%d (random_problem(%d, %d, %d, %d, %d) in exercises/judge.py)"
                      % (probe + probe)))
    return found


# ---------------------------------------------------------------------------
# Values: compared as numbers, whatever sequence holds them
# ---------------------------------------------------------------------------

def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def plain(v):
    """v as lists of floats when it is a (nested) sequence of numbers: tuples, ranges,
    arrays and ints are values like any other. Anything else is returned as it is."""
    if is_number(v):
        try:                     # a subclass of int or float: the number it holds, whatever
            v = float(v)         # its own ==, - or abs would say
        except Exception:        # (MicroPython converts no subclass)
            v = None
        return v if type(v) is float else float("nan")   # else never right
    if v is None or isinstance(v, (str, bytes, dict)):
        return v
    try:
        items = [plain(x) for x in v]
    except Exception:                          # not a sequence, or a broken one
        return v
    return items


def shape(v):
    """(n,) for a vector of n numbers, (r, c) for a matrix; None for anything else."""
    if not isinstance(v, list) or not v:
        return None
    if all(is_number(x) for x in v):
        return (len(v),)
    if all(isinstance(row, list) and row and all(is_number(x) for x in row) for row in v) \
            and len(set([len(row) for row in v])) == 1:
        return (len(v), len(v[0]))
    return None


def numbers(v):
    return [x for row in v for x in row] if isinstance(v[0], list) else list(v)


def close(a, b):
    """Equal but for rounding: a learner's sums may run in another order."""
    return abs(a - b) <= 1e-10 + 1e-8 * max(abs(a), abs(b))


def same(got, expected):
    return shape(got) is not None and shape(got) == shape(expected) and all(
        [close(g, e) for g, e in zip(numbers(got), numbers(expected))])


def formatted(v, places=4):
    """v as README's tables write it: [0.6173, -0.4620], every float to `places` places."""
    if isinstance(v, list):
        return "[%s]" % ", ".join([formatted(x, places) for x in v])
    return ("%%.%df" % places) % v if isinstance(v, float) else repr(v)


def shown(got, expected):
    """(expected, got) as README's tables show them, with more places if that hides the gap
    (0.0000 and -0.0000 too)."""
    places = 12 if formatted(got).replace("-0.0000", "0.0000") == \
        formatted(expected).replace("-0.0000", "0.0000") else 4
    return formatted(expected, places), formatted(got, places)


def at_step(quantity, t):
    """README's name at a step: da_{h,t} at t = 2 is da_{h,2}, y_hat_t is y_hat_2."""
    if t is None:
        return quantity
    return quantity[:-1] + str(t) if quantity.endswith("_t") else quantity.replace(",t}", ",%d}" % t)


def wrapped(sentence, indent="  ", width=88):
    """sentence in lines of at most width columns (as textwrap.fill, which MicroPython lacks)."""
    lines, line = [], indent
    for word in sentence.split():
        if line.strip() and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = indent
        line += (" " if line.strip() else "") + word
    return "\n".join(lines + [line])


def described(v):
    if v is None:
        return "None"
    if is_number(v):
        return "the number %r" % v
    if isinstance(v, list):
        return "a list of %d item%s" % (len(v), "" if len(v) == 1 else "s")
    return "a %s" % type(v).__name__


# ---------------------------------------------------------------------------
# Shapes, in the sizes' names
# ---------------------------------------------------------------------------

def shape_words(quantity, got, sizes):
    """Why got has the wrong shape, in the sizes' names: dW is n_in x n_hidden, ..."""
    want = SHAPE[quantity]
    want_numbers = tuple([sizes[name] for name in want])
    if shape(got) is None:
        return "%s is not a list of numbers (it is %s); it must be %s" % (
            quantity, described(got), dims(want, want_numbers))
    names = size_names(quantity, shape(got), sizes)
    if len(want) == 1 and len(shape(got)) == 1:
        return "%s has %s; it must have %s = %d" % (
            quantity, entries_of(shape(got)[0]), want[0], want_numbers[0])
    got_text = dims(names, shape(got)) if None not in names else \
        " x ".join([str(n) for n in shape(got)])
    like = ", the shape of %s" % LIKE[quantity] if quantity in LIKE else ""
    return "%s is %s; it must be %s%s" % (quantity, got_text, dims(want, want_numbers), like)


def size_names(quantity, dimensions, sizes):
    """The sizes' names for each dimension, the quantity's own first; None where none fits."""
    names = []
    for d in dimensions:
        candidates = [n for n in list(SHAPE[quantity]) + ["n_in", "n_hidden", "n_out"]
                      if sizes[n] == d]
        names.append(candidates[0] if candidates else None)
    return names


def term_words(quantity, term, sizes):
    """A term's shape, in the sizes' names where they fit: n_in x n_hidden (1 x 2)."""
    names = size_names(quantity, shape(term), sizes) if shape(term) else [None]
    return shape_text(term) if None in names else dims(names, shape(term))


def shape_text(v):
    """v's shape in numbers (4 entries, 2 x 3), or what v is if it has none."""
    if not shape(v):
        return described(v)
    return entries_of(shape(v)[0]) if len(shape(v)) == 1 else " x ".join(map(str, shape(v)))


def entries_of(n):
    return "%d entr%s" % (n, "y" if n == 1 else "ies")


def dims(names, values):
    if len(values) == 1:
        return "a vector of %s = %s" % (names[0], entries_of(values[0]))
    return "%s (%s)" % (" x ".join(names), " x ".join([str(v) for v in values]))


# ---------------------------------------------------------------------------
# Running the learner's bptt
# ---------------------------------------------------------------------------

def one_shape(name):
    """minirnn's add, sub or mul, refusing terms of two shapes instead of cutting them."""
    operation = getattr(minirnn, name)

    def checked(*terms):
        shapes = set([shape(plain(term)) or (() if is_number(plain(term)) else None)
                      for term in terms])                # a number's shape: ()
        if len(shapes) > 1 and None not in shapes:   # None: let the operation say why
            raise ShapeMismatch(name, terms)
        return operation(*terms)
    return checked


def right_value(c, grads):
    """The right value (a copy) of a quantity at step t, from the correct lists c and the
    correct gradients: what the learner's is compared with, and what a blank `X = ...`
    gives X. A sum's blank gives the whole sum at every step: nothing in bptt reads a sum
    but its own line."""
    def value(quantity, t):
        if quantity in GRAD_KEY:
            return plain(grads[GRAD_KEY[quantity]])
        return plain({"ds_{o,t}": c.ds_o, "da_{h,t}": c.da_h, "ds_{h,t}": c.ds_h}[quantity][t])
    return value


def inputs_of(model, xs, ys, a_h, y_hat):
    return [model.W, model.U, model.V, model.b_h, model.b_o, xs, ys, a_h, y_hat]


def copied(v):
    """v with every list in it copied (the rest shared): what the learner's bptt gets."""
    return [copied(x) for x in v] if isinstance(v, list) else v


def handed(model, xs, ys, a_h, y_hat):
    """Copies of a problem's inputs for the learner's bptt: nothing it changes reaches us."""
    return [minirnn.RNN.from_dict(model.to_dict()), copied(xs), copied(ys), copied(a_h),
            copied(y_hat)]


def first_change(before, model, xs, ys, a_h, y_hat):
    """'y_hat[2][0] (0.3932, now -0.6068)': the first input entry that is not what it was."""
    for name, old, new in zip(INPUTS, before, inputs_of(model, xs, ys, a_h, y_hat)):
        where = difference(old, new)
        if where is not None:
            path, was, now = where
            return "%s%s (it was %s, it is now %s)" % (name, path, was, now)
    return None


def difference(old, new):
    """(index path, old, new) of the first entry where new is not old, or None."""
    if isinstance(old, list) and type(new) is list and len(old) == len(new):
        for i in range(len(old)):
            found = difference(old[i], new[i])
            if found is not None:
                return ("[%d]" % i + found[0],) + found[1:]
        return None
    if type(old) is type(new) and old == new:
        return None
    return "", short_text(old), short_text(new)


def short_text(v):
    text = formatted(v)
    return text if len(text) <= 60 else text[:57] + "..."


REFERENCE = dict(minirnn.__dict__)   # minirnn as it was before any learner's code ran


def tampered(source, doing):
    """A Verdict if the learner's code has changed minirnn's names (bptt, add, ...): then
    minirnn.bptt no longer says what is right."""
    changed = sorted([name for name in REFERENCE if minirnn.__dict__.get(name) is not
                      REFERENCE[name]])
    if changed:
        raise Verdict(1, wrapped("%s: wrong. Your code changed minirnn's %s (found while the "
                                 "checker was %s): the checker compares with minirnn as it is, "
                                 "so leave it as it is." % (source.name, ", ".join(changed),
                                                            doing), ""))


def message(error):
    """The text of the learner's exception, even one whose str() fails."""
    try:
        return str(error)
    except Exception:
        return "(its message cannot be shown)"


def run(namespace, source, model, xs, ys, h0, where):
    """(c, expected, the learner's result) on one problem: c the correct values, expected
    minirnn.bptt's result. The result is a ShapeMismatch (or another exception, with the
    learner's lists so far) when bptt stopped; a Verdict when it cannot be judged."""
    doing = "running your bptt on " + where
    tampered(source, doing)
    _, _, a_h, _, y_hat = minirnn.forward_pass(model, xs, ys, h0)
    expected = minirnn.bptt(model, xs, ys, a_h, y_hat)
    c = correct_values(model, xs, ys, a_h, y_hat, *expected[1:])
    namespace[FILL] = right_value(c, expected[0])
    theirs = handed(model, xs, ys, a_h, y_hat)
    before = copied(inputs_of(*theirs))
    source.calling(doing)
    try:
        result = namespace["bptt"](*theirs)
    except ShapeMismatch as mismatch:
        return c, expected, mismatch
    except SystemExit as error:
        raise Verdict(1, wrapped("%s: wrong. Your bptt called %s while the checker was %s: "
                                 "bptt must return its result, and nothing in it may exit." % (
                                     source.name, exit_words(error), doing), ""))
    except BaseException as error:             # KeyboardInterrupt raised by bptt too
        return c, expected, error
    finally:
        source.called()
    tampered(source, doing)
    changed = first_change(before, *theirs)
    if changed:
        raise Verdict(1, changed_words(source, namespace, (model, xs, ys, a_h, y_hat),
                                       changed, where))
    if not isinstance(result, (tuple, list)) or len(result) != 4:
        raise Verdict(1, wrapped("%s: wrong. Your bptt must return (grads, ds_o, da_h, ds_h); on "
                                 "%s it returned %s." % (source.name, where,
                                                         described(plain(result))), ""))
    return c, expected, result


def exit_words(error):
    code = error.args[0] if error.args else None
    return "exit(%r)" % code if code is not None else "exit()"


def changed_words(source, namespace, problem, changed, where):
    """Why a bptt that changed its input is wrong, and where it changed it: found by
    running it again, on fresh copies, under source.changed_at."""
    theirs = handed(*problem)
    before = copied(inputs_of(*theirs))
    source.calling("running your bptt again on %s, to find the line that changes its input"
                   % where)
    try:
        line = source.changed_at(lambda: namespace["bptt"](*theirs),
                                 lambda: first_change(before, *theirs) is None)
    finally:
        source.called()
    return "\n".join([
        wrapped("%s: wrong. Your bptt changed its input %s, on %s." % (
            source.name, changed, where), indent=""),
        "  your line %d: %s" % line if line else "  (which line changed it cannot be told)",
        wrapped("bptt must leave its inputs as they are: the model's weights, xs, ys and "
                "forward_pass's a_h and y_hat are read again after it (by the update, by "
                "the next sequence). Compute a new list instead: "
                "ds_o[t] = sub(y_hat[t], one_hot(y_t, len(V))), not y_hat[t] changed in "
                "place.")])


# ---------------------------------------------------------------------------
# Finding the first wrong quantity
# ---------------------------------------------------------------------------

def learners_value(result, quantity, t, T):
    """The learner's value of quantity at step t, or a Verdict saying why it is not there."""
    if quantity in GRAD_KEY:
        grads = result[0]
        if not isinstance(grads, dict) or GRAD_KEY[quantity] not in grads:
            raise Absent("grads has no key %r: it must return %s under the key %r" % (
                GRAD_KEY[quantity], quantity, GRAD_KEY[quantity]))
        return plain(grads[GRAD_KEY[quantity]])
    index, name = STEP_LIST[quantity]
    values = plain(result[index])
    if not isinstance(values, list) or len(values) <= t:
        raise Absent("%s[%d] is not there: %s is indexed like the math, %s[t] is %s for "
                      "t = 1..T, so it has at least T + 1 = %d entries" % (
                          name, t, name, name, quantity, T + 1))
    return values[t]


def order(T):
    """(quantity, t) in the order bptt computes them; t is None for the sums over t."""
    for t in range(T, 0, -1):
        for quantity, _, _ in PER_STEP:
            yield quantity, t
    for quantity in SUMS:
        yield quantity, None


def step_zero(result):
    """The first of ds_o[0], da_h[0] and ds_h[0] the learner wrote (an index bptt never
    needs, left None), or None."""
    for _, index, name in PER_STEP:
        values = plain(result[index]) if isinstance(result, (tuple, list)) else None
        if isinstance(values, list) and values and values[0] is not None:
            return name
    return None


def first_wrong(c, expected, result, sizes, unwritten):
    """(quantity, t, got, what is wrong) for the first wrong quantity written, or None."""
    right = right_value(c, expected[0])
    for quantity, t in order(c.T):
        if quantity in unwritten:
            continue
        got = learners_value(result, quantity, t, c.T)
        want = right(quantity, t)
        if got is None and t is not None:
            return quantity, t, got, never_written(quantity, t, plain(
                result[STEP_LIST[quantity][0]]), c.T)
        if shape(got) != shape(want):
            return quantity, t, got, "wrong shape: " + shape_words(quantity, got, sizes)
        if not same(got, want):
            return quantity, t, got, None
    return None


def step_zero_words(name):
    return wrapped("Your bptt also wrote %s[0], at t = 0: there is no step 0. The steps are "
                   "t = 1..T, and the loop runs t = T, T-1, ..., 1 (for t in range(T, 0, -1)):"
                   " README, %s." % (name, LOOP), "")


def never_written(quantity, t, values, T):
    """Why the learner's list holds None at step t: which steps the loop reached."""
    name = CODE[quantity].split("[")[0]
    written = [k for k in range(1, min(len(values), T + 1)) if values[k] is not None]
    text = "never written: %s[%d] is None" % (name, t)
    if written:
        text += ": your loop wrote %s at t = %s only" % (
            name, ", ".join([str(k) for k in sorted(written, reverse=True)]))
    return text + "; the loop must reach every step, t = T, T-1, ..., 1: README, " + LOOP


def forms(value):
    """What a mistake computes: each form of an Either, or the one value."""
    return list(value) if isinstance(value, Either) else [value]


def diagnosis(c, quantity, t, got):
    """The catalogued mistake that computes got from the correct values before it, or None;
    for a square matrix, its transpose is named too."""
    for mistake in MISTAKES:
        if quantity in mistake.computes:
            try:
                value = mistake.computes[quantity](c, t)
            except (IndexError, TypeError):
                continue
            if any([same(got, v) for v in forms(value)]):
                return mistake
    return None


def mismatched(source, c, expected, mismatch, sizes):
    """(quantity, t, what the learner's sum is, what is wrong) for a line of the nine whose
    add, sub or mul got terms of two shapes; a Verdict when it is on no such line."""
    raised = source.raised(mismatch) or {}
    line, t = raised.get("line"), raised.get("t")
    quantities = [q for q, _ in EQUATIONS if line is not None and
                  (source.line(q) or (None,))[0] == line]
    terms = [plain(term) for term in mismatch.terms]
    if not quantities:                         # no line to tell it: a share's values may
        found = transposed_share(c, terms)
        if found is None:
            shapes = " and ".join([shape_text(term) for term in terms])
            raise Verdict(1, "%s: wrong. Your bptt called %s(...) on terms of two shapes, %s%s."
                          % (source.name, mismatch.operation, shapes,
                             ", on line %d" % line if line else ""))
        quantities, t = found
    quantity = quantities[0]
    want = tuple([sizes[name] for name in SHAPE[quantity]])
    odd = [term for term in terms if shape(term) != want] + [None]
    words = "wrong shape: your line's %s(...) got %s: each term must be %s" % (
        mismatch.operation, " and ".join([term_words(quantity, term, sizes) for term in terms]),
        dims(SHAPE[quantity], want))
    got = None
    if quantity in SHARES and isinstance(t, int) and shape(odd[0]) == tuple(reversed(want)) and \
            same(minirnn.transpose(odd[0]), SHARES[quantity](c, t)):
        words = "wrong shape: step t's share of %s is %s: the transpose of what it should be, %s" % (
            quantity, term_words(quantity, odd[0], sizes), dims(SHAPE[quantity], want))
        got = minirnn.transpose(expected[0][GRAD_KEY[quantity]])   # each step's share, so
    return quantity, t, got, words                                  # the sum, transposed


def transposed_share(c, terms):
    """([quantity], t) for a term that is the transpose of step t's share of a sum, or None:
    of dV or dW, whose shares, transposed, have another shape (dU's are square)."""
    for quantity in ("dV", "dW"):
        for t in range(c.T, 0, -1):
            for term in terms:
                if len(shape(term) or ()) == 2 and \
                        same(minirnn.transpose(term), SHARES[quantity](c, t)):
                    return [quantity], t
    return None


def raised_after(function, error, raised):
    """The note, after the first wrong quantity, on the exception that stopped the function
    (raised: where, from the frame that told what was wrong)."""
    return wrapped("(After it, your %s raised %s: %s, on your line %d.)" % (
        function, type(error).__name__, message(error), raised["line"]), "")


def wrong_before(raised, steps, sizes):
    """(quantity, t, got, words) for the first wrong per-step entry the learner's lists held
    when their function stopped (from its frame, where the runtime tells it), or None. steps:
    (quantity, t, the list's name, the right entry), in the order the function computes them;
    words say what is wrong where its shape does (else None)."""
    names = (raised or {}).get("locals") or {}
    for quantity, t, name, want in steps:
        values = plain(names.get(name))
        if not isinstance(values, list) or len(values) <= t:
            continue
        if values[t] is None:        # not reached: what follows it was not computed by the loop
            return None
        if not same(values[t], want):
            words = None if shape(values[t]) == shape(want) else \
                "wrong shape: " + shape_words(quantity, values[t], sizes)
            return quantity, t, values[t], words
    return None


# ---------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------

def report(source, c, expected, quantity, t, got, wrong, where, unwritten, stopped, zero):
    """What is wrong with the quantity at step t (None for a sum), and why: `wrong` says
    it when the numbers cannot ("wrong shape: ..."); `stopped` when bptt stopped there on
    a share of the wrong shape, at step t of the loop; `zero`, the list the learner wrote
    at t = 0, if any."""
    want = right_value(c, expected[0])(quantity, t)
    if wrong and wrong.startswith("wrong shape") and not stopped and shape(got):
        n = shape(got)[0]
        length = "%d rows" % n if len(shape(got)) == 2 else entries_of(n)   # (n > 1 here)
        if source.appends(quantity) and n > len(want):     # `X += ...` appended to X
            wrong = "wrong shape: %s has %s: `+=` on lists appends; use %s = add(%s, ...)" % (
                quantity, length, CODE[quantity], CODE[quantity])
        elif joined(got, want):
            wrong = "wrong shape: %s has %s, lists joined end to end: `+` on lists joins " \
                    "them; add them with add(u, v)" % (quantity, length)
    done = [at_step(q, s) for q, s in order(c.T) if q not in unwritten]
    mistake = diagnosis(c, quantity, t, got) or (
        loop_mistake("the loop stops before t = 1") if wrong and ": your loop wrote" in wrong
        else None)
    mine = source.line_of(quantity)
    text = quantity_report(quantity, t, where, dict(EQUATIONS)[quantity], want, got, wrong,
                           [mine] if mine else [], None if stopped else
                           done[:done.index(at_step(quantity, t))], mistake)
    return text + ("\n\n" + step_zero_words(zero) if zero else "")


def joined(got, want):
    """Is got, a wrong shape for want's, lists of want's shape joined end to end (`u + v`)?"""
    return bool(shape(got)) and len(got) % len(want) == 0 and shape(got)[1:] == shape(want)[1:]


# what an exception says when the learner's code did arithmetic on lists: CPython and MicroPython
# name the list; PyPy's ** names no type ("operands do not support **")
LIST_ARITHMETIC = ["unsupported operand", "unsupported types", "can't multiply sequence"]
UNTYPED_ARITHMETIC = "operands do not support"


def raised_words(source, error, doing, raised, c, equations=EQUATIONS):
    """The learner's exception: their line, the message, why an entry it read is not there,
    and what the checker was doing."""
    text = ["%s raised %s: %s" % (source.name, type(error).__name__, message(error))]
    if raised and raised.get("line"):
        text.append("  your line %d: %s" % (raised["line"], raised["text"]))
        if raised.get("inside"):
            text.append("  (the error is inside %s, which that line calls)" % raised["inside"])
        on = [q for q, _ in equations if (source.line(q) or (None,))[0] == raised.get(
            "statement")]                      # no statement: not in the function, no t
        if on and (c is not None or equations is not EQUATIONS) and raised.get("t") is not None:
            text.append("  computing %s" % (
                "%s at t = %d" % (on[0], raised["t"]) if on[0] not in GRAD_KEY and on[0] != "L"
                else on[0] if on[0] == "dh0" else "step t = %d's share of %s" % (raised["t"], on[0])))
    text.append("  while the checker was %s" % doing)
    cause = absent_entry(raised, c, source)
    if cause:
        text += ["", cause]
    elif isinstance(error, TypeError) and (UNTYPED_ARITHMETIC in message(error) or (
            "list" in message(error) and [w for w in LIST_ARITHMETIC if w in message(error)])):
        text += ["", wrapped("Python's lists do no arithmetic: + joins them, and -, * and ** "
                             "fail. Use minirnn's add, sub and mul (entry by entry), dot, "
                             "matvec and outer, as the equations do: README, \"BPTT, line by "
                             "line\".", "")]
    return "\n".join(text)


def absent_entry(raised, c, source):
    """Why an entry the failing line read is None or not there (or one it writes is not
    there), with README's section and the catalogue's loop mistake, where one fits: a
    paragraph that begins with the quantity of that line, where it is one of the nine."""
    if not raised or c is None or "locals" not in raised:     # no frame of the learner's bptt
        return None
    t = raised["t"]
    for name, index_text, index, value in raised["written"]:
        if value is MISSING and name in ("ds_o", "da_h", "ds_h"):
            return "\n".join([wrapped("Your line writes %s[%s], %s, and %s has %s, no index "
                                       "%d." % (name, index_text, "before the loop" if t is None
                                                else "at t = %d" % t, name, entries_of(len(
                                                    raised["locals"].get(name) or [])), index)),
                               ""] +
                             diagnosed(loop_mistake("a list one entry too short")))
    if t is None:
        return None
    on = [q for q, _ in EQUATIONS if (source.line(q) or (None,))[0] == raised["statement"]] + [None]
    for name, index_text, index, value in raised["read"]:
        if value is not None and value is not MISSING:
            continue
        held = raised["locals"].get(name)      # (a comprehension's own names are not there)
        entry = "%s[%s], which is %s" % (name, index_text, "None" if value is None else
                                         "not there" if not isinstance(held, list) else
                                         "not there (%s has %s%s)" % (
                                             name, entries_of(len(held)), "" if name in
                                             STEP_LISTS + ["xs", "ys"] else
                                             ", and the index is %r" % (index,)))
        after = not raised["in_loop"]             # after the loop, t is where it stopped
        if after:
            what = "%s (after the loop, t = %d) reads %s" % (on[0] or "Your line", t, entry)
        elif on[0]:
            what = "%s at t = %d reads %s" % (on[0], t, entry)
        else:
            what = "Your line reads, at t = %d, %s" % (t, entry)
        if name == "da_h" and index == t + 1:
            return "\n".join([wrapped(what + "."), ""] + diagnosed(
                [m for m in MISTAKES if m.name == MIXED][0]))
        if name == "ds_h" and index == t and on[0] == "da_{h,t}":
            return wrapped(what + ": the carried term is U^T ds_{h,t+1}, step t + 1's, done "
                           "already; ds_{h,t} comes from da_{h,t}, on the next line. README, "
                           + TWO_STEPS + ".")
        mistake = loop_mistake_of(name, index, t, c.T, after)
        return "\n".join([wrapped(what + why_absent(name, index, t, c.T, after))] + (
            [""] + diagnosed(mistake) if mistake else []))
    return None


def loop_mistake(name):
    return [m for m in LOOP_MISTAKES if m.name == name][0]


def loop_mistake_of(name, index, t, T, after):
    """The catalogue's loop mistake that leaves entry index of list name absent at step t
    (after: read after the loop, which stopped at t)."""
    steps = name in ("ds_o", "da_h", "ds_h")
    if name in ("xs", "ys") and t == T + 1:
        found = "the loop starts at t = T + 1"
    elif name == "ds_h" and index == T + 1:
        found = "the start ds_{h,T+1} = 0 missing"
    elif t == 0:
        found = "the loop runs to t = 0"
    elif steps and t < index <= T:              # a later step that exists: not yet done
        found = "the loop runs forwards"
    elif steps and 0 < index < t and after:
        found = "the loop stops before t = 1"
    else:
        return None
    return loop_mistake(found)


def why_absent(name, index, t, T, after):
    """Why entry index of list name is None or not there at step t (after: read after the
    loop, which stopped at t), and where to read."""
    steps = name in ("ds_o", "da_h", "ds_h")
    if name in ("xs", "ys"):
        return (": xs and ys count from 0, so x_t is xs[t - 1] and y_t is ys[t - 1], as the "
                "given line x_t, y_t = xs[t - 1], ys[t - 1] reads them.")
    if name == "ds_h" and index == T + 1:
        return (": ds_h[T + 1] is never written. The carried term starts from "
                "ds_{h,T+1} = 0: README, %s." % START)
    if name not in STEP_LISTS:                   # W[i], U[i], ...: indexed by unit, not by t
        return "."
    if index > T:
        return (": there is no step %d (T = %d). Only ds_h has an entry T + 1, the start "
                "ds_{h,T+1} = 0: README, %s." % (index, T, START))
    if index == 0 or t == 0:
        return (": there is no step 0. The steps are t = 1..T, and the loop runs "
                "t = T, T-1, ..., 1 (for t in range(T, 0, -1)): README, %s." % LOOP)
    if steps and index > t:
        return (": step %d is not done yet. Step t needs step t + 1's ds_{h,t+1}, so the "
                "loop runs from T down to 1: README, %s." % (index, LOOP))
    if steps and index < t and after:
        return (": step %d was never done. Your loop ended at t = %d; it must run "
                "t = T, T-1, ..., 1 (for t in range(T, 0, -1)): README, %s." % (index, t, LOOP))
    if steps and index < t:
        return (": step %d is not done yet: the loop runs from T down to 1, so step t - 1 is "
                "done after this one: README, %s." % (index, LOOP))
    if steps:
        return (": this step's %s is not computed yet. Each line uses the ones before it: "
                "README, %s." % (name, LINES))
    return "."


def diagnosed(mistake):
    """The lines that name a catalogued mistake, say why, and what to reread."""
    where = mistake.reread if mistake.reread.startswith("minirnn.py") else \
        "README, " + mistake.reread
    return ["Diagnosis: %s." % mistake.name, wrapped(mistake.why),
            wrapped("Reread %s." % where)]


MIXED = "da and ds mixed in the carried term"   # da_h[t + 1] read on da_{h,t}'s line


def finite_differences(result, model, xs, ys, h0, eps=1e-5):
    """The first gradient entry that central differences of the loss disagree with, or None."""
    def loss():
        return minirnn.forward_pass(model, xs, ys, h0)[0]
    for quantity in ["dW", "dU", "dV", "db_h", "db_o", "dh0"]:
        key = GRAD_KEY[quantity]
        target = h0 if key == "h0" else getattr(model, key)
        rows = target if isinstance(target[0], list) else [target]
        got = plain(result[0][key])
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
                if not abs(got_rows[r][i] - numeric) <= 1e-7 + 1e-5 * abs(numeric):
                    where = "[%d][%d]" % (r, i) if rows is target else "[%d]" % i
                    return "%s%s is %.6g, but finite differences of L give %.6g" % (
                        quantity, where, got_rows[r][i], numeric)
    return None


def code_of(line):
    return " ".join(line.split("#")[0].split())


def given_code(text):
    """The code of each line of text that ends in `# given`."""
    return [code_of(line) for line in text.splitlines() if line.rstrip().endswith("# given")]


def sets(code):
    """What a line sets: its code before `=` or ` in `, spaces left out: 'T' of `T = len(xs)`,
    'fort' of `for t in range(T, 0, -1):`."""
    return "".join(code.split("=")[0].split(" in ")[0].split())


def given_edits(template, learners):
    """[(line number, the given line, the learner's line, what it sets)] for each line of
    the template ending in `# given` that the learner's source does not hold as it is: paired
    with a line of theirs marked `# given` that sets the same, else with the first marked one
    left, else with none (number and line None)."""
    given = given_code(template)
    lines = learners.splitlines()
    if not [line for line in lines if line.rstrip().endswith("# given")]:
        return []                              # not a copy of the exercise: nothing is given
    theirs = [code_of(line) for line in lines]
    marked = [n for n, line in enumerate(lines, 1) if line.rstrip().endswith("# given")
              and code_of(line) not in given]
    missing = [line for line in given if line not in theirs]
    paired = {}
    for line in missing:                       # first, the line that sets what it sets
        same = [n for n in marked if sets(theirs[n - 1]) == sets(line)]
        if same:
            paired[line] = same[0]
            marked.remove(same[0])
    for line in missing:                       # then the marked lines left, in order
        if line not in paired and marked:
            paired[line] = marked.pop(0)
    return [(paired.get(line), line, theirs[paired[line] - 1] if line in paired else None,
             ([words for start, words in GIVEN if line.startswith(start)] + ["a given line"])[0])
            for line in missing]


def given_words(edits):
    text = []
    for n, given, theirs, role in edits:
        if theirs is None:
            text.append(wrapped("A given line is not in your file as given: `%s`, which "
                                "sets %s." % (given, role), ""))
        else:
            text.append(wrapped("Your line %d is a given line changed: `%s` where the exercise "
                                "gives `%s`, which sets %s." % (n, theirs, given, role), ""))
    return "\n".join(text)


# ---------------------------------------------------------------------------
# Judging
# ---------------------------------------------------------------------------

def exercise(namespace):
    """The first of FUNCTIONS that namespace defines itself (not minirnn's), or None."""
    for name in FUNCTIONS:
        if callable(namespace.get(name)) and namespace[name] is not REFERENCE.get(name):
            return name
    return None


def judge(namespace, unwritten=(), source=None, template=None, learners=None):
    """(exit status, text) for the exercise namespace defines (exercise(namespace)): for bptt,
    on README's example and the random problems, judging every quantity but the unwritten
    ones; finite differences only when all are written. template and learners: the
    exercise's source and the learner's, to name edited `# given` lines."""
    name = exercise(namespace)
    if name is None:
        return 2, "defines none of the exercises' functions: " + ", ".join(
            [SIGNATURES[f] for f in reversed(FUNCTIONS)])
    source = source or Source("your " + name)
    judges = {"bptt": verdict, "forward_pass": forward_verdict,
              "gradient_check": gradient_check_verdict, "train": train_verdict}
    for helper in ("add", "sub", "mul"):
        if namespace.get(helper) is getattr(minirnn, helper):
            namespace[helper] = one_shape(helper)
    edits = given_edits(template, learners) if template and learners else []
    try:
        status, text = judges[name](namespace, set(unwritten), source)
    except Verdict as stop:
        status, text = stop.status, stop.text
    if edits:
        text += "\n\n" + given_words(edits)
    return status, text


def verdict(namespace, unwritten, source):
    of_those = " of those written" if unwritten else ""
    for (model, xs, ys, h0), where in problems():
        sizes = {"n_in": model.n_in, "n_hidden": model.n_hidden, "n_out": model.n_out}
        c, expected, result = run(namespace, source, model, xs, ys, h0, where)
        stopped = isinstance(result, ShapeMismatch)
        stopped_by = isinstance(result, BaseException)
        raised = source.raised(result) if stopped_by else None
        right = {"ds_{o,t}": c.ds_o, "da_{h,t}": c.da_h, "ds_{h,t}": c.ds_h}
        wrong = wrong_before(raised, [(q, t, STEP_LIST[q][1], right[q][t]) for q, t in order(c.T)
                                      if t is not None and q not in unwritten], sizes)
        if wrong:
            stopped = False
        elif stopped:
            wrong = mismatched(source, c, expected, result, sizes)
        elif stopped_by:
            text = raised_words(source, result, "running your bptt on " + where, raised, c)
            if where != EXAMPLE:
                text = wrapped("%s: wrong. It is right on %s, but not on %s:" % (
                    source.name, EXAMPLE, where.split(" (")[0]), "") + "\n" + text
            raise Verdict(1, text)
        else:
            try:
                wrong = first_wrong(c, expected, result, sizes, unwritten)
            except Absent as missing:
                raise Verdict(1, wrapped("%s: wrong. Your bptt's %s." % (source.name,
                                                                         missing.text), ""))
        if wrong:
            head = "%s: wrong%s." % (source.name, ", and not finished" if unwritten else "")
            if where != EXAMPLE:
                head += " It is right on %s, but not on %s." % (EXAMPLE, where.split(" (")[0])
            head += (" It stopped at a wrong shape:" if stopped else
                     " The first wrong quantity%s%s, in the order bptt computes them:" % (
                         of_those, " there" if where != EXAMPLE else ""))
            text = report(source, c, expected, *wrong, where=where, unwritten=unwritten,
                          stopped=stopped, zero=step_zero(result))
            if isinstance(result, ShapeMismatch) and not stopped:
                text += "\n\n" + wrapped("(After it, your bptt stopped at a wrong shape: %s(...) "
                                          "of terms of two shapes, on your line %s.)" % (
                                              result.operation, raised.get("line")), "")
            elif stopped_by and not stopped:
                text += "\n\n" + raised_after("bptt", result, raised)
            return 1, "%s\n%s" % (
                head if where == EXAMPLE and not unwritten and not stopped else
                wrapped(head, indent=""), text)
        disagreement = finite_differences(result, model, xs, ys, h0)   # if minirnn is wrong
        if disagreement:
            return 1, "%s: wrong on %s: %s" % (source.name, where, disagreement)
    shapes = ", ".join(["%d x %d x %d with T = %d" % p[:4] for p in PROBES])
    if unwritten:
        written = [q for q, _ in EQUATIONS if q not in unwritten]
        return 1, "%s: not finished. What is written is right so far: %s.\n%s" % (
            source.name, ", ".join(written), wrapped(
                "(On %s and on %d random problems, n_in x n_hidden x n_out: %s; each line not "
                "written yet computing its right value.)" % (EXAMPLE, len(PROBES), shapes)))
    return 0, "%s: right.\n%s" % (source.name, wrapped(
        "On %s and on %d random problems (n_in x n_hidden x n_out: %s), every "
        "ds_{o,t}, da_{h,t}, ds_{h,t} and gradient is what minirnn.bptt computes, and "
        "finite differences agree with the gradients." % (EXAMPLE, len(PROBES), shapes)))


# ---------------------------------------------------------------------------
# Exercise 1: the forward pass (1_forward_pass.py)
# ---------------------------------------------------------------------------

# README's equations, in the order forward_pass computes them (1_forward_pass.py's lines)
FORWARD_EQUATIONS = [
    ("s_{h,t}", "s_{h,t} = W x_t + U a_{h,t-1} + b_h"),
    ("a_{h,t}", "a_{h,t} = tanh(s_{h,t})"),
    ("s_{o,t}", "s_{o,t} = V a_{h,t} + b_o"),
    ("y_hat_t", "y_hat_t = softmax(s_{o,t}) = exp(s_{o,t} - max s_{o,t}) / sum_j exp(...)"),
    ("L_t", "L_t = -log y_hat_t[y_t]"),
    ("L", "L = sum_t L_t, with L_t = -log y_hat_t[y_t]"),
]
FORWARD_CODE = {"s_{h,t}": "s_h[t]", "a_{h,t}": "a_h[t]", "s_{o,t}": "s_o[t]",
                "y_hat_t": "y_hat[t]", "L_t": "L_t", "L": "L"}
FORWARD_RESULT = {"s_{h,t}": (1, "s_h"), "a_{h,t}": (2, "a_h"), "s_{o,t}": (3, "s_o"),
                  "y_hat_t": (4, "y_hat")}         # where forward_pass's result holds each
SHAPE.update({"s_{h,t}": ("n_hidden",), "a_{h,t}": ("n_hidden",), "s_{o,t}": ("n_out",),
              "y_hat_t": ("n_out",)})
# One class's score raised by SHIFT and made every step's target: y_hat_t stays near 1 there
# and L_t finite, but exp of that score less any other (exp(1000) overflows a double, exp(89)
# a float32) does not, so only a softmax that takes the max out is right. (Every score
# shifted by one amount would not tell: softmax is unchanged by it.)
SHIFT = 1000.0
RAISED = 2            # the class raised: neither the first nor the last
SHIFTED = "one score %g above the rest" % SHIFT
FORWARD_SHIFT_TAIL = "with b_o[%d] + %g and every y_t = %d)" % (RAISED, SHIFT, RAISED)

# What check.py gives a blank `X = ...` (BLANKS: quantity -> the code it assigns), the
# step of one without an index (L_t, and L, the sum so far), and the functions beside the
# exercise's whose `...` count as lines left
BLANKS = {"bptt": CODE, "forward_pass": FORWARD_CODE, "gradient_check": {}, "train": {}}
BLANK_STEP = {"L_t": "t", "L": "t"}
HELPERS = {"forward_pass": ("softmax",)}
ALL_CODE = dict(list(CODE.items()) + list(FORWARD_CODE.items()))
TO_WRITE = {"bptt": 'the right-hand side of its equation: README, "BPTT, line by line".',
            "forward_pass": 'the right-hand side of its equation: README, "The derivation", '
                            '"The forward pass".',
            "gradient_check": "what its comment says: this file's docstring says how, and "
                              "docs/exercises.md how it is judged.",
            "train": "what its comment says: this file's docstring says how, and "
                     "docs/exercises.md how it is judged."}


def forward_problems():
    """[(problem, where)]: bptt's problems, then one with class RAISED's score SHIFT above the
    rest and that class every step's target."""
    model, xs, ys, h0 = random_problem(*PROBES[0])
    model.b_o[RAISED] += SHIFT
    return problems() + [((model, xs, [RAISED] * len(ys), h0), "a random problem with %s "
                          "(random_problem%r in exercises/judge.py, %s)" % (
                              SHIFTED, PROBES[0], FORWARD_SHIFT_TAIL[:-1]))]


def forward_order(T):
    """(quantity, t) in the order forward_pass computes them; L after the loop."""
    for t in range(1, T + 1):
        for quantity in ("s_{h,t}", "a_{h,t}", "s_{o,t}", "y_hat_t"):
            yield quantity, t
    yield "L", None


def forward_fill(c):
    """What a blank `X = ...` of forward_pass gives X at step t: the right value."""
    def value(quantity, t):
        if quantity == "L_t":
            return c.L_t[t]
        if quantity == "L":
            return sum(c.L_t[1:t + 1])
        return copied({"s_{h,t}": c.s_h, "a_{h,t}": c.a_h, "s_{o,t}": c.s_o,
                       "y_hat_t": c.y_hat}[quantity][t])
    return value


def forward_value(result, quantity, t):
    """The learner's quantity at step t (L: the number), or a Verdict saying why it is absent."""
    if quantity == "L":
        return plain(result[0])
    index, name = FORWARD_RESULT[quantity]
    values = plain(result[index])
    if not isinstance(values, list) or len(values) <= t:
        raise Absent("%s[%d] is not there: %s is indexed like the math, %s[t] is %s for "
                      "t = 1..T, so it has T + 1 entries" % (name, t, name, name, quantity))
    return values[t]


def same_value(got, want):
    if is_number(want):
        return is_number(got) and close(got, want)
    return same(got, want)


def forward_diagnosis(c, quantity, t, got):
    """The catalogued forward-pass mistake that computes got from the correct values, or None."""
    for mistake in FORWARD_MISTAKES:                 # (none of these raises: all shapes fit)
        if quantity in mistake.computes:
            value = mistake.computes[quantity](c, t)
            if any([same_value(got, v) for v in forms(value)]):
                return mistake
    return None


def forward_mistake(name):
    return [m for m in FORWARD_MISTAKES if m.name == name][0]


def finite(v):
    return all([x - x == 0 for x in (numbers(v) if isinstance(v, list) else [v])])


def forward_verdict(namespace, unwritten, source):
    """The verdict on a forward_pass: each quantity, in the order it computes them."""
    for (model, xs, ys, h0), where in forward_problems():
        sizes = {"n_in": model.n_in, "n_hidden": model.n_hidden, "n_out": model.n_out}
        expected = minirnn.forward_pass(model, xs, ys, h0)
        c = forward_values(model, xs, ys, h0, *expected[1:])
        namespace[FILL] = right = forward_fill(c)
        doing = "running your forward_pass on " + where
        result = call_learner(namespace, "forward_pass", source, doing, where,
                              [("model", model), ("xs", xs), ("ys", ys), ("h0", h0)], 5,
                              "(L, s_h, a_h, s_o, y_hat)")
        if isinstance(result, BaseException):
            raised = source.raised(result)
            wrong = wrong_before(raised, [
                (q, t, FORWARD_RESULT[q][1], right(q, t)) for q, t in forward_order(c.T)
                if t is not None and q not in unwritten], sizes)
            if not wrong:
                raise Verdict(1, forward_raised(source, result, doing, where))
            quantity, t, got, _ = wrong             # (forward_report tells a wrong shape itself)
            return 1, forward_report(source, c, where, unwritten, quantity, t, got,
                                     right(quantity, t), sizes) + "\n\n" + raised_after(
                "forward_pass", result, raised)
        for quantity, t in forward_order(c.T):
            if quantity in unwritten:          # its FILL is right, unless later lines change it
                continue
            try:
                got = forward_value(result, quantity, t)
            except Absent as missing:
                raise Verdict(1, wrapped("%s: wrong. Your forward_pass's %s." % (
                    source.name, missing.text), ""))
            want = forward_value(expected, quantity, t)
            if not same_value(got, want):
                return 1, forward_report(source, c, where, unwritten, quantity, t, got, want,
                                         sizes)
    if unwritten:
        through_L = "L" in unwritten and "L_t" not in unwritten   # L_t is judged through L only
        written = [q for q, _ in FORWARD_EQUATIONS if q not in unwritten and not (
            q == "L_t" and through_L)]
        return 1, "%s: not finished. What is written is right so far: %s.%s" % (
            source.name, ", ".join(written), "\n  (L_t is judged once L is written.)" if through_L
            else "")
    return 0, "%s: right.\n%s" % (source.name, wrapped(
        "On %s, on %d random problems and on one with %s, every s_{h,t}, a_{h,t}, s_{o,t}, "
        "y_hat_t and L is what minirnn.forward_pass computes." % (EXAMPLE, len(PROBES), SHIFTED)))


def forward_report(source, c, where, unwritten, quantity, t, got, want, sizes):
    """The report on forward_pass's first wrong quantity: got where want was right."""
    wrong = None
    if got is None:
        wrong = "never written: %s is None" % at_step(quantity, t)
    elif quantity != "L" and shape(got) != shape(want):
        wrong = "wrong shape: " + shape_words(quantity, got, sizes)
    elif quantity == "L" and not is_number(got):
        wrong = "L is %s; it must be a number" % described(got)
    mistake = forward_diagnosis(c, quantity, t, got)    # (none computes a wrong shape, None)
    if not mistake and not wrong and where.endswith(FORWARD_SHIFT_TAIL) and not finite(got):
        mistake = forward_mistake("softmax without its max taken out")
    before = [at_step(q, s) for q, s in forward_order(c.T) if q not in unwritten]
    before = before[:before.index(at_step(quantity, t))]
    lines = [source.line_of(q) for q in (["L_t", "L"] if quantity == "L" else [quantity])]
    unnamed = UNNAMED
    if quantity != "L" and t < c.T and same_value(got, forward_fill(c)(quantity, t + 1)):
        name = FORWARD_RESULT[quantity][1]                # a list indexed from 0, t = 0..T-1
        unnamed = ("Your %s[%d] is step %d's %s: the list is shifted by a step: %s[t] must "
                   "be step t's, indexed like the math, t = 1..T." % (
                       name, t, t + 1, quantity, name))
    head = "%s: wrong%s." % (source.name, ", and not finished" if unwritten else "")
    if where != EXAMPLE:
        head += " It is right on %s, but not on %s." % (EXAMPLE, where.split(" (")[0])
    head += " The first wrong quantity%s, in the order forward_pass computes them:" % (
        " of those written" if unwritten else "")
    return (head if where == EXAMPLE and not unwritten else wrapped(head, "")) + "\n" + \
        quantity_report(quantity, t, where, dict(FORWARD_EQUATIONS)[quantity], want, got,
                        wrong, [line for line in lines if line], before, mistake, unnamed)


UNNAMED = ("No catalogued mistake computes these numbers from the right values before it: "
           "compare your line with the equation, term by term.")


def quantity_report(quantity, t, where, equation, want, got, wrong, lines, before, mistake,
                    unnamed=UNNAMED):
    """The lines of a report on one wrong quantity: where, its equation, expected and got (or
    what is wrong), the learner's lines, what came right before it, and the diagnosis (or, if
    none, unnamed)."""
    head = "%s at t = %d" % (quantity, t) if t is not None else quantity
    text = ["  %s, on %s" % (head, where), "    equation  " + equation]
    if wrong:
        text.append(wrapped(wrong, "    ").replace("\n    ", "\n      "))
    else:
        expected_text, got_text = shown(got, want)
        text += ["    expected  " + expected_text, "    got       " + got_text]
    text += ["    " + line for line in lines]
    if before is not None:
        text.append(wrapped("Right before it: %s." % (", ".join(before) if before else
                                                       "nothing, it is the first")))
    if mistake:
        text += [""] + diagnosed(mistake)
    elif not wrong:
        text += ["", wrapped(unnamed, indent="")]
    return "\n".join(text)


def call_learner(namespace, function, source, doing, where, inputs, size, returns,
                 changed=None):
    """The learner's function called on copies of inputs ((name, value) pairs: an RNN is
    copied whole): its result, or the exception it raised; a Verdict if it exits, changes
    an input (naming the catalogue's mistake `changed`, if given, when a weight or h0
    changed) or returns no `size`-tuple (size None: a number)."""
    theirs = [minirnn.RNN.from_dict(v.to_dict()) if isinstance(v, minirnn.RNN) else copied(v)
              for _, v in inputs]
    before = snapshot(inputs, theirs)
    source.calling(doing)
    try:
        result = namespace[function](*theirs)
    except SystemExit as error:
        raise Verdict(1, wrapped("%s: wrong. Your %s called %s while the checker was %s: it "
                                 "must return its result, and nothing in it may exit." % (
                                     source.name, function, exit_words(error), doing), ""))
    except BaseException as error:
        return error
    finally:
        source.called()
    tampered(source, doing)
    for (name, old), (_, new) in zip(before, snapshot(inputs, theirs)):
        found = raw_difference(old, new)
        if found is not None:
            was, now = shown(found[2], found[1])
            raise Verdict(1, wrapped("%s: wrong. Your %s changed its input %s%s (it was %s, it "
                                     "is now %s), on %s: it must leave its inputs as they are."
                                     % (source.name, function, name, found[0], was, now, where),
                                     "") +
                          ("\n\n" + "\n".join(diagnosed(changed)) if changed and
                           name not in ("xs", "ys") else ""))
    if size is None:
        if not is_number(plain(result)):
            raise Verdict(1, returned_words(source, function, returns, where, result))
        return plain(result)
    if not isinstance(result, (tuple, list)) or len(result) != size:
        raise Verdict(1, returned_words(source, function, returns, where, result))
    return result


def returned_words(source, function, returns, where, result):
    return wrapped("%s: wrong. Your %s must return %s; on %s it returned %s." % (
        source.name, function, returns, where, described(plain(result))), "")


def snapshot(inputs, values):
    """[(name, a copy)] of each input to compare after a call: an RNN's parameters by name."""
    found = []
    for (name, _), v in zip(inputs, values):
        parts = [("%s.%s" % (name, key), p) for key, p in v.params()] if isinstance(
            v, minirnn.RNN) else [(name, v)]
        found += [(part, copied(p)) for part, p in parts]
    return found


def raw_difference(old, new):
    """(index path, old value, new value) of the first entry where new is not old, or None."""
    if isinstance(old, list) and type(new) is list and len(old) == len(new):
        for i in range(len(old)):
            found = raw_difference(old[i], new[i])
            if found is not None:
                return ("[%d]" % i + found[0],) + found[1:]
        return None
    if type(old) is type(new) and old == new:
        return None
    return "", old, new


def forward_raised(source, error, doing, where):
    """The report of an exception forward_pass raised, with a diagnosis where one fits: an
    overflow on the shifted problem, or a_h[t] read on s_{h,t}'s line."""
    raised = source.raised(error)
    text = raised_words(source, error, doing, raised, None, FORWARD_EQUATIONS)
    if where != EXAMPLE:
        text = wrapped("%s: wrong. It is right on %s, but not on %s:" % (
            source.name, EXAMPLE, where.split(" (")[0]), "") + "\n" + text
    mistake = None
    if where.endswith(FORWARD_SHIFT_TAIL) and isinstance(error, (OverflowError, ValueError)):
        mistake = forward_mistake("softmax without its max taken out")
    line = (source.line("s_{h,t}") or (None,))[0]
    for name, _, index, value in (raised or {}).get("read", []):
        if name == "a_h" and index == raised.get("t") and value is None and \
                raised["statement"] == line:
            mistake = forward_mistake("U a_{h,t} where U a_{h,t-1} belongs")
        if name == "a_h" and index == 0 and value is None:
            text += "\n\n" + wrapped("a_h[0] is None: a_h[0] is h0, a_{h,0}, the state step 1 "
                                     "reads, so a_h starts as [h0] + [None] * T.", "")
    return text + ("\n\n" + "\n".join(diagnosed(mistake)) if mistake else "")


# ---------------------------------------------------------------------------
# Exercise 4: the gradient check (4_gradient_check.py)
# ---------------------------------------------------------------------------

PARAMETERS = ["W", "U", "V", "b_h", "b_o", "h0"]    # what a gradient check nudges, in order
FLOAT32_EPSILON = 2.0 ** -21                         # a float32 board's FLOAT_EPSILON
ALL_CODE["worst"] = "worst"
ERROR = ("worst = max over every entry of |a - n| / max(|a|, |n|, floor), "
         "n = (L(theta + eps) - L(theta - eps)) / (2 eps)")


def rows_of(p):
    return p if isinstance(p[0], list) else [p]


def entries(values):
    """[(name, r, i, value)] of every entry of the parameters and h0, in PARAMETERS' order."""
    return [(name, r, i, v) for name, p in zip(PARAMETERS, values)
            for r, row in enumerate(rows_of(p)) for i, v in enumerate(row)]


def entry_name(name, r, i, values):
    return "%s[%d][%d]" % (name, r, i) if isinstance(values[PARAMETERS.index(name)][0], list) \
        else "%s[%d]" % (name, i)


def recording(model, h0, calls):
    """A forward_pass that is minirnn's and also appends to calls what each call was taken at:
    ([(name, r, i, nudge)] of the entries that differ from model's and h0's, L)."""
    base = entries([copied(getattr(model, name)) for name in PARAMETERS[:-1]] + [copied(h0)])

    def forward_pass(m, xs, ys, h):
        now = entries([plain(getattr(m, name)) for name in PARAMETERS[:-1]] + [plain(h)])
        nudged = [(name, r, i, v - old) for (name, r, i, old), (_, _, _, v) in zip(base, now)
                  if v != old]
        result = minirnn.forward_pass(m, xs, ys, h)
        calls.append((nudged, result[0]))
        return result
    return forward_pass


def wrong_bptts():
    """[(what, a bptt that is wrong so)]: what a gradient check must catch."""
    def changed(change):
        def bptt(model, xs, ys, a_h, y_hat):
            result = minirnn.bptt(model, xs, ys, a_h, y_hat)
            change(result[0])
            return result
        return bptt

    def transpose_dU(g):
        g["U"] = minirnn.transpose(g["U"])

    def zero_dh0(g):
        g["h0"] = minirnn.zeros(len(g["h0"]))

    def off_dW(g):
        row = max(g["W"], key=lambda row: max([abs(v) for v in row]))
        i = max(range(len(row)), key=lambda i: abs(row[i]))
        row[i] *= 1.01

    def doubled(g):
        for key in g:
            g[key] = [[2 * v for v in row] for row in g[key]] if isinstance(
                g[key][0], list) else [2 * v for v in g[key]]
    return [("dU transposed", changed(transpose_dU)), ("dh0 left at zero", changed(zero_dh0)),
            ("dW's largest entry 1% off", changed(off_dW)),
            ("every gradient doubled", changed(doubled))]


def gradient_check_problems():
    """README's example, two random problems, and one the model already predicts well
    (every target 0, b_o[0] + 8): there every gradient is small, a few thousandths at most,
    so that an absolute error lets a wrong gradient through."""
    found = problems()[:3]
    model, xs, ys, h0 = random_problem(*PROBES[1])
    model.b_o[0] += 8.0
    return found + [((model, xs, [0] * len(ys), h0), "a random problem the model already "
                     "predicts well, its gradients small (random_problem%r in "
                     "exercises/judge.py, every target 0, b_o[0] + 8)" % (PROBES[1],))]


def nudge_record(calls, values, epsilon):
    """(r, what is wrong with the nudges, the catalogue's mistake or None): r.pairs, one
    (entry, n, L+, L-) an entry, and r.eps, from the losses the learner took (calls)."""
    r = Values()
    r.pairs, r.eps = [], None
    for nudged, _ in calls:
        if len(nudged) > 1:
            names = [entry_name(name, row, i, values) for name, row, i, _ in nudged]
            return r, "your gradient_check took L with %s nudged at once: %s was not put " \
                      "back" % ("%s and %s" % (names[0], names[1]), names[0]), "a nudge not undone"
    taken = {}
    for nudged, L in calls:
        for name, row, i, d in nudged:
            taken.setdefault((name, row, i), []).append((d, L))
    missing = [(name, row, i) for name, row, i, _ in entries(values) if (name, row, i) not in taken]
    if missing:
        if set([name for name, _, _ in missing]) == set(["h0"]):
            return r, "your gradient_check never nudged h0", "h0 left out of the check"
        return r, "your gradient_check never nudged %s" % entry_name(*(missing[0] + (values,))), \
            None
    steps = []                                 # (|theta|, (entry, up, down)) each entry
    for name, row, i, theta in entries(values):
        nudges = taken[(name, row, i)]
        up = [(d, L) for d, L in nudges if d > 0]
        down = [(d, L) for d, L in nudges if d < 0]
        where = entry_name(name, row, i, values)
        if not up or not down:
            return r, "your gradient_check nudged %s one way only (by %s): L was never taken " \
                      "at theta %s eps" % (where, " and ".join(["%+.3g" % d for d, _ in nudges]),
                                           "-" if up else "+"), "a one-sided difference"
        # theta + eps - theta is eps only to rounding, about FLOAT_EPSILON |theta|
        if abs(up[0][0] + down[0][0]) > 4 * epsilon * max(1.0, abs(theta)) + 1e-9 * up[0][0]:
            return r, "your gradient_check nudged %s by %+.3g and %+.3g: the central " \
                      "difference takes the same eps both ways" % (where, up[0][0],
                                                                   down[0][0]), None
        steps.append((abs(theta), ((name, row, i), up[0], down[0])))
    smallest = min(steps)                      # nearest 0 (ties: the first entry by name)
    r.eps = smallest[1][1][0]                  # the nudge of the entry nearest 0: least rounded
    r.slack = 4 * epsilon * smallest[0] / r.eps    # what that leaves of n's relative rounding
    for _, (entry, (_, up), (_, down)) in steps:
        r.pairs.append((entry, (up - down) / (2 * r.eps), up, down))
    right_eps = epsilon ** (1.0 / 3) / 4                # minirnn's GRADIENT_CHECK_EPS
    if r.eps < right_eps / 10:
        return r, "your eps is %.3g, over 10 times below FLOAT_EPSILON ** (1 / 3) / 4 = %.3g " \
                  "(FLOAT_EPSILON = %.3g): rounding swamps the difference" % (
                      r.eps, right_eps, epsilon), "an eps too small for the float format"
    return r, None, None


def with_gradient(r, grads, L, epsilon):
    """r with each pair as (a, n, L+, L-), a from grads, and r.floor as the template's."""
    pairs = []
    for (name, row, i), n, up, down in r.pairs:
        pairs.append((rows_of(grads[name])[row][i], n, up, down))
    r.pairs = pairs
    largest = max([abs(a) for g in grads.values() for row in rows_of(g) for a in row])
    r.floor = max(64 * epsilon * max(1.0, abs(L)) / r.eps, 0.03 * largest)
    r.L = L
    return r


def expected_worst(r):
    return max([abs(a - n) / max(abs(a), abs(n), r.floor) for a, n, _, _ in r.pairs])


def below(worst, tolerance):
    """Does a gradient check pass? As minirnn's demo judges: right if below the tolerance."""
    return worst < tolerance


def same_error(got, want, r):
    """Equal but for rounding, and for what not knowing the learner's eps exactly leaves."""
    slack = max([abs(n) for _, n, _, _ in r.pairs]) * r.slack / r.floor
    return abs(got - want) <= 1e-6 * abs(want) + slack + 1e-300


def gradient_check_run(namespace, source, problem, where, bptt, epsilon):
    """(the learner's result, calls, the gradient of the bptt used) on problem."""
    model, xs, ys, h0 = problem
    calls = []
    namespace["forward_pass"] = recording(model, h0, calls)
    namespace["bptt"] = bptt
    namespace["FLOAT_EPSILON"] = epsilon
    L, _, a_h, _, y_hat = minirnn.forward_pass(model, xs, ys, h0)
    grads = plain(bptt(model, xs, ys, a_h, y_hat)[0])
    doing = "running your gradient_check on " + where
    result = call_learner(namespace, "gradient_check", source, doing, where,
                          [("model", model), ("xs", xs), ("ys", ys), ("h0", h0)], None,
                          "the largest relative error, a number",
                          changed=gradient_mistake("a nudge not undone"))
    if isinstance(result, BaseException):
        raise Verdict(1, raised_words(source, result, doing, source.raised(result), None))
    return result, calls, grads, L


def gradient_mistake(name):
    return [m for m in GRADIENT_CHECK_MISTAKES if m.name == name][0]


def nudged_values(problem):
    """[W, U, V, b_h, b_o, h0] of problem (model, xs, ys, h0): what a gradient check nudges."""
    return [getattr(problem[0], name) for name in PARAMETERS[:-1]] + [problem[3]]


def gradient_check_verdict(namespace, unwritten, source):
    """The verdict on a gradient_check: it passes a right bptt and catches wrong ones, on
    each problem, by the losses it takes (recorded) and the error it returns."""
    tolerance = minirnn.GRADIENT_CHECK_TOLERANCE
    epsilon = minirnn.FLOAT_EPSILON
    for problem, where in gradient_check_problems():
        for what, bptt in [("a right bptt (minirnn's)", minirnn.bptt)] + wrong_bptts():
            got, calls, grads, L = gradient_check_run(namespace, source, problem, where, bptt,
                                                      epsilon)
            r, wrong, mistake = nudge_record(calls, nudged_values(problem), epsilon)
            if wrong:
                return 1, nudge_report(source, where, what, wrong, mistake)
            r = with_gradient(r, grads, L, epsilon)
            want = expected_worst(r)
            right = bptt is minirnn.bptt
            if not same_error(got, want, r) or below(got, tolerance) != right:
                return 1, worst_report(source, where, what, got, want, r, right, tolerance)
    problem = readme_example()                 # its nudges in a float32 board's floats
    got, calls, _, _ = gradient_check_run(namespace, source, problem, EXAMPLE, minirnn.bptt,
                                          FLOAT32_EPSILON)
    r, wrong, mistake = nudge_record(calls, nudged_values(problem), FLOAT32_EPSILON)
    if wrong:
        return 1, nudge_report(source, EXAMPLE + ", with FLOAT_EPSILON = 2**-21",
                               "a right bptt (minirnn's)", wrong, mistake)
    return 0, "%s: right.\n%s" % (source.name, wrapped(
        "On %s and %d other problems (one the model already predicts well), it returns the "
        "largest relative error of minirnn's bptt, below the tolerance %.2g, and of each of "
        "%d wrong ones (%s), above it; each entry of W, U, V, b_h, b_o and h0 nudged both "
        "ways by one eps, put back, and eps right for float32 too (FLOAT_EPSILON = 2**-21)."
        % (EXAMPLE, len(gradient_check_problems()) - 1, tolerance, len(wrong_bptts()),
           ", ".join([what for what, _ in wrong_bptts()]))))


def nudge_report(source, where, what, wrong, mistake):
    text = [wrapped("%s: wrong. On %s, with %s:" % (source.name, where.split(" (")[0], what),
                    ""), wrapped(wrong + ".")]
    if mistake:
        text += [""] + diagnosed(gradient_mistake(mistake))
    return "\n".join(text)


def worst_report(source, where, what, got, want, r, right, tolerance):
    if right == below(want, tolerance):
        verdict_words = "below the tolerance %.2g: a right bptt passes" % tolerance if right \
            else "above the tolerance %.2g: a wrong bptt is caught" % tolerance
    else:                                     # the learner's eps, not the formula, misjudges
        verdict_words = "with your eps; %s the tolerance %.2g, so your eps is wrong" % (
            "not below" if right else "not above", tolerance)
    text = [wrapped("%s: wrong. On %s, with %s, it returns what a check %s:" % (
        source.name, where.split(" (")[0], what, "must not (the right bptt fails)" if right and
        not below(got, tolerance) else "must not (the wrong bptt passes)" if not right and
        below(got, tolerance) else "does not compute"), ""),
        "  worst, what gradient_check returns, on %s" % where,
        "    equation  " + wrapped(ERROR, " " * 14)[14:],
        "    expected  %.6g (%s)" % (want, verdict_words),
        "    got       %.6g (eps = %.3g, floor = %.3g)" % (got, r.eps, r.floor)]
    line = source.line_of("worst")
    if line:
        text.append("    " + line)
    mistakes = [m for m in GRADIENT_CHECK_MISTAKES if "worst" in m.computes and
                [v for v in forms(m.computes["worst"](r)) if same_error(got, v, r)]]
    if mistakes:
        text += [""] + diagnosed(mistakes[0])
    else:
        text += ["", wrapped("No catalogued mistake computes this error from the losses your "
                             "gradient_check took: compare each step with the equation.", "")]
    return "\n".join(text)


# ---------------------------------------------------------------------------
# Exercise 5: the training loop (5_training_loop.py)
# ---------------------------------------------------------------------------

NAMES = ["W", "U", "V", "b_h", "b_o"]
# (what, n_hidden, sequences, length, epochs, lr, clip, seed): a small run where the clip
# bites at once, then the memory task, y_t = (d_t + d_{t-1}) mod 3, to 100% held out
RUNS = [("a small run", 4, 5, 6, 2, 0.1, 0.5, 1),
        ("the memory task, y_t = (d_t + d_{t-1}) mod 3", 10, 40, 10, 12, 0.05, 5.0, 0)]
UPDATE = ("theta <- theta - lr g, g = dL/dtheta rescaled to global norm clip when "
          "|dL/dtheta| > clip (every parameter together)")


class Stop(BaseException):
    """Raised inside the learner's train, at its first call of bptt that shows a difference:
    the report, so that nothing after it runs."""

    def __init__(self, text):
        self.text = text


def run_words(run):
    what, n_hidden, sequences, length, epochs, lr, clip, seed = run
    return "%s (a 3-%d-3 RNN, %d sequences of length %d, %d epochs, lr = %g, clip = %g; " \
           "training_problem(%d, %d, %d, %d) in exercises/judge.py)" % (
               what, n_hidden, sequences, length, epochs, lr, clip, n_hidden, sequences, length,
               seed)


def training_problem(n_hidden, sequences, length, seed):
    """(model, data) for the memory task, drawn by Uniform(seed), the same on every runtime
    (minirnn's make_rng is not): Glorot-uniform weights and zero biases, as RNN makes them,
    and random digit sequences, one-hot, with their targets."""
    rng = Uniform(seed)
    d = {"n_in": 3, "n_hidden": n_hidden, "n_out": 3, "b_h": minirnn.zeros(n_hidden),
         "b_o": minirnn.zeros(3)}
    for name, rows, cols in (("W", n_hidden, 3), ("U", n_hidden, n_hidden), ("V", 3, n_hidden)):
        r = (6.0 / (rows + cols)) ** 0.5
        d[name] = [[rng.uniform(-r, r) for _ in range(cols)] for _ in range(rows)]
    data = []
    for _ in range(sequences):
        digits = [rng.below(3) for _ in range(length)]
        data.append(([minirnn.one_hot(k, 3) for k in digits], minirnn.sum_last_two_mod3(digits)))
    return minirnn.RNN.from_dict(d), data


class Reference:
    """minirnn's train on a run, one update at a time, so that only two states are ever held:
    the parameters after `updates` updates, and before the last of them. (A test checks that
    its updates and losses are RNN.train's.)"""

    def __init__(self, run):
        _, n_hidden, sequences, length, self.epochs, self.lr, self.clip, seed = run
        self.model, self.data = training_problem(n_hidden, sequences, length, seed)
        self.start = minirnn.RNN.from_dict(self.model.to_dict())
        self.total = self.epochs * len(self.data)
        self.updates, self.before, self.losses = 0, None, [0.0] * self.epochs

    def after(self, j):
        """The parameters after j updates (j never less than the last asked)."""
        while self.updates < j:
            self.before = parameters(self.model)
            xs, ys = self.data[self.updates % len(self.data)]
            # what train's epoch does for one pair: the loss and gradient from a_h = zeros,
            # then the clipped SGD step (RNN._epoch, RNN._sgd_step)
            L, grads, _ = minirnn.fast_loss_and_grads(self.model, xs, ys,
                                                      minirnn.zeros(self.model.n_hidden))
            self.model._sgd_step(NAMES, grads, self.lr, self.clip)
            self.losses[self.updates // len(self.data)] += L
            self.updates += 1
        return parameters(self.model)


def parameters(model):
    return dict([(name, copied(plain(getattr(model, name)))) for name in NAMES])


def first_entry_differing(got, want):
    """'W[0][1]', got, want of the first entry where got's parameters differ from want's."""
    for name in NAMES:
        for r, (g_row, w_row) in enumerate(zip(rows_of(got[name]), rows_of(want[name]))):
            for i, (g, w) in enumerate(zip(g_row, w_row)):
                if not (abs(g - w) <= 1e-9 + 1e-7 * abs(w)):
                    where = "%s[%d][%d]" % (name, r, i) if isinstance(want[name][0], list) \
                        else "%s[%d]" % (name, i)
                    return where, g, w
    return None


def same_shapes(got, want):
    return all([shape(got.get(name)) == shape(want[name]) for name in NAMES])


def train_recorder(learners, reference, namespace_state):
    """The bptt the learner's train calls: the learner's own (or minirnn's), which also checks
    at each call the state the sequence started from and the parameters so far."""
    data = reference.data

    def bptt(model, xs, ys, a_h, y_hat):
        j = namespace_state["calls"]
        namespace_state["calls"] = j + 1
        h0 = plain(a_h[0])
        if not isinstance(h0, list) or any([v != 0 for v in h0]):
            mistake = training_mistake("the state carried across sequences") if \
                same(h0, namespace_state.get("last")) else None
            raise Stop(wrapped("on update %d (sequence data[%d], epoch %d), the forward pass "
                               "started from a_{h,0} = %s, not zeros%s." % (
                                   j + 1, j % len(data), j // len(data) + 1,
                                   formatted(h0) if isinstance(h0, list) else described(h0),
                                   ": the state the previous sequence ended in" if mistake
                                   else "")) + (
                "\n\n" + "\n".join(diagnosed(mistake)) if mistake else ""))
        now = dict([(name, plain(getattr(model, name))) for name in NAMES])
        if j >= reference.total:
            raise Stop(wrapped("your train called bptt %d times or more: minirnn's train makes "
                               "%d updates (one a sequence, %d sequences, %d epochs)." % (
                                   j + 1, reference.total, len(data), reference.epochs)))
        found = [k for k, pair in enumerate(data) if list(pair) == [plain(xs), plain(ys)]]
        if j % len(data) not in found:
            before = (j - 1) % len(data)          # the sequence of the call before, if any
            if j and before in found:
                raise Stop(wrapped("on bptt's call %d, your train called bptt again on data[%d]: "
                                   "minirnn's train calls bptt once a sequence, then updates." % (
                                       j + 1, before)))
            raise Stop(wrapped("on update %d (epoch %d), your train called bptt on %s, where "
                               "minirnn's train takes data[%d]: every sequence of data, in "
                               "order, every epoch." % (j + 1, j // len(data) + 1, (
                                   ["data[%d] (as train was given it)" % k for k in found] +
                                   ["a sequence that is not one of data"])[0], j % len(data))))
        check_update(now, reference, j, learners)
        namespace_state["last"] = plain(a_h[-1])
        return learners(model, xs, ys, a_h, y_hat)
    return bptt


def own_gradient_differs(learners, model, xs, ys, a_h, y_hat, right):
    """The name of the first gradient the learner's bptt gets wrong there, or None (what it
    raises goes on up, as from the call train makes of it)."""
    result = learners(model, xs, copied(ys), copied(a_h), copied(y_hat))
    for name in ("W", "U", "V", "b_h", "b_o", "h0"):
        mine = plain(result[0][name]) if isinstance(result, (tuple, list)) and result and \
            isinstance(result[0], dict) and name in result[0] else None
        if mine is None or not same(mine, plain(right[name])):
            return name
    return None


def check_update(now, reference, j, learners):
    """Raise Stop if the parameters the learner's train has at its j-th call of bptt (or at
    its end) are not minirnn's train's after j updates: the update that made them, diagnosed
    (or the learner's own bptt, if its gradient there is not minirnn.bptt's)."""
    right = reference.after(j)
    if same_shapes(now, right) and first_entry_differing(now, right) is None:
        return
    data, lr, clip = reference.data, reference.lr, reference.clip
    if j == 0:
        raise Stop(wrapped("before the first update, the parameters were already changed: "
                           "train starts from the model it is given."))
    u = Values()
    u.before, u.names, u.lr, u.clip = reference.before, NAMES, lr, clip
    model = minirnn.RNN.from_dict(dict([("n_in", 3), ("n_hidden", len(u.before["U"])),
                                        ("n_out", 3)] + list(copied(u.before).items())))
    xs, ys = data[(j - 1) % len(data)]
    _, _, a_h, _, y_hat = minirnn.forward_pass(model, xs, ys, minirnn.zeros(model.n_hidden))
    u.grads = plain(minirnn.bptt(model, xs, ys, a_h, y_hat)[0])
    wrong = own_gradient_differs(learners, model, xs, ys, a_h, y_hat, u.grads)
    if wrong:
        raise Stop(wrapped("on update %d, your bptt's gradient d%s is not minirnn.bptt's: "
                           "check your bptt first, with python3 exercises/check.py on its file "
                           "(exercise 2 or 3)." % (j, wrong)))
    where = first_entry_differing(now, right) if same_shapes(now, right) else None
    text = ["  the parameters after update %d (sequence data[%d], epoch %d)" % (
        j, (j - 1) % len(data), (j - 1) // len(data) + 1),
        "    equation  " + wrapped(UPDATE, " " * 14)[14:]]
    if where:
        text += ["    expected  %s = %.12g" % (where[0], where[2]),
                 "    got       %s = %.12g" % (where[0], where[1])]
    else:
        name = [n for n in NAMES if shape(now.get(n)) != shape(right[n])][0]
        text.append("    wrong shape: %s was %s and is now %s" % (
            name, shape_text(right[name]), shape_text(now.get(name))))
    size = norm_of_grads(u.grads)
    text.append(wrapped("(The gradient's global norm there is %.4g, %s clip = %g.)" % (
        size, "above" if size > clip else "at most", clip), "    "))
    mistakes = [m for m in TRAINING_MISTAKES if "update" in m.computes and where and [
        v for v in forms(m.computes["update"](u)) if first_entry_differing(now, v) is None]]
    text += [""] + (diagnosed(mistakes[0]) if mistakes else [wrapped(
        "These are the parameters from before update %d: update %d is not in %s (not made, "
        "or made to another model)." % (j, j, "the model your train was given" if
                                        j == reference.total else "the model bptt was called with"),
        "")] if where and first_entry_differing(now, u.before) is None else [wrapped(
            "No catalogued mistake makes these parameters from the ones before the update: "
            "compare your update with the equation, step by step.", "")])
    raise Stop("\n".join(text))


def norm_of_grads(grads):
    return sum([v * v for name in NAMES for row in rows_of(grads[name]) for v in row]) ** 0.5


def training_mistake(name):
    return [m for m in TRAINING_MISTAKES if m.name == name][0]


def stale_words(end, run):
    """What to say if the model train was given, at the end, holds the parameters of none of
    the updates, or of one before the last but one: the later updates did not reach it. (The
    last alone missing, check_update says it was not made.)"""
    replay = Reference(run)
    for k in range(replay.total - 1):
        now = replay.after(k)
        if same_shapes(end, now) and first_entry_differing(end, now) is None:
            return wrapped("the model your train was given %s: train must make every update to "
                           "that model, in place, not to a copy of it." % (
                               "has none of its updates" if k == 0 else "stopped changing after "
                               "update %d of %d (the later ones did not reach it)" % (
                                   k, replay.total)))
    return None


def held_out_words(model, data):
    """How a model trained on data does on the memory task's new sequences, none of data."""
    return "gets %.1f%% of steps right on 100 new sequences of length 10, %.1f%% on 100 of " \
           "length 50" % tuple([100 * minirnn.held_out_accuracy(
               model, minirnn.sum_last_two_mod3, length, data) for length in (10, 50)])


def train_verdict(namespace, unwritten, source):
    """The verdict on a train: every update is minirnn's train's, on a small run and on the
    memory task, which it then predicts 100% right held out."""
    learners = namespace.get("bptt")
    if not callable(learners):
        raise Verdict(2, "%s has no bptt for train to call: import minirnn's, or write yours "
                         "(exercise 2)" % source.name)
    own = learners is not REFERENCE["bptt"]
    for run in RUNS:
        reference = Reference(run)
        data = reference.data
        state = {"calls": 0}
        namespace["bptt"] = train_recorder(learners, reference, state)
        where = run_words(run)
        theirs = minirnn.RNN.from_dict(reference.start.to_dict())
        doing = "running your train on " + where
        source.calling(doing)
        try:
            got = namespace["train"](theirs, [(copied(xs), copied(ys)) for xs, ys in data],
                                     run[4], run[5], run[6])     # nothing of data shared
        except Stop as stop:
            return 1, "%s\n%s" % (wrapped("%s: wrong. On %s:" % (source.name, where), ""),
                                   stop.text)
        except SystemExit as error:
            raise Verdict(1, wrapped("%s: wrong. Your train called %s while the checker was %s."
                                     % (source.name, exit_words(error), doing), ""))
        except BaseException as error:
            raise Verdict(1, raised_words(source, error, doing, source.raised(error), None))
        finally:
            source.called()
        tampered(source, doing)
        if state["calls"] != reference.total:
            return 1, wrapped("%s: wrong. On %s, your train called bptt %d times: minirnn's "
                              "train makes %d updates (one a sequence of data, every epoch)." % (
                                  source.name, where, state["calls"], reference.total), "")
        try:
            check_update(parameters(theirs), reference, reference.total, learners)
        except Stop as stop:
            return 1, "%s\n%s" % (wrapped("%s: wrong. On %s, at the end:" % (source.name, where),
                                           ""), stale_words(parameters(theirs), run) or stop.text)
        got = plain(got)
        losses = reference.losses
        if not isinstance(got, list) or len(got) != len(losses) or not all(
                [is_number(g) and close(g, w) for g, w in zip(got, losses)]):
            return 1, wrapped("%s: wrong. On %s, train returned %s; it must return each epoch's "
                              "total loss, %s." % (source.name, where, short_text(got),
                                                   short_text(losses)), "")
    text = wrapped("On %s and %s, every update is minirnn's train's, and the model it trained "
                   "on the memory task %s." % (run_words(RUNS[0]), run_words(RUNS[1]),
                                               held_out_words(theirs, data)))
    if not own:
        return 1, "%s: not finished: your train is right, with minirnn's bptt.\n%s\n%s" % (
            source.name, text, wrapped("Now train with your own: put your bptt (exercise 2 "
                                       "or 3) in this file in place of the import of "
                                       "minirnn's.", ""))
    return 0, "%s: right, with your own bptt.\n%s" % (source.name, text)
