"""Bad input is refused: the right exception, the whole message naming the argument (and the
position), raised before anything changes.

    python3 -m pytest tests/test_refusals.py
"""
import random
import sys

import pytest

import minirnn
from minirnn import RNN, one_hot
from tests.helpers import (
    Flaky, XS, YS, assert_refused_and_unchanged, assert_same_lists, good_pair, live_lists,
    problem, snapshot, trained_model)


N_OUT_3 = "expected 0 <= {0} < n_out=3"


# ---------------------------------------------------------------------------
# Bad input: a clear error naming the culprit, and the model left exactly as it was
# ---------------------------------------------------------------------------

BAD_DATA = [good_pair() for _ in range(7)] + [([[1.0, 0.0]] + XS[1:], YS)]


BAD_CALLS = [  # (id, call on a 3-5-3 model, exception, the whole message)
    ("loss: empty xs", lambda m: m.loss([], []), ValueError,
     "xs is empty: a sequence needs at least one step"),
    ("loss: ys shorter than xs", lambda m: m.loss(XS, YS[:3]), ValueError,
     "ys has 3 targets but xs has 4 steps"),
    ("loss: xs[3] too long", lambda m: m.loss(XS[:3] + [[1.0, 0.0, 0.0, 0.0]], YS), ValueError,
     "xs[3] has 4 numbers, expected n_in=3"),
    ("loss: str in xs", lambda m: m.loss([[1.0, "a", 0.0]] + XS[1:], YS), TypeError,
     "xs[0][1] must be a number, got 'a'"),
    ("loss: bool in xs", lambda m: m.loss([[1.0, True, 0.0]] + XS[1:], YS), TypeError,
     "xs[0][1] must be a number, got True"),
    ("loss: None in xs", lambda m: m.loss([[1.0, None, 0.0]] + XS[1:], YS), TypeError,
     "xs[0][1] must be a number, got None"),
    ("loss: nan in xs", lambda m: m.loss(XS[:2] + [[0.0, float("nan"), 0.0]] + XS[3:], YS), ValueError,
     "xs[2][1] must be finite, got nan"),
    ("loss: inf in xs", lambda m: m.loss(XS[:2] + [[0.0, float("inf"), 0.0]] + XS[3:], YS), ValueError,
     "xs[2][1] must be finite, got inf"),
    ("loss: -inf in xs", lambda m: m.loss(XS[:2] + [[0.0, -float("inf"), 0.0]] + XS[3:], YS), ValueError,
     "xs[2][1] must be finite, got -inf"),
    ("loss: ys a str", lambda m: m.loss(XS, "abcd"), TypeError, "ys must be a list, got 'abcd'"),
    ("loss: class too large", lambda m: m.loss(XS, [0, 1, 3, 0]), ValueError,
     "ys[2] is 3, " + N_OUT_3.format("ys[2]")),
    ("loss: class -1", lambda m: m.loss(XS, [0, -1, 2, 0]), ValueError,
     "ys[1] is -1, " + N_OUT_3.format("ys[1]")),
    ("loss: float class", lambda m: m.loss(XS, [0, 1.0, 2, 0]), TypeError,
     "ys[1] must be an int class index, got 1.0"),
    ("loss: bool class", lambda m: m.loss(XS, [0, 1, True, 0]), TypeError,
     "ys[2] must be an int class index, got True"),
    ("loss: str class", lambda m: m.loss(XS, [0, 1, 2, "0"]), TypeError,
     "ys[3] must be an int class index, got '0'"),
    ("loss: xs a str", lambda m: m.loss("abc", YS), TypeError, "xs must be a list, got 'abc'"),
    ("loss: h0 too short", lambda m: m.loss(XS, YS, h0=[0.0] * 4), ValueError,
     "h0 has 4 numbers, expected n_hidden=5"),
    ("loss: nan in h0", lambda m: m.loss(XS, YS, h0=[0.0, float("nan"), 0.0, 0.0, 0.0]), ValueError,
     "h0[1] must be finite, got nan"),
    ("loss_and_grads: ys too short", lambda m: m.loss_and_grads(XS, YS[:2]), ValueError,
     "ys has 2 targets but xs has 4 steps"),
    ("loss_and_grads: xs[1] too short", lambda m: m.loss_and_grads(XS[:1] + [[0.0]] + XS[2:], YS), ValueError,
     "xs[1] has 1 numbers, expected n_in=3"),
    ("loss_and_grads: h0 too long", lambda m: m.loss_and_grads(XS, YS, [0.0] * 6), ValueError,
     "h0 has 6 numbers, expected n_hidden=5"),
    ("predict: xs[4] too short", lambda m: m.predict(XS + [[0.0, 0.0]]), ValueError,
     "xs[4] has 2 numbers, expected n_in=3"),
    ("predict: h0 too short", lambda m: m.predict(XS, [0.0]), ValueError,
     "h0 has 1 numbers, expected n_hidden=5"),
    ("forward: empty xs", lambda m: m.forward([]), ValueError,
     "xs is empty: a sequence needs at least one step"),
    ("forward: h0 a str", lambda m: m.forward(XS, "h0"), TypeError, "h0 must be a list, got 'h0'"),
    ("step: x too short", lambda m: m.step([0.0, 1.0]), ValueError, "x has 2 numbers, expected n_in=3"),
    ("step: h too long", lambda m: m.step([0.0, 1.0, 0.0], [0.0] * 6), ValueError,
     "h has 6 numbers, expected n_hidden=5"),
    ("gradient_flow: ys too short", lambda m: m.gradient_flow(XS, YS[:1]), ValueError,
     "ys has 1 targets but xs has 4 steps"),
    ("gradient_flow: empty xs", lambda m: m.gradient_flow([], []), ValueError,
     "xs is empty: a sequence needs at least one step"),
    ("gradient_flow: h0 too short", lambda m: m.gradient_flow(XS, YS, [0.0]), ValueError,
     "h0 has 1 numbers, expected n_hidden=5"),
    ("train: bad pair last", lambda m: m.train(BAD_DATA, 1, 0.1), ValueError,
     "data[7] xs[0] has 2 numbers, expected n_in=3"),
    ("train: bad class", lambda m: m.train([good_pair(), (XS, [0, 0, 0, 5])], 1, 0.1), ValueError,
     "data[1] ys[3] is 5, " + N_OUT_3.format("data[1] ys[3]")),
    ("train: a pair of 4 items", lambda m: m.train([good_pair(), XS], 1, 0.1), TypeError,
     "data[1] must be an (xs, ys) pair, got 4 items"),
    ("train: one pair, not a list of pairs", lambda m: m.train(good_pair(), 1, 0.1), TypeError,
     "data[0] must be an (xs, ys) pair, got 4 items"),
    ("train: a pair that is None", lambda m: m.train([good_pair(), None], 1, 0.1), TypeError,
     "data[1] must be an (xs, ys) pair, got None"),
    ("train: a pair that is a str", lambda m: m.train([good_pair(), "xy"], 1, 0.1), TypeError,
     "data[1] must be an (xs, ys) pair, got 'xy'"),
    ("train: lr 0", lambda m: m.train([good_pair()], 1, 0.0), ValueError, "lr must be > 0, got 0.0"),
    ("train: lr < 0", lambda m: m.train([good_pair()], 1, -0.1), ValueError, "lr must be > 0, got -0.1"),
    ("train: lr nan", lambda m: m.train([good_pair()], 1, float("nan")), ValueError,
     "lr must be finite, got nan"),
    ("train: lr inf", lambda m: m.train([good_pair()], 1, float("inf")), ValueError,
     "lr must be finite, got inf"),
    ("train: lr a str", lambda m: m.train([good_pair()], 1, "0.1"), TypeError,
     "lr must be a number, got '0.1'"),
    ("train: epochs < 0", lambda m: m.train([good_pair()], -1, 0.1), ValueError,
     "epochs must be >= 0 and <= 2147483647, got -1"),
    ("train: epochs a float", lambda m: m.train([good_pair()], 1.5, 0.1), TypeError,
     "epochs must be an int, got 1.5"),
    ("train: clip 0", lambda m: m.train([good_pair()], 1, 0.1, clip=0), ValueError,
     "clip must be > 0, got 0.0"),
    ("train: clip < 0", lambda m: m.train([good_pair()], 1, 0.1, clip=-1.0), ValueError,
     "clip must be > 0, got -1.0"),
    ("train: chunk 0", lambda m: m.train([good_pair()], 1, 0.1, chunk=0), ValueError,
     "chunk must be >= 1 and <= 2147483647, got 0"),
    ("train: chunk 2**31", lambda m: m.train([good_pair()], 1, 0.1, chunk=2 ** 31), ValueError,
     "chunk must be >= 1 and <= 2147483647, got 2147483648"),
    ("train: recurrent 0", lambda m: m.train([good_pair()], 1, 0.1, recurrent=0), TypeError,
     "recurrent must be True or False, got 0"),
    ("train: carry 1", lambda m: m.train([good_pair()], 1, 0.1, carry=1), TypeError,
     "carry must be True or False, got 1"),
    ("train: callback 3", lambda m: m.train([good_pair()], 1, 0.1, callback=3), TypeError,
     "callback must be None or a function, got 3"),
    # recurrent=False zeroes U only after every argument is checked
    ("train recurrent=False: lr < 0", lambda m: m.train([good_pair()], 1, -0.1, recurrent=False), ValueError,
     "lr must be > 0, got -0.1"),
    ("train recurrent=False: clip 0", lambda m: m.train([good_pair()], 1, 0.1, clip=0, recurrent=False),
     ValueError, "clip must be > 0, got 0.0"),
    ("train recurrent=False: chunk 0", lambda m: m.train([good_pair()], 1, 0.1, recurrent=False, chunk=0),
     ValueError, "chunk must be >= 1 and <= 2147483647, got 0"),
    ("train recurrent=False: epochs a float", lambda m: m.train([good_pair()], 1.5, 0.1, recurrent=False),
     TypeError, "epochs must be an int, got 1.5"),
    ("train recurrent=False: bad pair last", lambda m: m.train(BAD_DATA, 1, 0.1, recurrent=False), ValueError,
     "data[7] xs[0] has 2 numbers, expected n_in=3"),
    ("sample: first too large", lambda m: m.sample(3, 5), ValueError,
     "first is 3, expected 0 <= first < n_in=3"),
    ("sample: length < 0", lambda m: m.sample(0, -1), ValueError,
     "length must be >= 0 and <= 2147483647, got -1"),
    ("sample: temperature 0", lambda m: m.sample(0, 5, temperature=0.0), ValueError,
     "temperature must be > 0, got 0.0"),
    ("sample: h0 too short", lambda m: m.sample(0, 5, h0=[1.0]), ValueError,
     "h0 has 1 numbers, expected n_hidden=5"),
    ("sample: seed a str", lambda m: m.sample(0, 5, seed="1"), TypeError,
     "seed must be None or an int, got '1'"),
    ("gradient_check: xs[0] too short", lambda m: minirnn.gradient_check(m, [[0.0]], [0]), ValueError,
     "xs[0] has 1 numbers, expected n_in=3"),
    ("gradient_check: class too large", lambda m: minirnn.gradient_check(m, XS, [0, 0, 3, 0]), ValueError,
     "ys[2] is 3, " + N_OUT_3.format("ys[2]")),
    ("gradient_check: h0 too short", lambda m: minirnn.gradient_check(m, XS, YS, [0.0, 0.0]), ValueError,
     "h0 has 2 numbers, expected n_hidden=5"),
    ("gradient_check: eps < 0", lambda m: minirnn.gradient_check(m, XS, YS, eps=-1e-6), ValueError,
     "eps must be > 0, got -1e-06"),
    ("gradient_check: eps a str", lambda m: minirnn.gradient_check(m, XS, YS, eps="1e-6"), TypeError,
     "eps must be a number, got '1e-6'"),
]


