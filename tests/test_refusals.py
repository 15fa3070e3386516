"""Bad input is refused: the right exception, the whole message naming the argument (and the
position), raised before anything changes.

    python3 -m pytest tests/test_refusals.py

Each guarantee is proven once per argument, not once per combination:

  CHECKS   one table per check minirnn makes at its boundary (a number, a positive number, an int
           in a range, a seed, a flag, a vector, the scores, a matrix, a class index, a sequence,
           the data, trained_on, a task, a model, the sizes, an rng, a callback, a format), each
           with every hostile class of value against it, in both directions where the check has
           two (too short and too long, below and above), through one public argument;
  ROUTES   one case per public argument: a bad value of it reaches its check, and the whole
           message names it (and the position);
  SHOWN    how a message shows the offending value: briefly, never looking inside a container.

Every case asserts the exception, the whole message (at most 200 characters), and that the
model called keeps the same lists with the same values. The tests that these tables replace are
named in the docstrings of the tests that run them; tests/README.md points here.
"""
import random
import sys

import pytest

import minirnn
from minirnn import RNN, one_hot
from tests.helpers import (
    Flaky, XS, YS, assert_refused_and_unchanged, good_pair, live_lists, problem, snapshot, trained_model)


def refused(call, error, message):
    """call(model), on a 3-5-3 model trained one epoch, raises error with exactly message, and
    the model keeps the same lists with the same values."""
    model = trained_model()
    live, before = live_lists(model), snapshot(model)
    with pytest.raises(error) as info:
        call(model)
    assert str(info.value) == message and len(message) <= 200
    assert snapshot(model) == before
    assert len(live_lists(model)) == len(live) and all(a is b for a, b in zip(live_lists(model), live))


class BadFloat(float):
    """A float subclass whose conversion to a plain float fails."""

    def __float__(self):
        raise RuntimeError("BadFloat")


class BadInt(int):
    """An int subclass whose conversion to int fails."""

    def __int__(self):
        raise ZeroDivisionError("BadInt")

    __index__ = __int__


class AlwaysThree:
    """A random generator whose randrange breaks its promise."""

    def randrange(self, n):
        return 3


def deep(levels=10000):
    """A list nested `levels` deep."""
    nested = []
    for _ in range(levels):
        nested = [nested]
    return nested


HUGE = 10 ** 400
BIG = "an int of more than 18 digits"
ITERATOR = "a " + type(iter([])).__name__                 # list_iterator (PyPy: another name)
N_OUT_3 = "expected 0 <= {0} < n_out=3"
RANGE = ">= {} and <= {}, got {}"
VERSION = minirnn.__version__
RNN_2_3_4 = lambda **changes: dict(RNN(2, 3, 4, seed=0).to_dict(), **changes)  # noqa: E731
BAD_DATA = [good_pair() for _ in range(7)] + [([[1.0, 0.0]] + XS[1:], YS)]


def loss_x(v):
    """loss with v as its xs[0][1]."""
    return lambda m: m.loss([[1.0, v, 0.0]] + XS[1:], YS)


def loss_y(v):
    """loss with v as its ys[1]."""
    return lambda m: m.loss(XS, [0, v, 2, 0])


def from_dict_w(W):
    """from_dict of a 2-3-4 model with W replaced."""
    return lambda m: RNN.from_dict(RNN_2_3_4(W=W))


def task_of(returns):
    """make_data of a task whose result for digits is returns(digits)."""
    return lambda m: minirnn.make_data(returns, 2, 3, random.Random(0))


