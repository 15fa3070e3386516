"""Builders the test files share: models and problems, what a model holds, refusals.

Nothing here is a test; test_minirnn.py and tests/test_*.py import what they use.
"""
import json
import math
import os
import random

import pytest

from minirnn import RNN, one_hot

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))   # the repository
SOURCE = os.path.join(ROOT, "minirnn.py")
PARAMS = ("W", "U", "V", "b_h", "b_o")


# Models and problems to test on

def flat(value):
    """The numbers of a vector, or of a matrix row by row, as one list."""
    return [v for row in value for v in row] if isinstance(value[0], list) else list(value)


def problem(n_in, n_hidden, n_out, length, dense, random_h0, seed, scale=2.0):
    """A model with weights scaled up (tanh far from linear) and a sequence for it."""
    rng = random.Random(seed)
    model = RNN(n_in, n_hidden, n_out, seed=seed)
    for name in PARAMS:
        value = getattr(model, name)
        for row in (value if isinstance(value[0], list) else [value]):
            for i in range(len(row)):
                row[i] = rng.uniform(-scale, scale)
    if dense:
        xs = [[rng.uniform(-1.5, 1.5) for _ in range(n_in)] for _ in range(length)]
    else:
        xs = [one_hot(rng.randrange(n_in), n_in) for _ in range(length)]
    ys = [rng.randrange(n_out) for _ in range(length)]
    h0 = [rng.uniform(-0.9, 0.9) for _ in range(n_hidden)] if random_h0 else [0.0] * n_hidden
    return model, xs, ys, h0


def good_pair(length=4):
    """A valid (xs, ys) pair for a 3-5-3 model."""
    return [one_hot(t % 3, 3) for t in range(length)], [t % 3 for t in range(length)]


XS, YS = good_pair()


def trained_model():
    """A 3-5-3 model after one epoch of training."""
    model = RNN(3, 5, 3, seed=0)
    model.train([good_pair()], 1, 0.1)
    return model


def unsure_model():
    """A 3-6-3 model, untrained and far from confident: every class is likely at every step."""
    model = RNN(3, 6, 3, seed=1)
    h = None
    for k in (0, 1, 2, 2, 1, 0):
        y_hat, h = model.step(one_hot(k, 3), h)
        assert max(y_hat) < 0.6
    return model


# What a model holds

def params_of(model):
    return {name: flat(getattr(model, name)) for name in PARAMS}


def plain_floats(model):
    """Whether every parameter entry is a plain float (not a subclass)."""
    return all(type(v) is float for _, value in model.params() for v in flat(value))


def snapshot(model):
    """A deep copy of the model's parameters."""
    return json.loads(json.dumps(model.to_dict()))


def live_lists(model):
    """Every parameter list and row of the model, to check with `is` that they stay the same objects."""
    return [value for _, value in model.params()] + [row for _, value in model.params()
                                                      if isinstance(value[0], list) for row in value]


def assert_same_lists(model, live):
    assert len(live_lists(model)) == len(live)
    assert all(now is before for now, before in zip(live_lists(model), live))


def gradient_norm_of(model, xs, ys, names=PARAMS):
    grads = model.loss_and_grads(xs, ys)[1]
    return math.sqrt(sum(g * g for name in names for g in flat(grads[name])))


# Refusals

def assert_refused_and_unchanged(call, words, model=None):
    """call(model) raises ValueError or TypeError with a short message that starts with
    `words` (the argument's name), and the model keeps the same lists with the same values."""
    model = model or trained_model()
    live = [value for _, value in model.params()]
    before = snapshot(model)
    with pytest.raises((ValueError, TypeError)) as info:
        call(model)
    message = str(info.value)
    assert message.startswith(words) and len(message) <= 200, message
    assert snapshot(model) == before
    assert all(value is same for (_, value), same in zip(model.params(), live))
    return message


class Flaky(list):
    """A list whose contents change after the first read (iteration)."""

    def __init__(self, first, later):
        super().__init__(first)
        self.later, self.reads = later, 0

    def __iter__(self):
        self.reads += 1
        return iter(list(super().__iter__()) if self.reads == 1 else self.later)


def ragged_data(seed, n_in=3, n_out=3, lengths=(5, 3, 7)):
    """Sequences of different lengths with dense inputs and random targets."""
    rng = random.Random(seed)
    return [([[rng.uniform(-1, 1) for _ in range(n_in)] for _ in range(length)],
             [rng.randrange(n_out) for _ in range(length)]) for length in lengths]