@pytest.mark.parametrize("call, error, message", [case[1:] for case in BAD_CALLS],
                         ids=[case[0] for case in BAD_CALLS])
def test_bad_input_raises_a_clear_error_and_changes_nothing(call, error, message):
    model = RNN(3, 5, 3, seed=0)
    model.train([good_pair()], 1, 0.1)
    live = [value for _, value in model.params()]
    before = snapshot(model)
    with pytest.raises(error) as info:
        call(model)
    assert str(info.value) == message
    assert snapshot(model) == before
    assert all(value is same for (_, value), same in zip(model.params(), live))


class BadFloat(float):
    """A float subclass whose conversion to a plain float fails."""

    def __float__(self):
        raise RuntimeError("BadFloat")


MESSAGES = [  # (id, call on a 3-5-3 model, exception, the whole message): values shown briefly
    ("an 18-digit int in full", lambda m: m.train([good_pair()], 10 ** 18 - 1, 0.1), ValueError,
     "epochs must be >= 0 and <= 2147483647, got 999999999999999999"),
    ("a 19-digit int by its size", lambda m: m.train([good_pair()], 10 ** 18, 0.1), ValueError,
     "epochs must be >= 0 and <= 2147483647, got an int of more than 18 digits"),
    ("a negative 19-digit int by its size", lambda m: m.train([good_pair()], -10 ** 18, 0.1), ValueError,
     "epochs must be >= 0 and <= 2147483647, got an int of more than 18 digits"),
    ("a str of 60 characters in full", lambda m: m.train([good_pair()], 1, "x" * 60), TypeError,
     "lr must be a number, got '" + "x" * 60 + "'"),
    ("a str of 61 characters cut at 60", lambda m: m.train([good_pair()], 1, "y" * 60 + "z"), TypeError,
     "lr must be a number, got '" + "y" * 60 + "'..."),
    ("a list by its type", lambda m: m.train([good_pair()], 1, [0.1]), TypeError,
     "lr must be a number, got a list"),
    ("a dict by its type", lambda m: m.train([good_pair()], 1, {0: 0.1}), TypeError,
     "lr must be a number, got a dict"),
    ("a float that does not convert", lambda m: m.loss([[0.0, BadFloat(1.0), 0.0]], [0]), TypeError,
     "xs[0][1] must convert to a float, got a BadFloat"),
    ("softmax of nothing", lambda m: minirnn.softmax([]), ValueError, "z has 0 numbers, expected at least 1"),
    ("log_softmax of a str", lambda m: minirnn.log_softmax("abc"), TypeError, "z must be a list, got 'abc'"),
    ("one_hot index out of range", lambda m: one_hot(4, 4), ValueError,
     "index is 4, expected 0 <= index < size=4"),
    ("one_hot index a float", lambda m: one_hot(1.0, 4), TypeError,
     "index must be an int class index, got 1.0"),
    ("one_hot size 0", lambda m: one_hot(0, 0), ValueError, "size must be >= 1 and <= 16777216, got 0"),
    ("make_data without a task", lambda m: minirnn.make_data(None, 1, 1, random.Random(0)), TypeError,
     "task must be a function of a digit list, got None"),
    ("make_data with a task's name", lambda m: minirnn.make_data("next_mod3", 1, 1, random.Random(0)),
     TypeError,
     "task must be a function of a digit list, got 'next_mod3'"),
    ("make_data without an rng", lambda m: minirnn.make_data(minirnn.next_mod3, 1, 1, 0), TypeError,
     "rng must be a random generator such as make_rng(seed), got 0"),
    ("make_data length 0", lambda m: minirnn.make_data(minirnn.next_mod3, 1, 0, random.Random(0)), ValueError,
     "length must be >= 1 and <= 2147483647, got 0"),
    ("make_data length a float", lambda m: minirnn.make_data(minirnn.next_mod3, 1, 2.0, random.Random(0)),
     TypeError, "length must be an int, got 2.0"),
    ("held_out_accuracy trained_on an int", lambda m: minirnn.held_out_accuracy(m, minirnn.next_mod3, 3, 3),
     TypeError, "trained_on must be an iterable of (xs, ys) pairs, got 3"),
    ("held_out_accuracy trained_on a str", lambda m: minirnn.held_out_accuracy(m, minirnn.next_mod3, 3, "ab"),
     TypeError, "trained_on must be an iterable of (xs, ys) pairs, got 'ab'"),
    ("held_out_accuracy count 0", lambda m: minirnn.held_out_accuracy(m, minirnn.next_mod3, 3, count=0),
     ValueError, "count must be >= 1 and <= 2147483647, got 0"),
    ("held_out_accuracy seed a float", lambda m: minirnn.held_out_accuracy(m, minirnn.next_mod3, 3, seed=1.0),
     TypeError, "seed must be None or an int, got 1.0"),
    ("held_out_accuracy of a task with class 3",
     lambda m: minirnn.held_out_accuracy(m, lambda digits: [3] * len(digits), 3), ValueError,
     "task(digits)[0] is 3, " + N_OUT_3.format("task(digits)[0]")),
    ("held_out_accuracy of a task with a float class",
     lambda m: minirnn.held_out_accuracy(m, lambda digits: [0.0] * len(digits), 3), TypeError,
     "task(digits)[0] must be an int class index, got 0.0"),
    ("held_out_accuracy of a model with 2 inputs",
     lambda m: minirnn.held_out_accuracy(RNN(2, 5, 3, seed=0), minirnn.next_mod3, 3), ValueError,
     "the drawn xs[0] has 3 numbers, expected n_in=2"),
    ("RNN seed a str", lambda m: RNN(3, 5, 3, seed="a"), TypeError, "seed must be None or an int, got 'a'"),
    ("make_rng seed a float", lambda m: minirnn.make_rng(1.0), TypeError,
     "seed must be None or an int, got 1.0"),
    ("from_dict of a list", lambda m: RNN.from_dict([1, 2]), TypeError, "from_dict needs a dict, got a list"),
    ("from_dict of an int", lambda m: RNN.from_dict(5), TypeError, "from_dict needs a dict, got 5"),
    ("from_dict format 2", lambda m: RNN.from_dict(dict(m.to_dict(), format=2)), ValueError,
     f"from_dict: unknown format 2, this is format 1 (minirnn {minirnn.__version__})"),
    ("recurrent None", lambda m: m.train([good_pair()], 1, 0.1, recurrent=None), TypeError,
     "recurrent must be True or False, got None"),
]