CHECKS = {  # check: [(hostile class, call on a 3-5-3 model, exception, the whole message)]
    "a number: loss's xs[0][1]": [
        ("a str", loss_x("a"), TypeError, "xs[0][1] must be a number, got 'a'"),
        ("None", loss_x(None), TypeError, "xs[0][1] must be a number, got None"),
        ("a bool", loss_x(True), TypeError, "xs[0][1] must be a number, got True"),
        ("a complex", loss_x(1j), TypeError, "xs[0][1] must be a number, got a complex"),
        ("a list", loss_x([0.1]), TypeError, "xs[0][1] must be a number, got a list"),
        ("nan", loss_x(float("nan")), ValueError, "xs[0][1] must be finite, got nan"),
        ("inf", loss_x(float("inf")), ValueError, "xs[0][1] must be finite, got inf"),
        ("-inf", loss_x(-float("inf")), ValueError, "xs[0][1] must be finite, got -inf"),
        ("an int too large for a float", loss_x(HUGE), ValueError, "xs[0][1] must be finite, got " + BIG),
        ("a negative one", loss_x(-HUGE), ValueError, "xs[0][1] must be finite, got " + BIG),
        ("a float that does not convert", loss_x(BadFloat(1.0)), TypeError,
         "xs[0][1] must convert to a float, got a BadFloat"),
    ],
    "a positive number: train's lr": [
        ("0", lambda m: m.train([good_pair()], 1, 0), ValueError, "lr must be > 0, got 0.0"),
        ("-0.0", lambda m: m.train([good_pair()], 1, -0.0), ValueError, "lr must be > 0, got -0.0"),
        ("negative", lambda m: m.train([good_pair()], 1, -0.1), ValueError, "lr must be > 0, got -0.1"),
        ("nan", lambda m: m.train([good_pair()], 1, float("nan")), ValueError, "lr must be finite, got nan"),
        ("inf", lambda m: m.train([good_pair()], 1, float("inf")), ValueError, "lr must be finite, got inf"),
        ("a str", lambda m: m.train([good_pair()], 1, "0.1"), TypeError, "lr must be a number, got '0.1'"),
        ("None", lambda m: m.train([good_pair()], 1, None), TypeError, "lr must be a number, got None"),
    ],
    "an int in a range: train's epochs, 0 to 2**31 - 1": [
        (name, lambda m, v=v: m.train([good_pair()], v, 0.1), error, "epochs must be " + message)
        for name, v, error, message in [
            ("a float", 1.5, TypeError, "an int, got 1.5"),
            ("a whole float", 2.0, TypeError, "an int, got 2.0"),
            ("a str", "3", TypeError, "an int, got '3'"),
            ("None", None, TypeError, "an int, got None"),
            ("a bool", True, TypeError, "an int, got True"),
            ("a list", [3], TypeError, "an int, got a list"),
            ("an int subclass that does not convert", BadInt(1), TypeError, "an int, got a BadInt"),
            ("below", -1, ValueError, RANGE.format(0, 2 ** 31 - 1, -1)),
            ("above", 2 ** 31, ValueError, RANGE.format(0, 2 ** 31 - 1, 2 ** 31)),
            ("huge", HUGE, ValueError, RANGE.format(0, 2 ** 31 - 1, BIG)),
            ("huge and negative", -HUGE, ValueError, RANGE.format(0, 2 ** 31 - 1, BIG))]],
    "a seed: make_rng's seed, None or an int": [
        (name, lambda m, v=v: minirnn.make_rng(v), TypeError, "seed must be None or an int, got " + shown)
        for name, v, shown in [("nan", float("nan"), "nan"), ("a str", "a", "'a'"),
                               ("a tuple", ("a", "b"), "a tuple"),
                               ("a bool", True, "True"), ("a list", [1], "a list"), ("a float", 1.0, "1.0"),
                               ("an int subclass that does not convert", BadInt(1), "a BadInt")]],
    "a flag: train's recurrent, True or False": [
        (name, lambda m, v=v: m.train([good_pair()], 1, 0.1, recurrent=v), TypeError,
         "recurrent must be True or False, got " + shown)
        for name, v, shown in [("0", 0, "0"), ("1", 1, "1"), ("None", None, "None"),
                               ("a str", "yes", "'yes'")]],
    "a vector: step's x, n_in = 3 numbers": [
        ("a str", lambda m: m.step("abc"), TypeError, "x must be a list, got 'abc'"),
        ("None", lambda m: m.step(None), TypeError, "x must be a list, got None"),
        ("an int", lambda m: m.step(3), TypeError, "x must be a list, got 3"),
        ("a dict", lambda m: m.step({0: 0.0, 1: 0.0, 2: 0.0}), TypeError, "x must be a list, got a dict"),
        ("an iterator", lambda m: m.step(iter([0.0] * 3)), TypeError, "x must be a list, got " + ITERATOR),
        ("empty", lambda m: m.step([]), ValueError, "x has 0 numbers, expected n_in=3"),
        ("too short", lambda m: m.step([0.0, 1.0]), ValueError, "x has 2 numbers, expected n_in=3"),
        ("too long", lambda m: m.step([0.0] * 4), ValueError, "x has 4 numbers, expected n_in=3"),
        ("a million numbers", lambda m: m.step([0.0] * 10 ** 6), ValueError,
         "x has 1000000 numbers, expected n_in=3"),
        ("nested", lambda m: m.step([[0.0]] * 3), TypeError, "x[0] must be a number, got a list"),
        ("deeply nested", lambda m: m.step(deep()), ValueError, "x has 1 numbers, expected n_in=3"),
        ("a number that is not finite", lambda m: m.step([0.0, float("nan"), 0.0]), ValueError,
         "x[1] must be finite, got nan"),
        ("bad at the first read, good later", lambda m: m.step(Flaky([0.0, "x", 0.0], [0.0] * 3)), TypeError,
         "x[1] must be a number, got 'x'"),
    ],
    "a vector of any length but 0: softmax's z": [
        ("empty", lambda m: minirnn.softmax([]), ValueError, "z has 0 numbers, expected at least 1"),
        ("a str", lambda m: minirnn.softmax("abc"), TypeError, "z must be a list, got 'abc'"),
        ("a bad number", lambda m: minirnn.softmax([0.0, HUGE]),
         ValueError, "z[1] must be finite, got " + BIG),
    ],
    "the scores: log_softmax's z, whose spread must be finite": [
        ("a spread that overflows", lambda m: minirnn.log_softmax([1e308, -1e308]), ValueError,
         "z spans -1e+308 to 1e+308: log_softmax would overflow to -inf"),
        ("the other way round", lambda m: minirnn.log_softmax([-1e308, 0.0, 1e308]), ValueError,
         "z spans -1e+308 to 1e+308: log_softmax would overflow to -inf"),
        ("empty", lambda m: minirnn.log_softmax([]), ValueError, "z has 0 numbers, expected at least 1"),
        ("nan", lambda m: minirnn.log_softmax([float("nan")]), ValueError, "z[0] must be finite, got nan"),
    ],
    "a matrix: from_dict's W, n_hidden = 3 rows of n_in = 2": [
        ("a str", from_dict_w("not a matrix"), TypeError, "d['W'] must be a list, got 'not a matrix'"),
        ("too few rows", from_dict_w([[0.0] * 2] * 2), ValueError, "d['W'] has 2 rows, expected n_hidden=3"),
        ("too many rows", from_dict_w([[0.0] * 2] * 4), ValueError, "d['W'] has 4 rows, expected n_hidden=3"),
        ("a short row", from_dict_w([[0.0] * 2, [0.0] * 2, [0.0]]), ValueError,
         "d['W'][2] has 1 numbers, expected n_in=2"),
        ("a long row", from_dict_w([[0.0] * 2, [0.0] * 2, [0.0] * 3]), ValueError,
         "d['W'][2] has 3 numbers, expected n_in=2"),
        ("a row that is a str", from_dict_w([[0.0] * 2, "ab", [0.0] * 2]), TypeError,
         "d['W'][1] must be a list, got 'ab'"),
        ("a str", from_dict_w([[0.0, "x"], [0.0] * 2, [0.0] * 2]), TypeError,
         "d['W'][0][1] must be a number, got 'x'"),
        ("a bool", from_dict_w([[0.0, False], [0.0] * 2, [0.0] * 2]), TypeError,
         "d['W'][0][1] must be a number, got False"),
        ("nan", from_dict_w([[0.0, float("nan")], [0.0] * 2, [0.0] * 2]), ValueError,
         "d['W'][0][1] must be finite, got nan"),
        ("a huge int", from_dict_w([[0.0, HUGE], [0.0] * 2, [0.0] * 2]), ValueError,
         "d['W'][0][1] must be finite, got " + BIG),
    ],
    "a class index: loss's ys[1], in [0, n_out = 3)": [
        ("n_out", loss_y(3), ValueError, "ys[1] is 3, " + N_OUT_3.format("ys[1]")),
        ("-1", loss_y(-1), ValueError, "ys[1] is -1, " + N_OUT_3.format("ys[1]")),
        ("huge", loss_y(HUGE), ValueError, f"ys[1] is {BIG}, " + N_OUT_3.format("ys[1]")),
        ("huge and negative", loss_y(-HUGE), ValueError, f"ys[1] is {BIG}, " + N_OUT_3.format("ys[1]")),
        ("a float", loss_y(1.0), TypeError, "ys[1] must be an int class index, got 1.0"),
        ("a bool", loss_y(True), TypeError, "ys[1] must be an int class index, got True"),
        ("a str", loss_y("1"), TypeError, "ys[1] must be an int class index, got '1'"),
        ("None, where a step needs a class", lambda m: m.sample(None, 3), TypeError,
         "first must be an int class index, got None"),
        ("an int subclass that does not convert", loss_y(BadInt(1)), TypeError,
         "ys[1] must be an int class index, got a BadInt"),
        ("bad at the first read, good later", lambda m: m.loss(XS, Flaky([0, -1, 2, 0], [0, 1, 2, 0])),
         ValueError, "ys[1] is -1, " + N_OUT_3.format("ys[1]")),
    ],
    "a sequence: loss's xs and ys, one class per step": [
        ("xs empty", lambda m: m.loss([], []), ValueError, "xs is empty: a sequence needs at least one step"),
        ("xs a str", lambda m: m.loss("abc", YS), TypeError, "xs must be a list, got 'abc'"),
        ("xs an iterator", lambda m: m.loss(iter(XS), YS), TypeError, "xs must be a list, got " + ITERATOR),
        ("a step too long", lambda m: m.loss(XS[:3] + [[1.0, 0.0, 0.0, 0.0]], YS), ValueError,
         "xs[3] has 4 numbers, expected n_in=3"),
        ("ys a str", lambda m: m.loss(XS, "abcd"), TypeError, "ys must be a list, got 'abcd'"),
        ("ys an iterator", lambda m: m.loss(XS, iter(YS)), TypeError, "ys must be a list, got " + ITERATOR),
        ("ys shorter", lambda m: m.loss(XS, YS[:3]), ValueError, "ys has 3 targets but xs has 4 steps"),
        ("ys longer", lambda m: m.loss(XS, YS + [0]), ValueError, "ys has 5 targets but xs has 4 steps"),
    ],
    "the data: train's data, a non-empty list of (xs, ys) pairs": [
        ("a str", lambda m: m.train("data", 1, 0.1), TypeError, "data must be a list, got 'data'"),
        ("None", lambda m: m.train(None, 1, 0.1), TypeError, "data must be a list, got None"),
        ("an iterator", lambda m: m.train(iter([good_pair()]), 1, 0.1), TypeError,
         "data must be a list, got " + ITERATOR),
        ("empty", lambda m: m.train([], 1, 0.1), ValueError, "data is empty"),
        ("one pair, not a list of pairs", lambda m: m.train(good_pair(), 1, 0.1), TypeError,
         "data[0] must be an (xs, ys) pair, got 4 items"),
        ("a pair that is None", lambda m: m.train([good_pair(), None], 1, 0.1), TypeError,
         "data[1] must be an (xs, ys) pair, got None"),
        ("a pair that is a str", lambda m: m.train([good_pair(), "xy"], 1, 0.1), TypeError,
         "data[1] must be an (xs, ys) pair, got 'xy'"),
        ("a pair of one", lambda m: m.train([deep()], 1, 0.1), TypeError,
         "data[0] must be an (xs, ys) pair, got 1 items"),
        ("a pair of three", lambda m: m.train([(XS, YS, YS)], 1, 0.1), TypeError,
         "data[0] must be an (xs, ys) pair, got 3 items"),
        ("the last pair bad", lambda m: m.train(BAD_DATA, 1, 0.1), ValueError,
         "data[7] xs[0] has 2 numbers, expected n_in=3"),
        ("a bad class", lambda m: m.train([good_pair(), (XS, [0, 0, 0, 5])], 1, 0.1), ValueError,
         "data[1] ys[3] is 5, " + N_OUT_3.format("data[1] ys[3]")),
        ("ys longer", lambda m: m.train([good_pair(), (XS[:3], YS)], 1, 0.1), ValueError,
         "data[1] ys has 4 targets but data[1] xs has 3 steps"),
        ("a pair bad at the first read, good later",
         lambda m: m.train([Flaky([XS, [0, 5, 0, 0]], good_pair())], 1, 0.1), ValueError,
         "data[0] ys[1] is 5, " + N_OUT_3.format("data[0] ys[1]")),
    ],
    "trained_on: held_out_accuracy's, any iterable of (xs, ys) pairs but a str": [
        (name, lambda m, v=v: minirnn.held_out_accuracy(m, minirnn.next_mod3, 3, v), error, message)
        for name, v, error, message in [
            ("an int", 3, TypeError, "trained_on must be an iterable of (xs, ys) pairs, got 3"),
            ("a str", "ab", TypeError, "trained_on must be an iterable of (xs, ys) pairs, got 'ab'"),
            ("None", None, TypeError, "trained_on must be an iterable of (xs, ys) pairs, got None"),
            ("not pairs", [XS], TypeError, "trained_on[0] must be an (xs, ys) pair, got 4 items"),
            ("deeply nested", [deep()], TypeError, "trained_on[0] must be an (xs, ys) pair, got 1 items"),
            ("ys longer", [(XS[:3], YS)], ValueError,
             "trained_on[0] ys has 4 targets but trained_on[0] xs has 3 steps"),
            ("a step too long", [([[0.0] * 4], [0])], ValueError,
             "trained_on[0] xs[0] has 4 numbers, expected n_in=3"),
            ("a huge int", [([[HUGE, 0.0, 0.0]], [0])], ValueError,
             "trained_on[0] xs[0][0] must be finite, got " + BIG),
            ("every sequence", minirnn.make_data(minirnn.next_mod3, 300, 3, random.Random(0)), ValueError,
             "held_out_accuracy: all 100 sequences drawn are in trained_on")]],
    "a task: make_data's task, a function giving one class in [0, 3) per digit": [
        ("None", lambda m: minirnn.make_data(None, 2, 3, random.Random(0)), TypeError,
         "task must be a function of a digit list, got None"),
        ("a task's name", lambda m: minirnn.make_data("next_mod3", 2, 3, random.Random(0)), TypeError,
         "task must be a function of a digit list, got 'next_mod3'"),
        ("returning None", task_of(lambda d: None),
         TypeError, "task must return a list of classes, got None"),
        ("returning a str", task_of(lambda d: "012"),
         TypeError, "task must return a list of classes, got '012'"),
        ("returning an iterator", task_of(lambda d: iter(d)), TypeError,
         "task must return a list of classes, got " + ITERATOR),
        ("too few", task_of(lambda d: d[:-1]), ValueError, "task returned 2 classes for 3 digits"),
        ("too many", task_of(lambda d: d + [0]), ValueError, "task returned 4 classes for 3 digits"),
        ("none at all", task_of(lambda d: []), ValueError, "task returned 0 classes for 3 digits"),
        ("a float", task_of(lambda d: [0, 1, 2.0]), TypeError,
         "task(digits)[2] must be an int class index, got 2.0"),
        ("a bool", task_of(lambda d: [False] + d[1:]), TypeError,
         "task(digits)[0] must be an int class index, got False"),
        ("class 3", task_of(lambda d: [0, 3, 0]), ValueError,
         "task(digits)[1] is 3, expected 0 <= task(digits)[1] < n_out=3"),
        ("class -1", task_of(lambda d: [0, 0, -1]), ValueError,
         "task(digits)[2] is -1, expected 0 <= task(digits)[2] < n_out=3"),
    ],
    "a target somewhere: the accuracies count only the steps that have one": [
        ("data with none", lambda m: minirnn.accuracy(m, [(XS, [None] * 4), (XS[:1], [None])]), ValueError,
         "accuracy: no step of data has a target (every y is None): nothing to count"),
        ("a task that gives none", lambda m: minirnn.held_out_accuracy(m, lambda d: [None] * len(d), 3),
         ValueError, "held_out_accuracy: no step of the sequences held out has a target"
                     " (task gave None everywhere): nothing to count"),
    ],
    "a model: an RNN, with the sizes the call needs": [
        ("None", lambda m: minirnn.accuracy(None, [good_pair()]),
         TypeError, "model must be an RNN, got None"),
        ("a dict", lambda m: minirnn.accuracy(m.to_dict(), [good_pair()]), TypeError,
         "model must be an RNN, got a dict"),
        ("held out with 2 inputs",
         lambda m: minirnn.held_out_accuracy(RNN(2, 5, 3, seed=0), minirnn.next_mod3, 3),
         ValueError, "the drawn xs[0] has 3 numbers, expected n_in=2"),
        ("held out with 4 inputs",
         lambda m: minirnn.held_out_accuracy(RNN(4, 5, 3, seed=0), minirnn.next_mod3, 3),
         ValueError, "the drawn xs[0] has 3 numbers, expected n_in=4"),
        ("sampled with n_in > n_out", lambda m: RNN(3, 2, 2, seed=0).sample(0, 3), ValueError,
         "sample needs n_in == n_out, got n_in=3, n_out=2"),
        ("sampled with n_in < n_out", lambda m: RNN(2, 2, 3, seed=0).sample(0, 3), ValueError,
         "sample needs n_in == n_out, got n_in=2, n_out=3"),
    ],
    "the sizes: RNN's n_in, n_hidden, n_out, each 1 to 2**24, together at most 2**24 parameters": [
        ("0", lambda m: RNN(0, 4, 3), ValueError, "n_in must be " + RANGE.format(1, 2 ** 24, 0)),
        ("negative", lambda m: RNN(3, -2, 3), ValueError, "n_hidden must be " + RANGE.format(1, 2 ** 24, -2)),
        ("above", lambda m: RNN(3, 4, 2 ** 24 + 1), ValueError,
         "n_out must be " + RANGE.format(1, 2 ** 24, 2 ** 24 + 1)),
        ("a float", lambda m: RNN(3, 4.0, 3), TypeError, "n_hidden must be an int, got 4.0"),
        ("a bool", lambda m: RNN(3, 4, True), TypeError, "n_out must be an int, got True"),
        ("a str", lambda m: RNN("3", 4, 3), TypeError, "n_in must be an int, got '3'"),
        ("an int subclass that does not convert", lambda m: RNN(BadInt(2), 1, 1), TypeError,
         "n_in must be an int, got a BadInt"),
        ("too many parameters", lambda m: RNN(4097, 4096, 1), ValueError,
         "n_in=4097, n_hidden=4096, n_out=1 make 33566721 parameters, more than 16777216"),
        ("too many, the sizes in their order", lambda m: RNN(1, 4096, 4097), ValueError,
         "n_in=1, n_hidden=4096, n_out=4097 make 33570817 parameters, more than 16777216"),
    ],
    "an rng: make_data's rng, whose randrange keeps its promise": [
        ("0", lambda m: minirnn.make_data(minirnn.next_mod3, 2, 3, 0), TypeError,
         "rng must be a random generator such as make_rng(seed), got 0"),
        ("None", lambda m: minirnn.make_data(minirnn.next_mod3, 2, 3, None), TypeError,
         "rng must be a random generator such as make_rng(seed), got None"),
        ("a str", lambda m: minirnn.make_data(minirnn.next_mod3, 2, 3, "rng"), TypeError,
         "rng must be a random generator such as make_rng(seed), got 'rng'"),
        ("one whose randrange(3) gives 3",
         lambda m: minirnn.make_data(minirnn.next_mod3, 2, 3, AlwaysThree()),
         ValueError, "rng.randrange(3) is 3, expected 0 <= rng.randrange(3) < n=3"),
    ],
    "a callback: train's callback, None or a function": [
        ("an int", lambda m: m.train([good_pair()], 1, 0.1, callback=3), TypeError,
         "callback must be None or a function, got 3"),
        ("a str", lambda m: m.train([good_pair()], 1, 0.1, callback="print"), TypeError,
         "callback must be None or a function, got 'print'"),
        ("a list of functions", lambda m: m.train([good_pair()], 1, 0.1, callback=[print]), TypeError,
         "callback must be None or a function, got a list"),
    ],
    "a format: from_dict's d, a dict of format 1": [
        ("a list", lambda m: RNN.from_dict([1, 2]), TypeError, "from_dict needs a dict, got a list"),
        ("an int", lambda m: RNN.from_dict(5), TypeError, "from_dict needs a dict, got 5"),
        ("None", lambda m: RNN.from_dict(None), TypeError, "from_dict needs a dict, got None"),
        ("format 2", lambda m: RNN.from_dict(RNN_2_3_4(format=2)), ValueError,
         f"from_dict: unknown format 2, this is format 1 (minirnn {VERSION})"),
        ("format 0", lambda m: RNN.from_dict(RNN_2_3_4(format=0)), ValueError,
         f"from_dict: unknown format 0, this is format 1 (minirnn {VERSION})"),
        ("format -1", lambda m: RNN.from_dict(RNN_2_3_4(format=-1)), ValueError,
         f"from_dict: unknown format -1, this is format 1 (minirnn {VERSION})"),
        ("a huge format", lambda m: RNN.from_dict(RNN_2_3_4(format=HUGE)), ValueError,
         f"from_dict: unknown format {BIG}, this is format 1 (minirnn {VERSION})"),
        ("format '1'", lambda m: RNN.from_dict(RNN_2_3_4(format="1")), TypeError,
         "d['format'] must be an int, got '1'"),
        ("format True", lambda m: RNN.from_dict(RNN_2_3_4(format=True)), TypeError,
         "d['format'] must be an int, got True"),
        ("format 1.0", lambda m: RNN.from_dict(RNN_2_3_4(format=1.0)), TypeError,
         "d['format'] must be an int, got 1.0"),
    ],
}