@pytest.mark.parametrize("call, error, message", [case[1:] for case in MESSAGES],
                         ids=[case[0] for case in MESSAGES])
def test_messages_name_the_argument_and_show_the_value_briefly(call, error, message):
    model = trained_model()
    before = snapshot(model)
    with pytest.raises(error) as info:
        call(model)
    assert str(info.value) == message
    assert snapshot(model) == before


def test_failed_training_applies_no_update_even_from_good_pairs():
    model = RNN(3, 5, 3, seed=0)
    before = snapshot(model)
    with pytest.raises(ValueError):
        model.train(BAD_DATA, 3, 0.1)                # pairs 0-6 are fine, pair 7 is not
    assert snapshot(model) == before


def test_held_out_accuracy_refuses_a_task_that_is_not_a_function_before_reading_trained_on():
    pairs = iter(minirnn.make_data(minirnn.next_mod3, 2, 3, random.Random(0)))
    with pytest.raises(TypeError) as error:
        minirnn.held_out_accuracy(RNN(3, 4, 3, seed=0), "next_mod3", 3, trained_on=pairs)
    assert str(error.value) == "task must be a function of a digit list, got 'next_mod3'"
    assert len(list(pairs)) == 2                               # trained_on was not read


def test_demo_helpers_check_their_input():
    model = RNN(3, 5, 3, seed=0)
    with pytest.raises(ValueError, match="count must be >= 1"):
        minirnn.make_data(minirnn.next_mod3, 0, 10, random.Random(0))
    with pytest.raises(TypeError, match="length must be an int"):
        minirnn.held_out_accuracy(model, minirnn.next_mod3, 5.0)
    with pytest.raises(ValueError, match=r"data\[1\] ys has 3 targets but data\[1\] xs has 4 steps"):
        minirnn.accuracy(model, [good_pair(), (XS, YS[:3])])
    with pytest.raises(ValueError, match="h0 has 2 numbers"):
        minirnn.gradient_check(model, XS, YS, [0.0, 0.0])


def test_sample_needs_as_many_inputs_as_outputs():
    with pytest.raises(ValueError, match="n_in == n_out"):
        RNN(3, 4, 2, seed=0).sample(0, 3)


@pytest.mark.parametrize("args, error, words", [
    pytest.param((0, 4, 3), ValueError, "n_in must be >= 1", id="n_in 0"),
    pytest.param((3, -2, 3), ValueError, "n_hidden must be >= 1", id="n_hidden -2"),
    pytest.param((3, 4.0, 3), TypeError, "n_hidden must be an int", id="n_hidden a float"),
    pytest.param((3, 4, True), TypeError, "n_out must be an int", id="n_out a bool"),
    pytest.param(("3", 4, 3), TypeError, "n_in must be an int", id="n_in a str"),
])
def test_bad_sizes(args, error, words):
    with pytest.raises(error, match=words):
        RNN(*args)


def test_one_hot():
    assert one_hot(2, 4) == [0.0, 0.0, 1.0, 0.0]
    with pytest.raises(ValueError, match="index is 4"):
        one_hot(4, 4)
    with pytest.raises(TypeError, match="index"):
        one_hot(1.0, 4)
    with pytest.raises(ValueError, match="size must be >= 1"):
        one_hot(0, 0)


# ---------------------------------------------------------------------------
# Hostile values: every public argument against each hostile class of value
# ---------------------------------------------------------------------------

class Fresh:
    """A hostile value built anew for each test (a Flaky list is only flaky once)."""

    def __init__(self, build):
        self.build = build


def deep(levels=10000):
    """A list nested `levels` deep."""
    nested = []
    for _ in range(levels):
        nested = [nested]
    return nested


HUGE = 10 ** 400
NUMBERS = {  # hostile values for an argument that must be a finite number > 0
    "str": "0.1", "none": None, "complex": 1j, "huge int": HUGE, "nan": float("nan"),
    "inf": float("inf"), "bool": True, "list": [0.1], "zero": 0, "negative": -0.5,
}
INTS = {  # hostile values for an int argument (a size, a count, a length)
    "float": 1.5, "str": "3", "none": None, "bool": True, "huge int": HUGE, "list": [3],
    "negative": -1, "2**31": 2 ** 31,
}
SEEDS = {"nan": float("nan"), "str": "a", "tuple of str": ("a", "b"), "bool": True,
         "list": [1], "float": 1.0}
VECTORS = {  # hostile values for a vector of 3 numbers
    "str": "abc", "none": None, "empty": [], "iterator": iter([0.0] * 3), "nested": [[0.0]] * 3,
    "deeply nested": deep(), "huge int": [0.0, HUGE, 0.0], "nan": [0.0, float("nan"), 0.0],
    "bool": [0.0, True, 0.0], "complex": [0.0, 1j, 0.0], "dict": {0: 0.0, 1: 0.0, 2: 0.0},
    "flaky: bad, then good": Fresh(lambda: Flaky([0.0, "x", 0.0], [0.0] * 3)),
    "a million numbers": [0.0] * 10 ** 6,
}
CLASSES = {  # hostile values for a list of 4 targets in [0, 3)
    "str": "0120", "floats": [0.0, 1.0, 2.0, 0.0], "negative": [0, -1, 2, 0],
    "huge int": [0, HUGE, 2, 0], "bool": [0, True, 2, 0], "iterator": iter([0, 1, 2, 0]),
    "flaky: bad, then good": Fresh(lambda: Flaky([0, -1, 2, 0], [0, 1, 2, 0])),
}
DATA = {  # hostile values for a list of (xs, ys) pairs
    "str": "data", "none": None, "empty": [], "iterator": iter([good_pair()]),
    "not a pair": [XS], "triple": [XS + [YS], (XS, YS, YS)], "deeply nested": deep(),
    "flaky pair: bad, then good": Fresh(lambda: [Flaky([XS, [0, 5, 0, 0]], good_pair())]),
}
H3 = [0.0, 0.1, 0.0]


def hostile_calls():
    """(id, call on a 3-5-3 model, words the message must contain) for every public entry point."""
    cases = []

    def add(label, values, make, words):
        for name, value in values.items():
            call = (lambda m, value=value: make(value.build())(m)) if isinstance(value, Fresh) \
                else make(value)
            cases.append((f"{label}={name}", call, words))

    add("train lr", NUMBERS, lambda v: lambda m: m.train([good_pair()], 1, v), "lr")
    optional = lambda values: {k: v for k, v in values.items() if v is not None}  # noqa: E731
    add("train clip", optional(NUMBERS), lambda v: lambda m: m.train([good_pair()], 1, 0.1, clip=v), "clip")
    add("train epochs", INTS, lambda v: lambda m: m.train([good_pair()], v, 0.1), "epochs")
    add("train chunk", optional(INTS), lambda v: lambda m: m.train([good_pair()], 1, 0.1, chunk=v), "chunk")
    add("train data", DATA, lambda v: lambda m: m.train(v, 1, 0.1), "data")
    add("train xs[1]", VECTORS, lambda v: lambda m: m.train([(XS[:1] + [v] + XS[2:], YS)], 1, 0.1),
        "data[0] xs")
    add("train ys", CLASSES, lambda v: lambda m: m.train([(XS, v)], 1, 0.1), "data[0] ys")
    add("loss xs[2]", VECTORS, lambda v: lambda m: m.loss(XS[:2] + [v] + XS[3:], YS), "xs")
    add("loss ys", CLASSES, lambda v: lambda m: m.loss(XS, v), "ys")
    add("loss h0", optional(VECTORS), lambda v: lambda m: m.loss(XS, YS, v), "h0")
    add("loss_and_grads h0", optional(VECTORS), lambda v: lambda m: m.loss_and_grads(XS, YS, v), "h0")
    add("loss_and_grads xs[3]", VECTORS, lambda v: lambda m: m.loss_and_grads(XS[:3] + [v], YS), "xs")
    add("loss_and_grads ys", CLASSES, lambda v: lambda m: m.loss_and_grads(XS, v), "ys")
    add("forward h0", optional(VECTORS), lambda v: lambda m: m.forward(XS, v), "h0")
    add("predict h0", optional(VECTORS), lambda v: lambda m: m.predict(XS, v), "h0")
    add("forward xs[0]", VECTORS, lambda v: lambda m: m.forward([v]), "xs")
    add("predict xs[0]", VECTORS, lambda v: lambda m: m.predict([v] + XS), "xs")
    add("step x", VECTORS, lambda v: lambda m: m.step(v), "x")
    add("step h", optional(VECTORS), lambda v: lambda m: m.step(XS[0], v), "h")
    add("gradient_flow ys", CLASSES, lambda v: lambda m: m.gradient_flow(XS, v), "ys")
    add("gradient_flow xs[1]", VECTORS, lambda v: lambda m: m.gradient_flow(XS[:1] + [v] + XS[2:], YS), "xs")
    add("gradient_flow h0", optional(VECTORS), lambda v: lambda m: m.gradient_flow(XS, YS, v), "h0")
    add("sample temperature", NUMBERS, lambda v: lambda m: m.sample(0, 3, temperature=v),
        "temperature")
    add("sample length", INTS, lambda v: lambda m: m.sample(0, v), "length")
    add("sample first", INTS, lambda v: lambda m: m.sample(v, 3), "first")
    add("sample seed", optional(SEEDS), lambda v: lambda m: m.sample(0, 3, seed=v), "seed")
    add("sample h0", optional(VECTORS), lambda v: lambda m: m.sample(0, 3, h0=v), "h0")
    add("gradient_check eps", optional(NUMBERS), lambda v: lambda m: minirnn.gradient_check(m, XS, YS, eps=v),
        "eps")
    add("gradient_check xs[0]", VECTORS, lambda v: lambda m: minirnn.gradient_check(m, [v], [0]),
        "xs")
    add("gradient_check ys", CLASSES, lambda v: lambda m: minirnn.gradient_check(m, XS, v), "ys")
    add("gradient_check h0", optional(VECTORS), lambda v: lambda m: minirnn.gradient_check(m, XS, YS, v),
        "h0")
    add("accuracy data", DATA, lambda v: lambda m: minirnn.accuracy(m, v), "data")
    add("held_out_accuracy length", INTS,
        lambda v: lambda m: minirnn.held_out_accuracy(m, minirnn.next_mod3, v), "length")
    add("held_out_accuracy count", INTS,
        lambda v: lambda m: minirnn.held_out_accuracy(m, minirnn.next_mod3, 5, count=v), "count")
    add("held_out_accuracy seed", SEEDS,
        lambda v: lambda m: minirnn.held_out_accuracy(m, minirnn.next_mod3, 5, seed=v), "seed")
    add("held_out_accuracy trained_on", {"str": "abc", "int": 3, "not pairs": [XS],
                                         "deeply nested": [deep()]},
        lambda v: lambda m: minirnn.held_out_accuracy(m, minirnn.next_mod3, 5, v), "trained_on")
    add("one_hot index", INTS, lambda v: lambda m: one_hot(v, 3), "index")
    add("one_hot size", INTS, lambda v: lambda m: one_hot(0, v), "size")
    add("softmax z", {name: v for name, v in VECTORS.items() if name != "a million numbers"},
        lambda v: lambda m: minirnn.softmax(v), "z")
    add("log_softmax z", {"empty": [], "nan": [float("nan")], "huge int": [HUGE], "str": "abc"},
        lambda v: lambda m: minirnn.log_softmax(v), "z")
    add("make_data count", INTS,
        lambda v: lambda m: minirnn.make_data(minirnn.next_mod3, v, 3, random.Random(0)), "count")
    add("make_data rng", {"int": 0, "none": None, "str": "rng"},
        lambda v: lambda m: minirnn.make_data(minirnn.next_mod3, 2, 3, v), "rng")
    add("make_data task", {"none": None, "str": "next_mod3"},
        lambda v: lambda m: minirnn.make_data(v, 2, 3, random.Random(0)), "task")
    bad_tasks = {"short": lambda d: d[:-1], "long": lambda d: d + [0], "floats": lambda d: [1.0] * len(d),
                 "bools": lambda d: [True] * len(d), "none": lambda d: None, "a str": lambda d: "012",
                 "out of range": lambda d: [3] * len(d), "negative": lambda d: [-1] * len(d)}
    add("make_data of a bad task", bad_tasks,
        lambda v: lambda m: minirnn.make_data(v, 2, 3, random.Random(0)), "task")
    add("learn a bad task", bad_tasks, lambda v: lambda m: minirnn.learn(v, epochs=1), "task")
    add("held_out_accuracy of a bad task", bad_tasks,
        lambda v: lambda m: minirnn.held_out_accuracy(m, v, 3), "task")
    add("learn seed", SEEDS, lambda v: lambda m: minirnn.learn(minirnn.next_mod3, seed=v), "seed")
    add("learn n_hidden", INTS, lambda v: lambda m: minirnn.learn(minirnn.next_mod3, n_hidden=v),
        "n_hidden")
    add("make_rng seed", SEEDS, lambda v: lambda m: minirnn.make_rng(v), "seed")
    add("RNN seed", SEEDS, lambda v: lambda m: RNN(3, 5, 3, seed=v), "seed")
    add("RNN n_in", INTS, lambda v: lambda m: RNN(v, 5, 3), "n_in")
    model_file = RNN(3, 5, 3, seed=0).to_dict
    add("from_dict W[0][1]", {"huge int": HUGE, "nan": float("nan"), "str": "1", "bool": False},
        lambda v: lambda m: RNN.from_dict(dict(model_file(), W=[[0.0, v, 0.0]] + model_file()["W"][1:])),
        "d['W'][0][1]")
    add("from_dict n_hidden", INTS, lambda v: lambda m: RNN.from_dict(dict(model_file(), n_hidden=v)),
        "d['n_hidden']")
    add("from_dict format", {"2": 2},
        lambda v: lambda m: RNN.from_dict(dict(model_file(), format=v)), "from_dict: unknown format")
    add("from_dict format type", {"str": "1", "bool": True, "float": 1.0},
        lambda v: lambda m: RNN.from_dict(dict(model_file(), format=v)), "d['format'] must be an int")
    return cases