@pytest.mark.parametrize("call, error, message", [case[1:] for cases in CHECKS.values() for case in cases],
                         ids=[f"{check.split(':')[0]}: {case[0]}" for check, cases in CHECKS.items()
                              for case in cases])
def test_hostile_arguments_are_refused_briefly_by_name_and_change_nothing(call, error, message):
    """CHECKS: every hostile class of value against each check, in both directions where it has two.

    It replaces test_hostile_arguments_… as it was (every argument of every entry point against
    every hostile class: 779 cases, with only the message's first words), and it holds the
    hostile classes of test_every_check_in_both_directions_gives_its_whole_message_and_changes_nothing,
    test_huge_ints_get_short_messages_naming_the_argument, test_what_a_task_returns_is_checked_and_task_named,
    test_unusual_arguments_get_a_named_value_or_type_error, test_from_dict_rejects_malformed_input,
    test_bad_sizes, test_sample_needs_as_many_inputs_as_outputs and test_one_hot.
    """
    refused(call, error, message)


def learn_with(**bad):
    """learn on next_mod3, small, with the arguments `bad` changed."""
    return lambda m: minirnn.learn(minirnn.next_mod3, **dict(dict(n_hidden=2, sequences=2, length=2), **bad))


ROUTES = [  # (public argument, call on a 3-5-3 model, exception, the whole message)
    ("RNN n_in", lambda m: RNN(0, 5, 3), ValueError, "n_in must be " + RANGE.format(1, 2 ** 24, 0)),
    ("RNN n_hidden", lambda m: RNN(3, 4.0, 3), TypeError, "n_hidden must be an int, got 4.0"),
    ("RNN n_out", lambda m: RNN(3, 5, True), TypeError, "n_out must be an int, got True"),
    ("RNN seed", lambda m: RNN(3, 5, 3, seed="a"), TypeError, "seed must be None or an int, got 'a'"),
    ("forward xs", lambda m: m.forward([XS[0], [0.0] * 4]),
     ValueError, "xs[1] has 4 numbers, expected n_in=3"),
    ("forward h0", lambda m: m.forward(XS, [0.0] * 6), ValueError, "h0 has 6 numbers, expected n_hidden=5"),
    ("predict xs", lambda m: m.predict(XS + [[0.0, 0.0]]),
     ValueError, "xs[4] has 2 numbers, expected n_in=3"),
    ("predict h0", lambda m: m.predict(XS, [0.0]), ValueError, "h0 has 1 numbers, expected n_hidden=5"),
    ("step x", lambda m: m.step([0.0, 1.0]), ValueError, "x has 2 numbers, expected n_in=3"),
    ("step h", lambda m: m.step(XS[0], [0.0] * 6), ValueError, "h has 6 numbers, expected n_hidden=5"),
    ("loss xs", lambda m: m.loss(XS[:2] + [[0.0, float("nan"), 0.0]] + XS[3:], YS), ValueError,
     "xs[2][1] must be finite, got nan"),
    ("loss ys", lambda m: m.loss(XS, [0, 1, 3, 0]), ValueError, "ys[2] is 3, " + N_OUT_3.format("ys[2]")),
    ("loss h0", lambda m: m.loss(XS, YS, [0.0] * 4), ValueError, "h0 has 4 numbers, expected n_hidden=5"),
    ("loss_and_grads xs", lambda m: m.loss_and_grads(XS[:1] + [[0.0]] + XS[2:], YS), ValueError,
     "xs[1] has 1 numbers, expected n_in=3"),
    ("loss_and_grads ys", lambda m: m.loss_and_grads(XS, [0, 0, 0, 3]), ValueError,
     "ys[3] is 3, " + N_OUT_3.format("ys[3]")),
    ("loss_and_grads h0", lambda m: m.loss_and_grads(XS, YS, [0.0] * 6), ValueError,
     "h0 has 6 numbers, expected n_hidden=5"),
    ("gradient_flow xs", lambda m: m.gradient_flow([[0.0] * 4] + XS[1:], YS), ValueError,
     "xs[0] has 4 numbers, expected n_in=3"),
    ("gradient_flow ys", lambda m: m.gradient_flow(XS, [0, 0, 0, -1]), ValueError,
     "ys[3] is -1, " + N_OUT_3.format("ys[3]")),
    ("gradient_flow h0", lambda m: m.gradient_flow(XS, YS, [0.0]), ValueError,
     "h0 has 1 numbers, expected n_hidden=5"),
    ("train data", lambda m: m.train([(XS[:3] + [[0.0] * 4], YS)], 1, 0.1), ValueError,
     "data[0] xs[3] has 4 numbers, expected n_in=3"),
    ("train epochs", lambda m: m.train([good_pair()], 1.5, 0.1), TypeError, "epochs must be an int, got 1.5"),
    ("train lr", lambda m: m.train([good_pair()], 1, "0.1"), TypeError, "lr must be a number, got '0.1'"),
    ("train clip", lambda m: m.train([good_pair()], 1, 0.1, clip=0), ValueError, "clip must be > 0, got 0.0"),
    ("train recurrent", lambda m: m.train([good_pair()], 1, 0.1, recurrent=0), TypeError,
     "recurrent must be True or False, got 0"),
    ("train chunk", lambda m: m.train([good_pair()], 1, 0.1, chunk=0), ValueError,
     "chunk must be " + RANGE.format(1, 2 ** 31 - 1, 0)),
    ("train carry", lambda m: m.train([good_pair()], 1, 0.1, carry=1), TypeError,
     "carry must be True or False, got 1"),
    ("train callback", lambda m: m.train([good_pair()], 1, 0.1, callback=3), TypeError,
     "callback must be None or a function, got 3"),
    # recurrent=False zeroes U only after every argument is checked
    ("train lr, recurrent=False", lambda m: m.train([good_pair()], 1, -0.1, recurrent=False), ValueError,
     "lr must be > 0, got -0.1"),
    ("train data, recurrent=False", lambda m: m.train(BAD_DATA, 1, 0.1, recurrent=False), ValueError,
     "data[7] xs[0] has 2 numbers, expected n_in=3"),
    ("sample first", lambda m: m.sample(3, 5), ValueError, "first is 3, expected 0 <= first < n_in=3"),
    ("sample length", lambda m: m.sample(0, -1),
     ValueError, "length must be " + RANGE.format(0, 2 ** 31 - 1, -1)),
    ("sample temperature", lambda m: m.sample(0, 5, temperature=0.0), ValueError,
     "temperature must be > 0, got 0.0"),
    ("sample seed", lambda m: m.sample(0, 5, seed="1"), TypeError, "seed must be None or an int, got '1'"),
    ("sample h0", lambda m: m.sample(0, 5, h0=[1.0]), ValueError, "h0 has 1 numbers, expected n_hidden=5"),
    ("from_dict d", lambda m: RNN.from_dict([1, 2]), TypeError, "from_dict needs a dict, got a list"),
    ("from_dict format", lambda m: RNN.from_dict(RNN_2_3_4(format=2)), ValueError,
     f"from_dict: unknown format 2, this is format 1 (minirnn {VERSION})"),
    ("from_dict n_in", lambda m: RNN.from_dict(RNN_2_3_4(n_in=2.0)),
     TypeError, "d['n_in'] must be an int, got 2.0"),
    ("from_dict n_hidden", lambda m: RNN.from_dict(RNN_2_3_4(n_hidden=0)), ValueError,
     "d['n_hidden'] must be " + RANGE.format(1, 2 ** 24, 0)),
    ("from_dict n_out", lambda m: RNN.from_dict(RNN_2_3_4(n_out=2 ** 24 + 1)), ValueError,
     "d['n_out'] must be " + RANGE.format(1, 2 ** 24, 2 ** 24 + 1)),
    ("from_dict W", lambda m: RNN.from_dict(RNN_2_3_4(W=[[0.0] * 3] * 3)), ValueError,
     "d['W'][0] has 3 numbers, expected n_in=2"),
    ("from_dict U", lambda m: RNN.from_dict(RNN_2_3_4(U=[[0.0] * 3] * 2)), ValueError,
     "d['U'] has 2 rows, expected n_hidden=3"),
    ("from_dict V", lambda m: RNN.from_dict(RNN_2_3_4(V=[[0.0] * 2] * 4)), ValueError,
     "d['V'][0] has 2 numbers, expected n_hidden=3"),
    ("from_dict b_h", lambda m: RNN.from_dict(RNN_2_3_4(b_h=[0.0, float("nan"), 0.0])), ValueError,
     "d['b_h'][1] must be finite, got nan"),
    ("from_dict b_o", lambda m: RNN.from_dict(RNN_2_3_4(b_o=[0.0])), ValueError,
     "d['b_o'] has 1 numbers, expected n_out=4"),
] + [
    (f"from_dict without {key}",
     lambda m, key=key: RNN.from_dict({k: v for k, v in RNN_2_3_4().items() if k != key}),
     ValueError, f"from_dict: missing key {key!r}")
    for key in ("n_in", "n_hidden", "n_out", "W", "U", "V", "b_h", "b_o")
] + [
    ("softmax z", lambda m: minirnn.softmax([]), ValueError, "z has 0 numbers, expected at least 1"),
    ("log_softmax z", lambda m: minirnn.log_softmax("abc"), TypeError, "z must be a list, got 'abc'"),
    ("one_hot index", lambda m: one_hot(4, 4), ValueError, "index is 4, expected 0 <= index < size=4"),
    ("one_hot size", lambda m: one_hot(0, 0), ValueError, "size must be " + RANGE.format(1, 2 ** 24, 0)),
    ("make_rng seed", lambda m: minirnn.make_rng(1.0), TypeError, "seed must be None or an int, got 1.0"),
    ("make_data task", lambda m: minirnn.make_data(None, 1, 1, random.Random(0)), TypeError,
     "task must be a function of a digit list, got None"),
    ("make_data count", lambda m: minirnn.make_data(minirnn.next_mod3, 0, 10, random.Random(0)), ValueError,
     "count must be " + RANGE.format(1, 2 ** 31 - 1, 0)),
    ("make_data length", lambda m: minirnn.make_data(minirnn.next_mod3, 1, 2.0, random.Random(0)), TypeError,
     "length must be an int, got 2.0"),
    ("make_data rng", lambda m: minirnn.make_data(minirnn.next_mod3, 1, 1, 0), TypeError,
     "rng must be a random generator such as make_rng(seed), got 0"),
    ("accuracy model", lambda m: minirnn.accuracy(None, [good_pair()]),
     TypeError, "model must be an RNN, got None"),
    ("accuracy data", lambda m: minirnn.accuracy(m, [good_pair(), (XS, YS[:3])]), ValueError,
     "data[1] ys has 3 targets but data[1] xs has 4 steps"),
    ("held_out_accuracy model", lambda m: minirnn.held_out_accuracy("model", minirnn.next_mod3, 3), TypeError,
     "model must be an RNN, got 'model'"),
    ("held_out_accuracy task", lambda m: minirnn.held_out_accuracy(m, lambda digits: [3] * len(digits), 3),
     ValueError, "task(digits)[0] is 3, " + N_OUT_3.format("task(digits)[0]")),
    ("held_out_accuracy length", lambda m: minirnn.held_out_accuracy(m, minirnn.next_mod3, 5.0), TypeError,
     "length must be an int, got 5.0"),
    ("held_out_accuracy trained_on", lambda m: minirnn.held_out_accuracy(m, minirnn.next_mod3, 3, 3),
     TypeError,
     "trained_on must be an iterable of (xs, ys) pairs, got 3"),
    ("held_out_accuracy count", lambda m: minirnn.held_out_accuracy(m, minirnn.next_mod3, 3, count=0),
     ValueError,
     "count must be " + RANGE.format(1, 2 ** 31 - 1, 0)),
    ("held_out_accuracy seed", lambda m: minirnn.held_out_accuracy(m, minirnn.next_mod3, 3, seed=1.0),
     TypeError,
     "seed must be None or an int, got 1.0"),
    ("learn task", lambda m: minirnn.learn("next_mod3"), TypeError,
     "task must be a function of a digit list, got 'next_mod3'"),
    ("learn n_hidden", learn_with(n_hidden=0), ValueError, "n_hidden must be " + RANGE.format(1, 2 ** 24, 0)),
    ("learn sequences", learn_with(sequences=0),
     ValueError, "sequences must be " + RANGE.format(1, 2 ** 31 - 1, 0)),
    ("learn length", learn_with(length=0), ValueError, "length must be " + RANGE.format(1, 2 ** 31 - 1, 0)),
    ("learn epochs", learn_with(epochs=-1), ValueError, "epochs must be " + RANGE.format(0, 2 ** 31 - 1, -1)),
    ("learn lr", learn_with(lr=0), ValueError, "lr must be > 0, got 0.0"),
    ("learn clip", learn_with(clip=-1.0), ValueError, "clip must be > 0, got -1.0"),
    ("learn recurrent", learn_with(recurrent=None), TypeError, "recurrent must be True or False, got None"),
    ("learn seed", learn_with(seed="a"), TypeError, "seed must be None or an int, got 'a'"),
    ("gradient_check model", lambda m: minirnn.gradient_check(None, XS, YS), TypeError,
     "model must be an RNN, got None"),
    ("gradient_check xs", lambda m: minirnn.gradient_check(m, [[0.0]], [0]), ValueError,
     "xs[0] has 1 numbers, expected n_in=3"),
    ("gradient_check ys", lambda m: minirnn.gradient_check(m, XS, [0, 0, 3, 0]), ValueError,
     "ys[2] is 3, " + N_OUT_3.format("ys[2]")),
    ("gradient_check h0", lambda m: minirnn.gradient_check(m, XS, YS, [0.0, 0.0]), ValueError,
     "h0 has 2 numbers, expected n_hidden=5"),
    ("gradient_check eps", lambda m: minirnn.gradient_check(m, XS, YS, eps=-1e-6), ValueError,
     "eps must be > 0, got -1e-06"),
]