HOSTILE = hostile_calls()


@pytest.mark.parametrize("call, words", [case[1:] for case in HOSTILE], ids=[case[0] for case in HOSTILE])
def test_hostile_arguments_are_refused_briefly_by_name_and_change_nothing(call, words):
    assert_refused_and_unchanged(call, words)


def test_hostile_messages_show_at_most_80_characters_of_the_value():
    message = assert_refused_and_unchanged(lambda m: m.train([good_pair()], 1, "x" * 10 ** 6), "lr")
    assert len(message) < 120
    message = assert_refused_and_unchanged(lambda m: m.loss(XS, YS, h0=[0.0] * 10 ** 6), "h0")
    assert "1000000 numbers" in message


class BadInt(int):
    """An int subclass whose conversion to int fails."""

    def __int__(self):
        raise ZeroDivisionError("BadInt")

    __index__ = __int__


class AlwaysThree:
    """A random generator whose randrange breaks its promise."""

    def randrange(self, n):
        return 3


@pytest.mark.parametrize("eps", [1e-20, 1e-300, 5e-324, 1e-8])
def test_gradient_check_refuses_an_eps_too_small_to_resolve_anything(eps):
    # With eps = 1e-20 the rounding floor is above every gradient: wrong gradients would pass.
    model, xs, ys, h0 = problem(3, 4, 2, 6, True, True, seed=1)
    message = assert_refused_and_unchanged(lambda m: minirnn.gradient_check(m, xs, ys, h0, eps=eps),
                                           "eps must be >=", model)
    assert message == f"eps must be >= 1.5e-08 (the square root of FLOAT_EPSILON), got {eps!r}"
    assert minirnn.gradient_check(model, xs, ys, h0, eps=sys.float_info.epsilon ** 0.5) < 1e-3


@pytest.mark.parametrize("call, words", [
    (lambda m: minirnn.accuracy(None, [good_pair()]), "model must be an RNN, got None"),
    (lambda m: minirnn.held_out_accuracy("model", minirnn.next_mod3, 3), "model must be an RNN, got 'model'"),
    (lambda m: minirnn.gradient_check(None, XS, YS), "model must be an RNN, got None"),
    (lambda m: RNN(BadInt(2), 1, 1), "n_in must be an int, got a BadInt"),
    (lambda m: m.loss(XS, [0, BadInt(1), 2, 0]), "ys[1] must be an int class index, got a BadInt"),
    (lambda m: m.sample(0, 3, seed=BadInt(1)), "seed must be None or an int, got a BadInt"),
    (lambda m: one_hot(BadInt(1), 3), "index must be an int class index, got a BadInt"),
    (lambda m: minirnn.learn(minirnn.next_mod3, sequences=0),
     "sequences must be >= 1 and <= 2147483647, got 0"),
    (lambda m: minirnn.make_data(minirnn.next_mod3, 2, 3, AlwaysThree()),
     "rng.randrange(3) is 3, expected 0 <= rng.randrange(3) < n=3"),
    (lambda m: RNN.from_dict(dict(m.to_dict(), format=1.0)), "d['format'] must be an int, got 1.0"),
    (lambda m: RNN(type("L" * 600, (), {})(), 1, 1), "n_in must be an int, got a " + "L" * 40),
], ids=["accuracy model", "held_out_accuracy model", "gradient_check model", "int subclass size",
        "int subclass class", "int subclass seed", "int subclass index", "learn sequences",
        "rng out of range", "format float", "long type name"])
def test_unusual_arguments_get_a_named_value_or_type_error(call, words):
    assert assert_refused_and_unchanged(call, words) == words          # the whole message


@pytest.mark.parametrize("text, shown", [
    ("\x00" * 17, repr("\x00" * 17)),                            # its repr is 70 characters: whole
    ("\x00" * 17 + "a", repr("\x00" * 17 + "a")[:70] + "..."),    # 71: cut to 70, and "..."
    ("\x00" * 60, repr("\x00" * 60)[:70] + "..."),
    ("a" * 61, repr("a" * 60) + "..."),                           # more than 60 characters
])
def test_a_string_is_shown_as_its_repr_cut_to_70_characters(text, shown):
    assert len(repr(text[:60])) in (70, 71, 242, 62)
    with pytest.raises(TypeError) as error:
        RNN(text, 1, 1)
    assert str(error.value) == "n_in must be an int, got " + shown


@pytest.mark.parametrize("text", ["\x00" * 100, "\U000e0000" * 100, "é" * 100, "'\"" * 100])
def test_a_string_with_escapes_is_shown_briefly(text):
    with pytest.raises(TypeError) as error:
        RNN(text, 1, 1)
    assert len(str(error.value)) <= 200 and str(error.value).endswith("...")


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