@pytest.mark.parametrize("call, error, message", [case[1:] for case in ROUTES],
                         ids=[case[0] for case in ROUTES])
def test_bad_input_raises_a_clear_error_and_changes_nothing(call, error, message):
    """ROUTES: each public argument's bad value reaches its check, whose whole message names it.

    It holds the routing cases of test_bad_input_raises_a_clear_error_and_changes_nothing as it was,
    of test_messages_name_the_argument_and_show_the_value_briefly, of
    test_every_check_in_both_directions_gives_its_whole_message_and_changes_nothing, of
    test_from_dict_rejects_malformed_input and of test_demo_helpers_check_their_input.
    """
    refused(call, error, message)


def lr_shown(v):
    """train with v as its lr: the message shows v."""
    return lambda m: m.train([good_pair()], 1, v)


def n_in_shown(text):
    """RNN with text as its n_in: the message shows text."""
    return lambda m: RNN(text, 1, 1)


SHOWN = [  # (how a value is shown, call on a 3-5-3 model, exception, the whole message)
    ("an 18-digit int in full", lambda m: m.train([good_pair()], 10 ** 18 - 1, 0.1), ValueError,
     "epochs must be " + RANGE.format(0, 2 ** 31 - 1, 10 ** 18 - 1)),
    ("a 19-digit int by its size", lambda m: m.train([good_pair()], 10 ** 18, 0.1), ValueError,
     "epochs must be " + RANGE.format(0, 2 ** 31 - 1, BIG)),
    ("a negative 19-digit int by its size", lambda m: m.train([good_pair()], -10 ** 18, 0.1), ValueError,
     "epochs must be " + RANGE.format(0, 2 ** 31 - 1, BIG)),
    ("a str of 60 characters in full", lr_shown("x" * 60),
     TypeError, "lr must be a number, got '" + "x" * 60 + "'"),
    ("a str of 61 characters cut at 60", lr_shown("y" * 60 + "z"), TypeError,
     "lr must be a number, got '" + "y" * 60 + "'..."),
    ("a str of a million characters cut at 60", lr_shown("x" * 10 ** 6), TypeError,
     "lr must be a number, got '" + "x" * 60 + "'..."),
    ("a list by its type", lr_shown([0.1]), TypeError, "lr must be a number, got a list"),
    ("a dict by its type", lr_shown({0: 0.1}), TypeError, "lr must be a number, got a dict"),
    ("a long type name cut at 40", n_in_shown(type("L" * 600, (), {})()), TypeError,
     "n_in must be an int, got a " + "L" * 40),
    # a str is shown as its repr, cut to 70 characters when longer (escapes lengthen it) or when the
    # str is longer than 60: the whole repr when it is 70, its first 70 and "..." at 71
    ("a repr of 70 in full", n_in_shown("\x00" * 17),
     TypeError, "n_in must be an int, got " + repr("\x00" * 17)),
    ("a repr of 71 cut", n_in_shown("\x00" * 17 + "a"), TypeError,
     "n_in must be an int, got " + repr("\x00" * 17 + "a")[:70] + "..."),
] + [
    (f"escapes {text[:2]!r}... cut", n_in_shown(text),
     TypeError, "n_in must be an int, got " + repr(text[:60])[:70] + "...")
    for text in ["\x00" * 100, "\U000e0000" * 100, "é" * 100, "'\"" * 100]
]


@pytest.mark.parametrize("call, error, message", [case[1:] for case in SHOWN],
                         ids=[case[0] for case in SHOWN])
def test_messages_name_the_argument_and_show_the_value_briefly(call, error, message):
    """SHOWN: a message shows at most about 80 characters of the value, never looking inside a container.

    It holds the cases of test_messages_name_the_argument_and_show_the_value_briefly as it was about
    how a value is shown, and test_hostile_messages_show_at_most_80_characters_of_the_value,
    test_a_string_is_shown_as_its_repr_cut_to_70_characters and test_a_string_with_escapes_is_shown_briefly.
    """
    assert len(repr("\x00" * 17)) == 70 and len(repr("\x00" * 17 + "a")) == 71   # the cases are as named
    refused(call, error, message)


def test_failed_training_applies_no_update_even_from_good_pairs():
    model = RNN(3, 5, 3, seed=0)
    before = snapshot(model)
    with pytest.raises(ValueError):
        model.train(BAD_DATA, 3, 0.1)                # pairs 0-6 are fine, pair 7 is not
    assert snapshot(model) == before


def test_held_out_accuracy_refuses_a_task_that_is_not_a_function_before_reading_trained_on():
    # and so are a bad length and a bad count: trained_on, perhaps an iterator, is read last
    for task, length, count, error, message in [
            ("next_mod3", 3, 100, TypeError, "task must be a function of a digit list, got 'next_mod3'"),
            (minirnn.next_mod3, 0, 100, ValueError, "length must be " + RANGE.format(1, 2 ** 31 - 1, 0)),
            (minirnn.next_mod3, 3, 0, ValueError, "count must be " + RANGE.format(1, 2 ** 31 - 1, 0))]:
        pairs = iter(minirnn.make_data(minirnn.next_mod3, 2, 3, random.Random(0)))
        with pytest.raises(error) as info:
            minirnn.held_out_accuracy(RNN(3, 4, 3, seed=0), task, length, trained_on=pairs, count=count)
        assert str(info.value) == message
        assert len(list(pairs)) == 2                           # trained_on was not read