BAD_TASKS = [  # (id, task, exception, the whole message)
    ("None", lambda d: None, TypeError, "task must return a list of classes, got None"),
    ("a str", lambda d: "012", TypeError, "task must return a list of classes, got '012'"),
    ("an iterator", lambda d: iter(d), TypeError,                 # PyPy: a sequenceiterator
     "task must return a list of classes, got a " + type(iter([])).__name__),
    ("too few", lambda d: d[:-1], ValueError, "task returned 2 classes for 3 digits"),
    ("too many", lambda d: d + [0], ValueError, "task returned 4 classes for 3 digits"),
    ("none at all", lambda d: [], ValueError, "task returned 0 classes for 3 digits"),
    ("floats", lambda d: [0, 1, 2.0], TypeError, "task(digits)[2] must be an int class index, got 2.0"),
    ("bools", lambda d: [False] + d[1:], TypeError, "task(digits)[0] must be an int class index, got False"),
    ("class 3", lambda d: [0, 3, 0], ValueError,
     "task(digits)[1] is 3, expected 0 <= task(digits)[1] < n_out=3"),
    ("class -1", lambda d: [0, 0, -1], ValueError,
     "task(digits)[2] is -1, expected 0 <= task(digits)[2] < n_out=3"),
]
TASK_CALLS = {
    "make_data": lambda task: minirnn.make_data(task, 2, 3, random.Random(0)),
    "learn": lambda task: minirnn.learn(task, n_hidden=2, sequences=2, length=3, epochs=1),
    "held_out_accuracy": lambda task: minirnn.held_out_accuracy(RNN(3, 2, 3, seed=0), task, 3),
}


@pytest.mark.parametrize("call", sorted(TASK_CALLS))
@pytest.mark.parametrize("task, error, message", [case[1:] for case in BAD_TASKS],
                         ids=[c[0] for c in BAD_TASKS])
def test_what_a_task_returns_is_checked_and_task_named(call, task, error, message):
    with pytest.raises(error) as info:
        TASK_CALLS[call](task)
    assert str(info.value) == message


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


HUGE_INTS = {"10**4000": 10 ** 4000, "10**5000": 10 ** 5000, "-10**5000": -10 ** 5000}
HUGE_CALLS = {  # (call with the value v, the words its message starts with)
    "RNN n_in": (lambda m, v: RNN(v, 2, 2), "n_in"),
    "RNN n_out": (lambda m, v: RNN(2, 2, v), "n_out"),
    "RNN seed": (lambda m, v: RNN(2, 2, 2, seed=v), None),
    "train epochs": (lambda m, v: m.train([good_pair()], v, 0.1), "epochs"),
    "train lr": (lambda m, v: m.train([good_pair()], 1, v), "lr"),
    "train clip": (lambda m, v: m.train([good_pair()], 1, 0.1, clip=v), "clip"),
    "train chunk": (lambda m, v: m.train([good_pair()], 1, 0.1, chunk=v), "chunk"),
    "train xs": (lambda m, v: m.train([([[0.0, v, 0.0]] + XS[1:], YS)], 1, 0.1), "data[0] xs[0][1]"),
    "train ys": (lambda m, v: m.train([(XS, [0, v, 0, 0])], 1, 0.1), "data[0] ys[1]"),
    "loss xs": (lambda m, v: m.loss(XS[:3] + [[v, 0.0, 0.0]], YS), "xs[3][0]"),
    "loss ys": (lambda m, v: m.loss(XS, [0, 0, 0, v]), "ys[3]"),
    "loss h0": (lambda m, v: m.loss(XS, YS, [0.0, 0.0, 0.0, 0.0, v]), "h0[4]"),
    "step x": (lambda m, v: m.step([v, 0, 0]), "x[0]"),
    "sample first": (lambda m, v: m.sample(v, 3), "first"),
    "sample length": (lambda m, v: m.sample(0, v), "length"),
    "sample temperature": (lambda m, v: m.sample(0, 3, temperature=v), "temperature"),
    "gradient_check eps": (lambda m, v: minirnn.gradient_check(m, XS, YS, eps=v), "eps"),
    "one_hot index": (lambda m, v: one_hot(v, 3), "index"),
    "one_hot size": (lambda m, v: one_hot(0, v), "size"),
    "softmax z": (lambda m, v: minirnn.softmax([0.0, v]), "z[1]"),
    "log_softmax z": (lambda m, v: minirnn.log_softmax([v]), "z[0]"),
    "make_data count": (lambda m, v: minirnn.make_data(minirnn.next_mod3, v, 3, random.Random(0)), "count"),
    "make_data length": (lambda m, v: minirnn.make_data(minirnn.next_mod3, 3, v, random.Random(0)), "length"),
    "make_data task": (lambda m, v: minirnn.make_data(lambda d: [v] * len(d), 1, 3, random.Random(0)),
                       "task(digits)[0]"),
    "held_out_accuracy length": (lambda m, v: minirnn.held_out_accuracy(m, minirnn.next_mod3, v), "length"),
    "held_out_accuracy count": (lambda m, v: minirnn.held_out_accuracy(m, minirnn.next_mod3, 3, count=v),
                                "count"),
    "held_out_accuracy trained_on": (lambda m, v: minirnn.held_out_accuracy(
        m, minirnn.next_mod3, 3, [([[v, 0.0, 0.0]], [0])]), "trained_on[0] xs[0][0]"),
    "accuracy ys": (lambda m, v: minirnn.accuracy(m, [(XS, [v] * 4)]), "data[0] ys[0]"),
    "learn sequences": (lambda m, v: minirnn.learn(minirnn.next_mod3, sequences=v), "sequences"),
    "learn epochs": (lambda m, v: minirnn.learn(minirnn.next_mod3, sequences=1, length=1, epochs=v),
                     "epochs"),
    "from_dict format": (lambda m, v: RNN.from_dict(dict(m.to_dict(), format=v)),
                         "from_dict: unknown format"),
    "from_dict n_in": (lambda m, v: RNN.from_dict(dict(m.to_dict(), n_in=v)), "d['n_in']"),
    "from_dict b_o": (lambda m, v: RNN.from_dict(dict(m.to_dict(), b_o=[0.0, 0.0, v])), "d['b_o'][2]"),
}


@pytest.mark.parametrize("value", sorted(HUGE_INTS))
@pytest.mark.parametrize("name", sorted(HUGE_CALLS))
def test_huge_ints_get_short_messages_naming_the_argument(name, value):
    call, words = HUGE_CALLS[name]
    v = HUGE_INTS[value]
    if words is None:                                    # any int seeds: nothing to refuse
        assert RNN(2, 2, 2, seed=v).to_dict() != RNN(2, 2, 2, seed=v + 1).to_dict()
        return
    message = assert_refused_and_unchanged(lambda m: call(m, v), words)
    assert "an int of more than 18 digits" in message or "must be >" in message or "must be a" in message


RNN_2_3_4 = lambda **changes: dict(RNN(2, 3, 4, seed=0).to_dict(), **changes)  # noqa: E731
BOTH_WAYS = [  # (id, call on a 3-5-3 model, exception, the whole message): the other direction of each check
    ("loss: ys longer than xs", lambda m: m.loss(XS, YS + [0]), ValueError,
     "ys has 5 targets but xs has 4 steps"),
    ("loss_and_grads: ys longer", lambda m: m.loss_and_grads(XS[:1], YS), ValueError,
     "ys has 4 targets but xs has 1 steps"),
    ("gradient_flow: ys longer", lambda m: m.gradient_flow(XS[:2], YS), ValueError,
     "ys has 4 targets but xs has 2 steps"),
    ("gradient_check: ys longer", lambda m: minirnn.gradient_check(m, XS[:3], YS), ValueError,
     "ys has 4 targets but xs has 3 steps"),
    ("train: ys longer", lambda m: m.train([good_pair(), (XS[:3], YS)], 1, 0.1), ValueError,
     "data[1] ys has 4 targets but data[1] xs has 3 steps"),
    ("accuracy: ys longer", lambda m: minirnn.accuracy(m, [(XS[:3], YS)]), ValueError,
     "data[0] ys has 4 targets but data[0] xs has 3 steps"),
    ("held_out_accuracy: trained_on ys longer",
     lambda m: minirnn.held_out_accuracy(m, minirnn.next_mod3, 3, [(XS[:3], YS)]), ValueError,
     "trained_on[0] ys has 4 targets but trained_on[0] xs has 3 steps"),
    ("held_out_accuracy: trained_on xs[0] too long",
     lambda m: minirnn.held_out_accuracy(m, minirnn.next_mod3, 3, [([[0.0] * 4], [0])]), ValueError,
     "trained_on[0] xs[0] has 4 numbers, expected n_in=3"),
    ("held_out_accuracy: a model with 4 inputs",
     lambda m: minirnn.held_out_accuracy(RNN(4, 5, 3, seed=0), minirnn.next_mod3, 3), ValueError,
     "the drawn xs[0] has 3 numbers, expected n_in=4"),
    ("forward: xs[1] too long", lambda m: m.forward([XS[0], [0.0] * 4]), ValueError,
     "xs[1] has 4 numbers, expected n_in=3"),
    ("step: x too long", lambda m: m.step([0.0] * 4), ValueError, "x has 4 numbers, expected n_in=3"),
    ("gradient_flow: xs[0] too long", lambda m: m.gradient_flow([[0.0] * 4] + XS[1:], YS), ValueError,
     "xs[0] has 4 numbers, expected n_in=3"),
    ("gradient_check: xs[3] too long", lambda m: minirnn.gradient_check(m, XS[:3] + [[0.0] * 4], YS),
     ValueError,
     "xs[3] has 4 numbers, expected n_in=3"),
    ("train: xs[0] too long", lambda m: m.train([([[0.0] * 4] + XS[1:], YS)], 1, 0.1), ValueError,
     "data[0] xs[0] has 4 numbers, expected n_in=3"),
    ("loss: h0 too long", lambda m: m.loss(XS, YS, [0.0] * 6), ValueError,
     "h0 has 6 numbers, expected n_hidden=5"),
    ("loss_and_grads: h0 too short", lambda m: m.loss_and_grads(XS, YS, [0.0] * 4), ValueError,
     "h0 has 4 numbers, expected n_hidden=5"),
    ("forward: h0 too long", lambda m: m.forward(XS, [0.0] * 6), ValueError,
     "h0 has 6 numbers, expected n_hidden=5"),
    ("forward: h0 too short", lambda m: m.forward(XS, [0.0] * 4), ValueError,
     "h0 has 4 numbers, expected n_hidden=5"),
    ("predict: h0 too long", lambda m: m.predict(XS, [0.0] * 6), ValueError,
     "h0 has 6 numbers, expected n_hidden=5"),
    ("step: h too short", lambda m: m.step(XS[0], [0.0] * 4), ValueError,
     "h has 4 numbers, expected n_hidden=5"),
    ("gradient_flow: h0 too long", lambda m: m.gradient_flow(XS, YS, [0.0] * 6), ValueError,
     "h0 has 6 numbers, expected n_hidden=5"),
    ("sample: h0 too long", lambda m: m.sample(0, 3, h0=[0.0] * 6), ValueError,
     "h0 has 6 numbers, expected n_hidden=5"),
    ("gradient_check: h0 too long", lambda m: minirnn.gradient_check(m, XS, YS, [0.0] * 6), ValueError,
     "h0 has 6 numbers, expected n_hidden=5"),
    ("loss_and_grads: class n_out", lambda m: m.loss_and_grads(XS, [0, 0, 0, 3]), ValueError,
     "ys[3] is 3, " + N_OUT_3.format("ys[3]")),
    ("gradient_flow: class n_out", lambda m: m.gradient_flow(XS, [3, 0, 0, 0]), ValueError,
     "ys[0] is 3, " + N_OUT_3.format("ys[0]")),
    ("gradient_flow: class -1", lambda m: m.gradient_flow(XS, [0, 0, 0, -1]), ValueError,
     "ys[3] is -1, " + N_OUT_3.format("ys[3]")),
    ("train: class -1", lambda m: m.train([(XS, [-1, 0, 0, 0])], 1, 0.1), ValueError,
     "data[0] ys[0] is -1, " + N_OUT_3.format("data[0] ys[0]")),
    ("accuracy: class n_out", lambda m: minirnn.accuracy(m, [(XS, [0, 3, 0, 0])]), ValueError,
     "data[0] ys[1] is 3, " + N_OUT_3.format("data[0] ys[1]")),
    ("gradient_check: class -1", lambda m: minirnn.gradient_check(m, XS, [0, -1, 0, 0]), ValueError,
     "ys[1] is -1, " + N_OUT_3.format("ys[1]")),
    ("sample: first -1", lambda m: m.sample(-1, 3), ValueError, "first is -1, expected 0 <= first < n_in=3"),
    ("sample: n_in > n_out", lambda m: RNN(3, 2, 2, seed=0).sample(0, 3), ValueError,
     "sample needs n_in == n_out, got n_in=3, n_out=2"),
    ("sample: n_in < n_out", lambda m: RNN(2, 2, 3, seed=0).sample(0, 3), ValueError,
     "sample needs n_in == n_out, got n_in=2, n_out=3"),
    ("one_hot: index -1", lambda m: one_hot(-1, 3), ValueError, "index is -1, expected 0 <= index < size=3"),
    ("from_dict: format 0", lambda m: RNN.from_dict(RNN_2_3_4(format=0)), ValueError,
     f"from_dict: unknown format 0, this is format 1 (minirnn {minirnn.__version__})"),
    ("from_dict: format -1", lambda m: RNN.from_dict(RNN_2_3_4(format=-1)), ValueError,
     f"from_dict: unknown format -1, this is format 1 (minirnn {minirnn.__version__})"),
    ("from_dict: format 10**4000", lambda m: RNN.from_dict(RNN_2_3_4(format=10 ** 4000)), ValueError,
     "from_dict: unknown format an int of more than 18 digits, this is format 1"
     f" (minirnn {minirnn.__version__})"),
    ("from_dict: W with 4 rows", lambda m: RNN.from_dict(RNN_2_3_4(W=[[0.0] * 2] * 4)), ValueError,
     "d['W'] has 4 rows, expected n_hidden=3"),
    ("from_dict: W's last row long", lambda m: RNN.from_dict(RNN_2_3_4(W=[[0.0] * 2] * 2 + [[0.0] * 3])),
     ValueError, "d['W'][2] has 3 numbers, expected n_in=2"),
    ("from_dict: U with 4 rows", lambda m: RNN.from_dict(RNN_2_3_4(U=[[0.0] * 3] * 4)), ValueError,
     "d['U'] has 4 rows, expected n_hidden=3"),
    ("from_dict: U with 4 columns", lambda m: RNN.from_dict(RNN_2_3_4(U=[[0.0] * 4] * 3)), ValueError,
     "d['U'][0] has 4 numbers, expected n_hidden=3"),
    ("from_dict: V with 5 rows", lambda m: RNN.from_dict(RNN_2_3_4(V=[[0.0] * 3] * 5)), ValueError,
     "d['V'] has 5 rows, expected n_out=4"),
    ("from_dict: V's last row long", lambda m: RNN.from_dict(RNN_2_3_4(V=[[0.0] * 3] * 3 + [[0.0] * 4])),
     ValueError, "d['V'][3] has 4 numbers, expected n_hidden=3"),
    ("from_dict: b_h of 4", lambda m: RNN.from_dict(RNN_2_3_4(b_h=[0.0] * 4)), ValueError,
     "d['b_h'] has 4 numbers, expected n_hidden=3"),
    ("from_dict: b_o of 5", lambda m: RNN.from_dict(RNN_2_3_4(b_o=[0.0] * 5)), ValueError,
     "d['b_o'] has 5 numbers, expected n_out=4"),
    ("from_dict: n_out 2**24 + 1", lambda m: RNN.from_dict(RNN_2_3_4(n_out=2 ** 24 + 1)), ValueError,
     "d['n_out'] must be >= 1 and <= 16777216, got 16777217"),
    ("from_dict: n_in of 10**5000", lambda m: RNN.from_dict(RNN_2_3_4(n_in=10 ** 5000)), ValueError,
     "d['n_in'] must be >= 1 and <= 16777216, got an int of more than 18 digits"),
    ("from_dict: sizes beyond the cap", lambda m: RNN.from_dict(RNN_2_3_4(n_in=4097, n_hidden=4096, n_out=1)),
     ValueError,
     "d['n_in']=4097, d['n_hidden']=4096, d['n_out']=1 make 33566721 parameters, more than 16777216"),
    ("RNN: sizes in the message in their order", lambda m: RNN(1, 4096, 4097), ValueError,
     "n_in=1, n_hidden=4096, n_out=4097 make 33570817 parameters, more than 16777216"),
    ("held_out_accuracy: everything in trained_on",
     lambda m: minirnn.held_out_accuracy(m, minirnn.next_mod3, 1, minirnn.make_data(minirnn.next_mod3, 30, 1,
                                                                                    random.Random(0))),
     ValueError, "held_out_accuracy: all 100 sequences drawn are in trained_on"),
    ("held_out_accuracy: count 2, everything in trained_on",
     lambda m: minirnn.held_out_accuracy(m, minirnn.next_mod3, 1, minirnn.make_data(minirnn.next_mod3, 30, 1,
                                                                                    random.Random(0)),
                                         count=2),
     ValueError, "held_out_accuracy: all 2 sequences drawn are in trained_on"),
    ("RNN: n_in 0", lambda m: RNN(0, 4, 3), ValueError, "n_in must be >= 1 and <= 16777216, got 0"),
    ("RNN: n_hidden a float", lambda m: RNN(3, 4.0, 3), TypeError, "n_hidden must be an int, got 4.0"),
    ("RNN: n_out a bool", lambda m: RNN(3, 4, True), TypeError, "n_out must be an int, got True"),
    ("make_data: count 0", lambda m: minirnn.make_data(minirnn.next_mod3, 0, 10, random.Random(0)),
     ValueError,
     "count must be >= 1 and <= 2147483647, got 0"),
    ("make_data: count 2**31", lambda m: minirnn.make_data(minirnn.next_mod3, 2 ** 31, 10, random.Random(0)),
     ValueError, "count must be >= 1 and <= 2147483647, got 2147483648"),
    ("sample: length 2**31", lambda m: m.sample(0, 2 ** 31), ValueError,
     "length must be >= 0 and <= 2147483647, got 2147483648"),
    ("train: epochs 2**31", lambda m: m.train([good_pair()], 2 ** 31, 0.1), ValueError,
     "epochs must be >= 0 and <= 2147483647, got 2147483648"),
    ("held_out_accuracy: length 2**31", lambda m: minirnn.held_out_accuracy(m, minirnn.next_mod3, 2 ** 31),
     ValueError, "length must be >= 1 and <= 2147483647, got 2147483648"),
]