@pytest.mark.parametrize("eps", [1e-20, 1e-300, 5e-324, 1e-8])
def test_gradient_check_refuses_an_eps_too_small_to_resolve_anything(eps):
    # With eps = 1e-20 the rounding floor is above every gradient: wrong gradients would pass.
    model, xs, ys, h0 = problem(3, 4, 2, 6, True, True, seed=1)
    message = assert_refused_and_unchanged(lambda m: minirnn.gradient_check(m, xs, ys, h0, eps=eps),
                                           "eps must be >=", model)
    assert message == f"eps must be >= 1.5e-08 (the square root of FLOAT_EPSILON), got {eps!r}"
    assert minirnn.gradient_check(model, xs, ys, h0, eps=sys.float_info.epsilon ** 0.5) < 1e-3


def test_sizes_are_capped_at_2_to_the_24_parameters_before_anything_is_built():
    cap = minirnn.LARGEST_MODEL
    assert cap == 2 ** 24
    for args, message in [
        ((3, 2 ** 31 - 1, 3), "n_hidden must be >= 1 and <= 16777216, got 2147483647"),
        ((2 ** 24 + 1, 1, 1), "n_in must be >= 1 and <= 16777216, got 16777217"),
        ((1, 1, 2 ** 24 + 1), "n_out must be >= 1 and <= 16777216, got 16777217"),
        ((4097, 4096, 1), "n_in=4097, n_hidden=4096, n_out=1 make 33566721 parameters, more than 16777216"),
        ((1, 2 ** 24, 1),
         "n_in=1, n_hidden=16777216, n_out=1 make 281475027042305 parameters, more than 16777216"),
        ((2 ** 24 - 3, 1, 1),
         "n_in=16777213, n_hidden=1, n_out=1 make 16777217 parameters, more than 16777216"),
        ((1, 1, 2 ** 23 - 1),
         "n_in=1, n_hidden=1, n_out=8388607 make 16777217 parameters, more than 16777216"),
        ((1, 10 ** 5000, 1), "n_hidden must be >= 1 and <= 16777216, got an int of more than 18 digits"),
    ]:
        assert assert_refused_and_unchanged(lambda m: RNN(*args), "n_") == message
    # Exactly at the cap is accepted: from_dict gets past the sizes to the first matrix.
    d = {"n_in": 2 ** 24 - 4, "n_hidden": 1, "n_out": 1, "W": [[0.0]], "U": [[0.0]], "V": [[0.0]],
         "b_h": [0.0], "b_o": [0.0]}
    assert assert_refused_and_unchanged(lambda m: RNN.from_dict(d), "d['W']") == \
        "d['W'][0] has 1 numbers, expected n_in=16777212"
    assert assert_refused_and_unchanged(lambda m: RNN.from_dict(dict(d, n_in=2 ** 24 - 3)), "d['n_in']=") == \
        "d['n_in']=16777213, d['n_hidden']=1, d['n_out']=1 make 16777217 parameters, more than 16777216"
    assert assert_refused_and_unchanged(lambda m: RNN.from_dict(dict(d, n_out=2 ** 24 + 1)),
                                        "d['n_out']") == \
        "d['n_out'] must be >= 1 and <= 16777216, got 16777217"
    assert assert_refused_and_unchanged(lambda m: one_hot(0, 2 ** 24 + 1), "size") == \
        "size must be >= 1 and <= 16777216, got 16777217"
    assert assert_refused_and_unchanged(lambda m: one_hot(2 ** 24, 2 ** 24), "index") == \
        "index is 16777216, expected 0 <= index < size=16777216"          # size 2**24 itself is accepted
    assert len(RNN(1, 1, 1, seed=0).to_dict()["W"]) == 1                  # the smallest model


TASK_CALLS = {
    "make_data": lambda task: minirnn.make_data(task, 2, 3, random.Random(0)),
    "learn": lambda task: minirnn.learn(task, n_hidden=2, sequences=2, length=3, epochs=1),
    "held_out_accuracy": lambda task: minirnn.held_out_accuracy(RNN(3, 2, 3, seed=0), task, 3),
}


class LyingLength(list):
    """A list whose len() is not the number of items it holds."""

    def __len__(self):
        return 3


def test_what_a_task_returns_is_read_once_and_its_digits_are_its_own():
    for task, message in [
        (lambda d: (d.append(0), minirnn.next_mod3(d))[1], "task returned 4 classes for 3 digits"),
        (lambda d: LyingLength([0]), "task returned 1 classes for 3 digits"),
        (lambda d: Flaky([0, 1], [0, 1, 2]), "task returned 2 classes for 3 digits"),
    ]:
        for call in TASK_CALLS.values():
            with pytest.raises(ValueError) as info:
                call(task)
            assert str(info.value) == message
    reversing = lambda d: (d.reverse(), [0] * len(d))[1]     # noqa: E731
    xs = [x for x, _ in minirnn.make_data(reversing, 3, 4, random.Random(2))]
    assert xs == [x for x, _ in minirnn.make_data(minirnn.next_mod3, 3, 4, random.Random(2))]


def test_limits_themselves_are_accepted():
    model = trained_model()
    twin = RNN.from_dict(model.to_dict())
    assert model.train([good_pair()], 1, 0.1, chunk=2 ** 31 - 1) == twin.train([good_pair()], 1, 0.1)
    assert model.sample(0, 0) == [] and model.train([good_pair()], 0, 0.1) == []
    assert minirnn.held_out_accuracy(model, minirnn.next_mod3, 1, count=1) in (0.0, 1.0)
    assert model.loss(XS, [2, 0, 2, 2]) > 0 and one_hot(0, 1) == [1.0]
    for seed in (HUGE, -HUGE):                           # any int seeds: nothing to refuse
        assert RNN(2, 2, 2, seed=seed).to_dict() != RNN(2, 2, 2, seed=seed + 1).to_dict()