@pytest.mark.parametrize("call, error, message", [case[1:] for case in BOTH_WAYS],
                         ids=[case[0] for case in BOTH_WAYS])
def test_every_check_in_both_directions_gives_its_whole_message_and_changes_nothing(call, error, message):
    model = trained_model()
    live, before = live_lists(model), snapshot(model)
    with pytest.raises(error) as info:
        call(model)
    assert str(info.value) == message
    assert snapshot(model) == before
    assert_same_lists(model, live)


def test_limits_themselves_are_accepted():
    model = trained_model()
    twin = RNN.from_dict(model.to_dict())
    assert model.train([good_pair()], 1, 0.1, chunk=2 ** 31 - 1) == twin.train([good_pair()], 1, 0.1)
    assert model.sample(0, 0) == [] and model.train([good_pair()], 0, 0.1) == []
    assert minirnn.held_out_accuracy(model, minirnn.next_mod3, 1, count=1) in (0.0, 1.0)
    assert model.loss(XS, [2, 0, 2, 2]) > 0 and one_hot(0, 1) == [1.0]


def corrupt(key, value):
    """A valid to_dict of a 2-3-4 model (n_in, n_hidden, n_out all different) with d[key] replaced."""
    d = RNN(2, 3, 4, seed=0).to_dict()
    if value is KeyError:
        del d[key]
    else:
        d[key] = value
    return d


MALFORMED = [  # (id, d, exception, the whole message)
    ("a list", [1, 2], TypeError, "from_dict needs a dict, got a list"),
    ("format 2", corrupt("format", 2), ValueError,
     f"from_dict: unknown format 2, this is format 1 (minirnn {minirnn.__version__})"),
    ("format True", corrupt("format", True), TypeError, "d['format'] must be an int, got True"),
] + [(f"no {key}", corrupt(key, KeyError), ValueError, f"from_dict: missing key {key!r}")
     for key in ("n_in", "n_hidden", "n_out", "W", "U", "V", "b_h", "b_o")] + [
    ("n_hidden 0", corrupt("n_hidden", 0), ValueError, "d['n_hidden'] must be >= 1 and <= 16777216, got 0"),
    ("n_in a float", corrupt("n_in", 2.0), TypeError, "d['n_in'] must be an int, got 2.0"),
    ("W with 2 rows", corrupt("W", [[0.0, 0.0]] * 2), ValueError, "d['W'] has 2 rows, expected n_hidden=3"),
    ("W with n_hidden columns", corrupt("W", [[0.0] * 3] * 3), ValueError,
     "d['W'][0] has 3 numbers, expected n_in=2"),
    ("W's last row short", corrupt("W", [[0.0] * 2, [0.0] * 2, [0.0]]), ValueError,
     "d['W'][2] has 1 numbers, expected n_in=2"),
    ("U's last row short", corrupt("U", [[0.0] * 3, [0.0] * 3, [0.0] * 2]), ValueError,
     "d['U'][2] has 2 numbers, expected n_hidden=3"),
    ("U with 2 rows", corrupt("U", [[0.0] * 3] * 2), ValueError, "d['U'] has 2 rows, expected n_hidden=3"),
    ("V with n_hidden rows", corrupt("V", [[0.0] * 3] * 3), ValueError,
     "d['V'] has 3 rows, expected n_out=4"),
    ("V with n_in columns", corrupt("V", [[0.0] * 2] * 4), ValueError,
     "d['V'][0] has 2 numbers, expected n_hidden=3"),
    ("a str in V", corrupt("V", [[0.0, "x", 0.0]] + [[0.0] * 3] * 3), TypeError,
     "d['V'][0][1] must be a number, got 'x'"),
    ("nan in b_h", corrupt("b_h", [0.0, float("nan"), 0.0]), ValueError,
     "d['b_h'][1] must be finite, got nan"),
    ("b_h of n_in", corrupt("b_h", [0.0] * 2), ValueError, "d['b_h'] has 2 numbers, expected n_hidden=3"),
    ("b_o of 1", corrupt("b_o", [0.0]), ValueError, "d['b_o'] has 1 numbers, expected n_out=4"),
    ("W a str", corrupt("W", "not a matrix"), TypeError, "d['W'] must be a list, got 'not a matrix'"),
]


@pytest.mark.parametrize("d, error, message", [case[1:] for case in MALFORMED],
                         ids=[case[0] for case in MALFORMED])
def test_from_dict_rejects_malformed_input(d, error, message):
    with pytest.raises(error) as info:
        RNN.from_dict(d)
    assert str(info.value) == message
