"""At the edges: hostile callers, interrupts, extreme magnitudes. No silent wrong answer, no
silent NaN, nothing half-applied: a model is never corrupted and never lies.

    python3 -m pytest tests/test_edges.py
"""
import decimal
import fractions
import json
import math
import random
import sys

import pytest

import minirnn
from minirnn import RNN, one_hot
from tests.helpers import (
    Flaky, PARAMS, XS, YS, assert_refused_and_unchanged, assert_same_lists, flat,
    good_pair, gradient_norm_of, live_lists, params_of, plain_floats, problem, ragged_data,
    snapshot, trained_model, unsure_model)


# ---------------------------------------------------------------------------
# Nothing a caller passes can corrupt a model or make it lie: overflows, values read once,
# interrupts and divergence
# ---------------------------------------------------------------------------

class Int(int):
    """An int subclass (as numpy's or an IntEnum's): its value counts, as a plain int."""


class Interrupt(BaseException):
    """Stands in for KeyboardInterrupt (which pytest would treat as the user stopping it)."""


def overflowing_model():
    """A 3-2-3 model whose output scores overflow for every input: V is all 1e308, a_h near 1."""
    return RNN.from_dict({"n_in": 3, "n_hidden": 2, "n_out": 3, "W": [[0.0] * 3] * 2, "U": [[0.0] * 2] * 2,
                          "V": [[1e308, 1e308]] * 3, "b_h": [5.0, 5.0], "b_o": [0.0] * 3})


OVERFLOWS = {  # a call that would give non-finite numbers, and what the message says overflowed
    "forward": (lambda m: m.forward(XS), "the scores s_o overflowed to inf"),
    "predict": (lambda m: m.predict(XS), "the scores s_o overflowed to inf"),
    "step": (lambda m: m.step(XS[0]), "the scores s_o overflowed to inf"),
    "sample": (lambda m: m.sample(0, 3, seed=0), "the scores s_o overflowed to inf"),
    "accuracy": (lambda m: minirnn.accuracy(m, [good_pair()]), "the scores s_o overflowed to inf"),
    "held_out_accuracy": (lambda m: minirnn.held_out_accuracy(m, minirnn.next_mod3, 3),
                          "the scores s_o overflowed to inf"),
    "loss": (lambda m: m.loss(XS, YS), "the loss overflowed to nan"),
    "loss_and_grads": (lambda m: m.loss_and_grads(XS, YS), "the loss overflowed to nan"),
    "gradient_flow": (lambda m: m.gradient_flow(XS, YS), "the gradient flow overflowed to nan"),
}


@pytest.mark.parametrize("name", sorted(OVERFLOWS))
def test_overflow_is_an_error_that_says_what_overflowed(name):
    call, what = OVERFLOWS[name]
    model = overflowing_model()
    before = snapshot(model)
    with pytest.raises(ValueError) as info:
        call(model)
    assert str(info.value) == what + ": the inputs or the weights are too large"
    assert snapshot(model) == before


def test_an_update_that_overflows_the_parameters_stops_training():
    # One sequence, so no later loss sees the damage: only the check of the parameters can.
    model = trained_model()
    before, live = snapshot(model), [value for _, value in model.params()]
    with pytest.raises(ValueError) as info:
        model.train([good_pair(8)], 1, 1e308)            # lr * db_o overflows to inf
    assert str(info.value) == ("training diverged in epoch 1: the parameters are no longer finite; the model"
                               " is back to its parameters at the start of epoch 1."
                               " Try a smaller lr, or clip.")
    assert snapshot(model) == before
    assert all(value is same for (_, value), same in zip(model.params(), live))


class OddFloat(float):
    """A float subclass whose arithmetic fails: only its value may be used."""

    def __mul__(self, other):
        raise RuntimeError("OddFloat arithmetic")

    __rmul__ = __add__ = __radd__ = __sub__ = __rsub__ = __truediv__ = __rtruediv__ = __mul__


def test_values_are_read_once_into_plain_floats_and_ints():
    model, twin = trained_model(), trained_model()
    odd_xs = [[OddFloat(v) for v in x] for x in XS]
    flaky_xs = Flaky(XS, [[float("nan")] * 3] * 4)       # good at the first read, NaN later
    flaky_ys = Flaky(YS, [0, -1, 2, 0])                   # a -1 after the check would train class 2
    expected = twin.train([good_pair()], 2, 0.1, clip=1.0)
    assert model.train([(flaky_xs, flaky_ys)], 2, OddFloat(0.1), clip=OddFloat(1.0)) == expected
    assert model.to_dict() == twin.to_dict() and plain_floats(model)
    assert model.train([(odd_xs, YS)], 1, 0.1) == twin.train([good_pair()], 1, 0.1)
    assert model.loss([tuple(x) for x in XS], tuple(YS), h0=(0.0,) * 5) == twin.loss(XS, YS)
    assert model.step((1, 0, 0), [0] * 5) == twin.step([1.0, 0.0, 0.0])


def test_int_subclasses_are_read_as_plain_ints():
    model = trained_model()
    classes = [Int(y) for y in YS]                        # 0, 1, 2, 0: both ends of the range
    assert model.loss(XS, classes) == model.loss(XS, YS)
    assert model.train([(XS, classes)], 1, 0.1) == trained_model().train([good_pair()], 1, 0.1)
    assert one_hot(Int(0), Int(3)) == [1.0, 0.0, 0.0] and one_hot(Int(2), 3) == [0.0, 0.0, 1.0]
    assert model.sample(Int(0), Int(4), seed=1) == model.sample(0, 4, seed=1)
    small = RNN(Int(1), Int(2), Int(1), seed=Int(4))
    assert small.to_dict() == RNN(1, 2, 1, seed=4).to_dict()
    assert all(type(v) is int for v in (small.n_in, small.n_hidden, small.n_out))
    for bad in (Int(3), Int(-1)):
        with pytest.raises(ValueError, match=r"ys\[1\] is " + str(int(bad))):
            model.loss(XS, [0, bad, 0, 0])


TUPLE_XS, TUPLE_YS, TUPLE_H = tuple(tuple(x) for x in XS), tuple(YS), (0.1, -0.2, 0.3, 0.0, 0.5)
TUPLE_CALLS = {  # each call with tuples where README says "lists": the same result as with lists
    "loss": lambda m, t: m.loss(*((TUPLE_XS, TUPLE_YS, TUPLE_H) if t else (XS, YS, list(TUPLE_H)))),
    "loss_and_grads": lambda m, t: m.loss_and_grads(*((TUPLE_XS, TUPLE_YS, TUPLE_H) if t
                                                      else (XS, YS, list(TUPLE_H)))),
    "forward": lambda m, t: m.forward(*((TUPLE_XS, TUPLE_H) if t else (XS, list(TUPLE_H)))),
    "predict": lambda m, t: m.predict(*((TUPLE_XS, TUPLE_H) if t else (XS, list(TUPLE_H)))),
    "step": lambda m, t: m.step(*((TUPLE_XS[1], TUPLE_H) if t else (XS[1], list(TUPLE_H)))),
    "gradient_flow": lambda m, t: m.gradient_flow(*((TUPLE_XS, TUPLE_YS, TUPLE_H) if t
                                                    else (XS, YS, list(TUPLE_H)))),
    "sample": lambda m, t: m.sample(1, 8, seed=2, h0=TUPLE_H if t else list(TUPLE_H)),
    "train": lambda m, t: (m.train(((TUPLE_XS, TUPLE_YS), (TUPLE_XS[::-1], TUPLE_YS)) if t
                                   else [(XS, YS), (XS[::-1], YS)], 2, 0.1, chunk=3), m.to_dict()),
    "gradient_check": lambda m, t: minirnn.gradient_check(m, *((TUPLE_XS, TUPLE_YS, TUPLE_H) if t
                                                              else (XS, YS, list(TUPLE_H)))),
    "accuracy": lambda m, t: minirnn.accuracy(m, ((TUPLE_XS, TUPLE_YS),) if t else [(XS, YS)]),
    "softmax": lambda m, t: minirnn.softmax((1.0, -2.0, 0.5) if t else [1.0, -2.0, 0.5]),
    "from_dict": lambda m, t: RNN.from_dict({key: tuple(tuple(v) if isinstance(v, list) else v for v in value)
                                             if t and isinstance(value, list) else value
                                             for key, value in m.to_dict().items()}).params(),   # lists again
}


@pytest.mark.parametrize("name", sorted(TUPLE_CALLS))
def test_tuples_work_wherever_lists_do(name):
    with_tuples, with_lists = trained_model(), trained_model()
    assert TUPLE_CALLS[name](with_tuples, True) == TUPLE_CALLS[name](with_lists, False)
    assert plain_floats(with_tuples) and with_tuples.to_dict() == with_lists.to_dict()
    assert all(type(value) is list and all(type(row) is list for row in value if not isinstance(row, float))
               for _, value in with_tuples.params())


def interrupt_after(monkeypatch, name, calls):
    """Make minirnn.<name> raise Interrupt on its call number `calls` (1-based)."""
    real, count = getattr(minirnn, name), [0]

    def wrapped(*args):
        count[0] += 1
        if count[0] == calls:
            raise Interrupt
        return real(*args)
    monkeypatch.setattr(minirnn, name, wrapped)


def test_interrupted_training_leaves_the_model_as_the_epoch_began(monkeypatch):
    data = minirnn.make_data(minirnn.next_mod3, 4, 6, random.Random(1))
    model, after_one = RNN(3, 5, 3, seed=1), RNN(3, 5, 3, seed=1)
    after_one.train(data, 1, 0.1, recurrent=False)
    live = [value for _, value in model.params()]
    interrupt_after(monkeypatch, "fast_loss_and_grads", 4 + 2)   # the second update of epoch 2
    with pytest.raises(Interrupt):
        model.train(data, 3, 0.1, recurrent=False)
    assert model.to_dict() == after_one.to_dict()
    assert all(value is same for (_, value), same in zip(model.params(), live))


def test_failed_first_epoch_restores_u_that_recurrent_false_zeroed(monkeypatch):
    model = trained_model()
    before = snapshot(model)
    interrupt_after(monkeypatch, "fast_loss_and_grads", 1)
    with pytest.raises(Interrupt):
        model.train([good_pair()], 1, 0.1, recurrent=False)
    assert snapshot(model) == before


def test_diverging_training_stops_with_a_clear_error_and_a_finite_saveable_model():
    model = RNN(3, 10, 3, seed=0)
    data = minirnn.make_data(minirnn.next_mod3, 40, 10, random.Random(0))
    before = snapshot(model)
    live = [value for _, value in model.params()]
    with pytest.raises(ValueError) as info:
        model.train(data, 2, 5e304)                      # finite, and absurd
    assert str(info.value) == ("training diverged in epoch 1: the epoch's total loss overflowed; the model"
                               " is back to its parameters at the start of epoch 1."
                               " Try a smaller lr, or clip.")
    assert snapshot(model) == before
    assert all(value is same for (_, value), same in zip(model.params(), live))
    json.dumps(model.to_dict(), allow_nan=False)         # still saveable
    assert model.train(data, 1, 0.05) == RNN.from_dict(before).train(data, 1, 0.05)


def test_a_non_finite_loss_in_a_later_epoch_keeps_the_earlier_epochs(monkeypatch):
    data = minirnn.make_data(minirnn.next_mod3, 3, 5, random.Random(3))
    model, after_one = RNN(3, 4, 3, seed=2), RNN(3, 4, 3, seed=2)
    after_one.train(data, 1, 0.1)
    real, calls = minirnn.fast_loss_and_grads, [0]

    def nan_on_the_fifth_call(*args):
        calls[0] += 1
        loss, grads, h = real(*args)
        return (math.nan if calls[0] == 5 else loss), grads, h
    monkeypatch.setattr(minirnn, "fast_loss_and_grads", nan_on_the_fifth_call)
    with pytest.raises(ValueError, match=r"diverged in epoch 2: the loss of data\[1\] is nan"):
        model.train(data, 3, 0.1)
    assert model.to_dict() == after_one.to_dict()


def test_gradient_check_restores_the_model_whatever_happens(monkeypatch):
    model = trained_model()
    assert_refused_and_unchanged(lambda m: minirnn.gradient_check(m, XS, YS, eps=1j), "eps", model)
    assert_refused_and_unchanged(lambda m: minirnn.gradient_check(m, XS, YS, eps=0.0), "eps", model)
    assert_refused_and_unchanged(lambda m: minirnn.gradient_check(m, XS, YS, eps=math.nan), "eps",
                                 model)
    before = snapshot(model)
    interrupt_after(monkeypatch, "fast_loss", 2 + 3)     # in the middle of a nudge
    with pytest.raises(Interrupt):
        minirnn.gradient_check(model, XS, YS)
    assert snapshot(model) == before


def test_gradient_check_counts_nan_as_failure_never_as_agreement():
    model = RNN(2, 1, 2, seed=2)
    xs, ys = [[1.7e308, -1.7e308]], [0]
    assert minirnn.gradient_check(model, xs, ys) == math.inf
    with pytest.raises(ValueError, match="overflowed"):
        model.loss(xs, ys)                               # never a silent NaN either


def test_held_out_compares_contents_of_lists_and_tuples_alike():
    model = RNN(3, 4, 3, seed=0)                         # untrained: accuracy varies by sequence
    digits = [[a, b, c] for a in range(3) for b in range(3) for c in range(3)]
    pairs = [([one_hot(d, 3) for d in ds], minirnn.next_mod3(ds)) for ds in digits]
    as_json = json.loads(json.dumps(pairs))              # lists, not the tuples make_data gives
    with pytest.raises(ValueError, match="all 100 sequences drawn are in trained_on"):
        minirnn.held_out_accuracy(model, minirnn.next_mod3, 3, as_json)
    for left_out in (0, 13, 26):
        rest = as_json[:left_out] + as_json[left_out + 1:]
        mixed = [(tuple(map(tuple, xs)), tuple(ys)) if i % 2 else (xs, ys) for i, (xs, ys) in enumerate(rest)]
        expected = minirnn.accuracy(model, [pairs[left_out]])
        assert minirnn.held_out_accuracy(model, minirnn.next_mod3, 3, mixed) == expected
        assert minirnn.held_out_accuracy(model, minirnn.next_mod3, 3, iter(rest)) == expected


def test_an_infinite_gradient_is_an_error_even_with_a_finite_loss():
    d = RNN(1, 1, 2, seed=1).to_dict()
    d.update(V=[[1e300], [-1e300]], W=[[1e-10]], U=[[0.0]])
    assert_refused_and_unchanged(lambda m: m.loss_and_grads([[1e10]], [1]), "the gradient overflowed",
                                 RNN.from_dict(d))


def test_clip_takes_its_step_even_when_the_gradient_norm_overflows():
    d = RNN(1, 1, 2, seed=1).to_dict()
    d.update(V=[[1e200], [-1e200]])
    model, before = RNN.from_dict(d), RNN.from_dict(d)
    model.train([([[1.0]], [0])], 1, 0.1, clip=5.0)      # a gradient of about 1e200
    moved = [a - b for name in PARAMS
             for a, b in zip(flat(getattr(model, name)), flat(getattr(before, name)))]
    assert math.sqrt(sum(m * m for m in moved)) == pytest.approx(0.1 * 5.0, rel=1e-9)


def test_held_out_reads_the_tasks_targets_once():
    model = RNN(3, 4, 3, seed=0)
    trained = minirnn.make_data(minirnn.next_mod3, 200, 2, random.Random(0))   # all 9 sequences

    def flaky_task(digits):
        return Flaky(minirnn.next_mod3(digits), [0] * len(digits))
    with pytest.raises(ValueError, match="are in trained_on"):
        minirnn.held_out_accuracy(model, flaky_task, 2, trained)


def test_sample_at_tiny_temperature_is_the_greedy_choice():
    model = RNN(3, 6, 3, seed=1)                         # untrained: far from confident,
    model.b_o[:] = [5.0, 5.0, 5.0]                       # with scores / 1e-308 beyond any float
    greedy, h, k = [], None, 1
    for _ in range(12):
        y_hat, h = model.step(one_hot(k, 3), h)
        k = minirnn.argmax(y_hat)
        greedy.append(k)
    assert max(y_hat) < 0.9 and len(set(greedy)) == 3
    for temperature in (1e-308, 1e-30, 1e-6):
        assert model.sample(1, 12, temperature=temperature, seed=0) == greedy


def test_sample_gives_weight_0_to_a_score_more_than_the_largest_float_below_the_best():
    # docs/api.md: where the scores span more than the largest float, a class whose score is that
    # far below the best gets weight 0, whatever the temperature; the others keep theirs.
    d = dict(RNN(3, 2, 3, seed=0).to_dict(), V=[[0.0, 0.0]] * 3, b_o=[1e308, -1e308, 0.0])
    model = RNN.from_dict(d)                             # the scores are b_o exactly
    drawn = [k for seed in range(20) for k in model.sample(0, 10, temperature=1e308, seed=seed)]
    assert 1 not in drawn and {0, 2} <= set(drawn)


# ---------------------------------------------------------------------------
# At the edges: no silent wrong answer, no half-applied change, no explosive cost; the documented
# defaults
# ---------------------------------------------------------------------------

class TwoFaced(list):
    """A list whose len() alternates between a wrong answer and the right one."""

    calls = 0

    def __len__(self):
        TwoFaced.calls += 1
        return super().__len__() + (TwoFaced.calls % 2)


@pytest.mark.parametrize("call", [
    lambda: RNN.from_dict(dict(RNN(3, 4, 3, seed=0).to_dict(), b_o=TwoFaced([math.inf, "x", True]))),
    lambda: RNN.from_dict(dict(RNN(3, 4, 3, seed=0).to_dict(), W=TwoFaced([[1.0] * 3] * 4))),
    lambda: RNN(3, 4, 3, seed=0).loss([TwoFaced([True, False, False])], [0]),
    lambda: RNN(3, 4, 3, seed=0).loss([TwoFaced([10 ** 400, 0, 0])], [0]),
    lambda: RNN(3, 4, 3, seed=0).train([([TwoFaced([1.0, 0.0, 0.0])], [0])], 1, 0.1),
], ids=["from_dict vector", "from_dict matrix", "loss bools", "loss huge int", "train"])
def test_a_list_whose_length_changes_between_reads_is_read_once_and_checked(call):
    # README: every call reads your data exactly once into fresh lists. A len() that answers
    # differently on a second call must not let the caller's own list, unchecked, through.
    for first in (0, 1):
        TwoFaced.calls = first
        try:
            result = call()
        except (TypeError, ValueError) as error:
            assert len(str(error)) <= 200
            continue
        model = result if isinstance(result, RNN) else None
        assert model is None or plain_floats(model) and all(
            math.isfinite(v) for _, value in model.params() for v in flat(value))
        assert not isinstance(result, float) or math.isfinite(result)


def test_clip_with_a_huge_learning_rate_takes_its_step_without_overflowing():
    # lr * clip / norm is a float, and so is each step: lr * (clip / m) / n overflowed first.
    model, data = RNN(3, 4, 3, seed=1), [([[1.0, 0.0, 0.0]], [0])]
    before = params_of(model)
    g_norm = gradient_norm_of(model, *data[0])
    assert 1.25 < g_norm < 1.35                                   # so clip = 1.3 clips
    model.train(data, 1, 1e308, clip=1.3)
    assert plain_floats(model) and params_of(model) != before     # a step was taken,
    assert all(math.isfinite(v) for _, value in model.params() for v in flat(value))  # finite


class Watched(list):
    """A list that refuses to be written: a caller's parameter rows that only may be read."""

    def __setitem__(self, i, value):
        raise AssertionError("a caller's list was written")


def watched_model(model):
    """model with every parameter row and bias vector replaced by a Watched copy."""
    for name, value in model.params():
        setattr(model, name,
                [Watched(row) for row in value] if isinstance(value[0], list) else Watched(value))
    return model


def test_gradient_check_never_writes_the_callers_lists():
    model, xs, ys, h0 = problem(3, 4, 3, 5, True, True, seed=3)
    expected = minirnn.gradient_check(RNN.from_dict(model.to_dict()), xs, ys, h0)
    assert minirnn.gradient_check(watched_model(model), xs, ys, Watched(h0)) == expected


def test_gradient_check_leaves_the_model_as_it_is_for_readers_and_other_checks_meanwhile(monkeypatch):
    # Every loss the check computes is a moment another reader (a thread) or another check may run:
    # the caller's model must hold its own values at each one, and the others get their own answers.
    model, xs, ys, h0 = problem(3, 4, 3, 5, True, True, seed=4)
    before, live = snapshot(model), live_lists(model)
    lone_check, lone_loss = minirnn.gradient_check(model, xs, ys, h0), model.loss(xs, ys, h0)
    real, calls, inner = minirnn.fast_loss, [0], []

    def reader_meanwhile(*args):
        calls[0] += 1
        assert snapshot(model) == before
        if calls[0] in (3, 40):                              # a nudge is in place in the outer check
            with monkeypatch.context() as m:
                m.setattr(minirnn, "fast_loss", real)
                inner.append((minirnn.gradient_check(model, xs, ys, h0), model.loss(xs, ys, h0)))
        return real(*args)
    monkeypatch.setattr(minirnn, "fast_loss", reader_meanwhile)
    assert minirnn.gradient_check(model, xs, ys, h0) == lone_check
    assert calls[0] == 1 + 2 * (4 * 3 + 4 * 4 + 3 * 4 + 4 + 3 + 4)        # L, then each nudge twice
    assert inner == [(lone_check, lone_loss)] * 2
    assert snapshot(model) == before
    assert_same_lists(model, live)


def train_interrupted_in_epoch_2(monkeypatch, trace=None):
    """Train as in test_interrupted_training_…, with an Interrupt at the second update of epoch 2,
    and sys.settrace(trace) from then on. Return (the exception, the model, the model after epoch 1)."""
    data = minirnn.make_data(minirnn.next_mod3, 4, 6, random.Random(1))
    model, after_one = RNN(3, 5, 3, seed=1), RNN(3, 5, 3, seed=1)
    after_one.train(data, 1, 0.1)
    real, calls = minirnn.fast_loss_and_grads, [0]

    def first_interrupt(*args):
        calls[0] += 1
        if calls[0] == 4 + 2:                            # the second update of epoch 2
            if trace:
                sys.settrace(trace)
            raise Interrupt
        return real(*args)
    monkeypatch.setattr(minirnn, "fast_loss_and_grads", first_interrupt)
    live = live_lists(model)
    try:
        model.train(data, 3, 0.1)
    except BaseException as error:                       # noqa: B902 - the test looks at which
        raised = error
    finally:
        sys.settrace(None)
    assert_same_lists(model, live)
    return raised, model, after_one


def functions_entered(names):
    """A trace function that appends to names the name of every function of minirnn entered."""
    def record(frame, event, arg):
        if event == "call" and frame.f_globals is vars(minirnn):
            names.append(frame.f_code.co_name)
    return record


def test_the_put_back_runs_no_python_code_so_a_second_interrupt_cannot_split_it(monkeypatch):
    # README: nothing is ever half-applied. The interpreter handles a Ctrl-C only between the
    # instructions of Python code: train's put-back is one call of list() over maps of the
    # C-level setattr, list.__imul__ and list.__iadd__, so no Python code runs while it writes,
    # and a second Ctrl-C can only come before it starts or after it has put everything back.
    entered = []
    raised, model, after_one = train_interrupted_in_epoch_2(monkeypatch, functions_entered(entered))
    assert type(raised) is Interrupt and model.to_dict() == after_one.to_dict()
    assert minirnn._EMPTY is list.__imul__ and minirnn._EXTEND is list.__iadd__ and entered == []


def test_where_list_has_no_setitem_the_put_back_is_plain_python_and_still_complete(monkeypatch):
    monkeypatch.setattr(minirnn, "_EXTEND", None)                   # as on MicroPython
    entered = []
    raised, model, after_one = train_interrupted_in_epoch_2(monkeypatch, functions_entered(entered))
    assert type(raised) is Interrupt and model.to_dict() == after_one.to_dict()
    assert entered and all("_refill" in name for name in entered)    # the trace sees Python code


@pytest.mark.parametrize("python_put_back", [False, True])
def test_a_callback_that_rebinds_parameters_and_raises_leaves_each_its_epoch_start_list(
        monkeypatch, python_put_back):
    # README: nothing is ever half-applied. A callback may rebind model.W; the updates after it
    # go to the new list, and when the epoch fails the attribute is the epoch-start list again.
    if python_put_back:
        monkeypatch.setattr(minirnn, "_EXTEND", None)               # as on MicroPython
    data = ragged_data(3)
    model, one_epoch = RNN(3, 4, 3, seed=3), RNN(3, 4, 3, seed=3)
    one_epoch.train(data, 1, 0.1)
    live = live_lists(model)

    def callback(update):
        if update["epoch"] == 2 and update["pair"] == 0:
            model.W, model.b_h = [list(row) for row in model.W], list(model.b_h)
            model.V = list(model.V)                                 # a new list of the same rows
        elif update["epoch"] == 2 and update["pair"] == 2:
            raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        model.train(data, 2, 0.1, callback=callback)
    assert params_of(model) == params_of(one_epoch)
    assert_same_lists(model, live)


def test_a_callback_that_resizes_a_parameter_and_raises_leaves_every_list_as_the_epoch_began():
    data = ragged_data(3)
    model, one_epoch = RNN(3, 4, 3, seed=3), RNN(3, 4, 3, seed=3)
    one_epoch.train(data, 1, 0.1)
    live = live_lists(model)

    def callback(update):
        if update["epoch"] == 2:
            model.W.append([0.0] * 3)
            del model.U[0]
            model.b_o.extend([1.0, 2.0])
            raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        model.train(data, 2, 0.1, callback=callback)
    assert params_of(model) == params_of(one_epoch)
    assert_same_lists(model, live)


def exact_norm(v):
    """The Euclidean norm of the floats in v, computed exactly and rounded once (no float squares)."""
    square = sum(fractions.Fraction(x) ** 2 for x in v)
    with decimal.localcontext() as context:
        context.prec = 40
        return float((decimal.Decimal(square.numerator) / decimal.Decimal(square.denominator)).sqrt())


def flow_by_hand(model, xs, ys):
    """|dL_T/da_{h,t}| for t = 1..T, by the test's own recurrence in floats, each norm exact:
    dL_T/da_{h,T} = V^T ds_{o,T}, and dL_T/da_{h,t} = U^T (dL_T/da_{h,t+1} * (1 - a_{h,t+1}^2))."""
    y_hats, states = model.forward(xs)
    n = model.n_hidden
    ds_o = [p - (k == ys[-1]) for k, p in enumerate(y_hats[-1])]
    d = [sum(model.V[k][j] * ds_o[k] for k in range(model.n_out)) for j in range(n)]
    flows = [exact_norm(d)]
    for t in range(len(xs) - 1, 0, -1):                  # states[t] is a_{h,t+1}
        ds_h = [d_j * (1.0 - a * a) for d_j, a in zip(d, states[t])]
        d = [sum(model.U[i][j] * ds_h[i] for i in range(n)) for j in range(n)]
        flows.append(exact_norm(d))
    return flows[::-1]


def exploding_model(n=4, factor=2.0):
    """A 3-n-3 model with U = factor x a permutation and W x 1e-300: tanh stays linear (tanh' = 1)."""
    model = RNN(3, n, 3, seed=0)
    model.U = [[factor * (j == (i + 1) % n) for j in range(n)] for i in range(n)]
    model.W = [[1e-300 * w for w in row] for row in model.W]
    return model


def test_gradient_flow_is_right_where_its_squares_would_overflow():
    model = exploding_model()
    xs, ys = minirnn.make_data(minirnn.next_mod3, 1, 600, random.Random(2))[0]
    flow = model.gradient_flow(xs, ys)
    assert flow == pytest.approx(flow_by_hand(model, xs, ys), rel=1e-12)
    assert 1e179 < flow[0] < 1e182 and flow[0] == pytest.approx(flow[-1] * 2.0 ** 599, rel=1e-12)
    model.loss_and_grads(xs, ys)                         # finite too


def test_gradient_flow_is_right_where_its_squares_would_underflow():
    model = RNN(3, 10, 3, seed=0)
    model.U = [[1e-12 * u for u in row] for row in model.U]
    xs, ys = minirnn.make_data(minirnn.sum_last_two_mod3, 1, 16, random.Random(5))[0]
    flow = model.gradient_flow(xs, ys)
    assert 0 < flow[0] < 1e-170 and flow[1] > 1e-170     # tiny, and not 0.0
    assert flow == pytest.approx(flow_by_hand(model, xs, ys), rel=1e-9)


def test_gradient_flow_that_overflows_with_a_finite_loss_is_an_error():
    model = exploding_model(factor=1e200)
    model.W = [[0.0] * 3 for _ in range(4)]              # a_h = 0: the states stay finite
    before = snapshot(model)
    assert math.isfinite(model.loss(XS[:3], YS[:3]))
    message = assert_refused_and_unchanged(lambda m: m.gradient_flow(XS[:3], YS[:3]), "the gradient flow",
                                           model)
    assert message == "the gradient flow overflowed to inf: the inputs or the weights are too large"
    assert snapshot(model) == before


@pytest.mark.parametrize("rows", [
    [[3e-200], [4e-200]], [[1e-160] * 5, [-1e-160]], [[3e-320, 4e-320]], [[5e-324]],
    [[1e308, -1e308]], [[1.2e154] * 3, [1.0]], [[1.5e308, 1.5e308]],
], ids=["squares underflow", "squares underflow to 0 together", "subnormal", "the smallest float",
        "squares overflow", "squares overflow together", "the norm overflows"])
def test_gradient_norm_at_extreme_magnitudes(rows):
    expected = exact_norm([v for row in rows for v in row])
    norm = minirnn.gradient_norm({"W": rows[:1], "b_h": [v for row in rows[1:] for v in row] or [0.0]},
                                 ["W", "b_h"])
    if expected > sys.float_info.max:
        assert norm == math.inf
    else:
        assert norm == pytest.approx(expected, rel=1e-15 if expected > 1e-300 else 1e-3)


def test_clip_takes_its_step_when_the_gradient_norm_underflows():
    # A confident right model: its gradient is about 1e-200, whose squares underflow to 0.
    model = RNN.from_dict({"n_in": 3, "n_hidden": 2, "n_out": 3, "W": [[0.5] * 3] * 2, "U": [[0.0] * 2] * 2,
                           "V": [[0.0] * 2] * 3, "b_h": [0.0] * 2, "b_o": [460.0, 0.0, 0.0]})
    xs, ys = [one_hot(1, 3)], [0]
    grads = model.loss_and_grads(xs, ys)[1]
    g_norm = exact_norm([g for name in PARAMS for g in flat(grads[name])])
    assert 1e-210 < g_norm < 1e-190
    model.train([(xs, ys)], 1, 0.1, clip=1e-205)
    assert model.b_o[1:] == pytest.approx([-0.1 * 1e-205 * g / g_norm for g in grads["b_o"][1:]], rel=1e-12)


def test_clip_takes_its_step_when_the_gradient_norm_itself_overflows():
    # dW = ds_h x^T has two entries of -1.5e308: finite, with a norm beyond every float.
    d = {"n_in": 2, "n_hidden": 1, "n_out": 2, "W": [[0.0, 0.0]], "U": [[0.0]], "V": [[1e200], [-1e200]],
         "b_h": [0.0], "b_o": [0.0, 0.0]}
    model, xs, ys = RNN.from_dict(d), [[1.5e108, 1.5e108]], [0]
    grads = model.loss_and_grads(xs, ys)[1]
    assert minirnn.gradient_norm(grads, PARAMS) == math.inf and max(map(abs, grads["W"][0])) < math.inf
    model.train([(xs, ys)], 1, 0.1, clip=5.0)
    moved = [a - b for name in PARAMS for a, b in zip(flat(getattr(model, name)), flat(d[name]))]
    assert exact_norm(moved) == pytest.approx(0.1 * 5.0, rel=1e-9)


def test_log_softmax_refuses_scores_whose_result_overflows_and_softmax_does_not():
    message = assert_refused_and_unchanged(lambda m: minirnn.log_softmax([1e308, -1e308]), "z")
    assert message == "z spans -1e+308 to 1e+308: log_softmax would overflow to -inf"
    assert minirnn.softmax([1e308, -1e308]) == [1.0, 0.0]
    assert minirnn.softmax([-1e308, 1e308, 1e308]) == [0.0, 0.5, 0.5]
    assert minirnn.log_softmax([9e307, -8e307]) == [0.0, -1.7e308]     # the widest finite spread


@pytest.mark.parametrize("b_o, ys", [
    ([9e307, -8e307], [1]), ([1e308, 1e308], [0, 1]), ([-1e308, -1e308 + 1e292, 0.0], [2, 1, 2]),
    ([1.5e308, 1e308, -1e307], [2]),
], ids=["the widest spread", "equal and huge", "huge negative", "three"])
def test_plain_path_at_extreme_scores_gives_the_fast_paths_finite_loss(b_o, ys):
    d = RNN(3, 2, len(b_o), seed=0).to_dict()
    d.update(V=[[0.0, 0.0]] * len(b_o), b_o=b_o)         # the scores are b_o exactly
    model = RNN.from_dict(d)
    xs = [one_hot(t % 3, 3) for t in range(len(ys))]
    L = minirnn.forward_pass(model, xs, ys, [0.0, 0.0])[0]
    assert math.isfinite(L) and L == model.loss(xs, ys)


def test_make_data_shares_one_one_hot_list_per_digit():
    # Its docstring: the one-hot vectors are shared, three lists for the three digits.
    data = minirnn.make_data(minirnn.next_mod3, 30, 8, random.Random(1))
    vectors = {id(x): x for xs, _ in data for x in xs}
    assert sorted(vectors.values()) == sorted(one_hot(d, 3) for d in range(3))


def test_training_data_shares_checked_copies_by_identity_not_by_value(monkeypatch):
    shared, twin = [1.0, 0.0, 0.0], [1.0, 0.0, 0.0]      # one object twice, and an equal one
    data = [([shared, [0.0, 1.0, 0.0]], [1, 2]), ([shared, twin], [1, 1])]
    real, seen = minirnn.fast_loss_and_grads, []

    def record(model, xs, ys, h0):
        seen.append(list(xs))
        return real(model, xs, ys, h0)
    monkeypatch.setattr(minirnn, "fast_loss_and_grads", record)
    RNN(3, 4, 3, seed=0).train(data, 1, 0.1)
    (a, b), (c, d) = seen
    assert a is c and d is not a and d == a              # shared by identity only
    assert all(x is not shared and x is not twin for x in (a, b, d))   # copies, never the caller's


def test_held_out_keys_are_strings_equal_exactly_for_equal_contents():
    key = minirnn._contents([[1.0, -0.0, 2.0 ** 61]], [2])
    assert type(key) is str                              # floats can be chosen to share one hash
    assert key == minirnn._contents([[1.0, 0.0, 2.0 ** 61]], [2])
    assert key != minirnn._contents([[1.0, 0.0, 1.0]], [2]) and \
        key != minirnn._contents([[1.0, 0.0, 2.0 ** 61]], [1])
    assert minirnn._contents([[0.1, 0.2]], [0]) != minirnn._contents([[0.1, 0.2 + 2 ** -55]], [0])


def test_what_a_task_returns_is_copied_as_plain_ints():
    returned = []

    def task(digits):
        ys = [Int(y) for y in minirnn.next_mod3(digits)]
        returned.append(ys)
        return tuple(ys) if len(returned) % 2 else ys
    data = minirnn.make_data(task, 4, 3, random.Random(0))
    for ys in returned:
        ys[:] = [0, 0, 0]                                # the task changes its lists afterwards
    assert data == minirnn.make_data(minirnn.next_mod3, 4, 3, random.Random(0))
    assert all(type(y) is int for _, ys in data for y in ys)
    message = assert_refused_and_unchanged(
        lambda m: minirnn.held_out_accuracy(RNN(3, 2, 2, seed=0), minirnn.next_mod3, 4), "task(digits)")
    assert message.endswith("expected 0 <= " + message.split(" is ")[0] + " < n_out=2")


def dh0_overflow_model():
    """A 3-2-2 model with U = 1e308 everywhere: from h0 = 0 only dh0 = U^T ds_{h,1} overflows."""
    return RNN.from_dict({"n_in": 3, "n_hidden": 2, "n_out": 2, "W": [[0.0] * 3] * 2, "U": [[1e308] * 2] * 2,
                          "V": [[-3.0, -3.0], [3.0, 3.0]], "b_h": [0.0, 0.0], "b_o": [0.0, 0.0]})


def test_each_overflow_guard_on_its_own():
    model = dh0_overflow_model()
    L = model.loss([XS[0]], [0])
    assert L == pytest.approx(math.log(2), rel=1e-15)
    grads = minirnn.fast_loss_and_grads(model, [XS[0]], [0], [0.0, 0.0])[1]
    assert all(map(math.isfinite, [g for name in PARAMS for g in flat(grads[name])]))   # dh0 alone
    message = assert_refused_and_unchanged(lambda m: m.loss_and_grads([XS[0]], [0]), "the gradient", model)
    assert message == "the gradient overflowed to inf: the inputs or the weights are too large"
    assert minirnn.gradient_check(model, [XS[0]], [0]) == math.inf
    # A loss of inf (not NaN) in training: scores 1e308 apart, one sequence, the wrong class.
    d = dict(RNN(3, 2, 2, seed=0).to_dict(), V=[[0.0, 0.0]] * 2, b_o=[1e308, -1e308])
    model = RNN.from_dict(d)
    message = assert_refused_and_unchanged(lambda m: m.loss(XS, [1] * 4), "the loss", model)
    assert message == "the loss overflowed to inf: the inputs or the weights are too large"
    message = assert_refused_and_unchanged(lambda m: m.train([(XS, [1] * 4)], 1, 1e-300), "training", model)
    assert message == ("training diverged in epoch 1: the loss of data[0] is inf; the model is back to its"
                       " parameters at the start of epoch 1. Try a smaller lr, or clip.")
    # Each sequence's loss is finite (1e308), their sum is not.
    model = RNN.from_dict(dict(d, b_o=[1e308, 0.0]))
    assert model.loss(XS[:1], [1]) == 1e308
    message = assert_refused_and_unchanged(lambda m: m.train([(XS[:1], [1])] * 2, 1, 1e-300), "training",
                                           model)
    assert message == ("training diverged in epoch 1: the epoch's total loss overflowed; the model is back to"
                       " its parameters at the start of epoch 1. Try a smaller lr, or clip.")
    # Scores overflowing to -inf, in one entry only.
    model = RNN.from_dict(dict(d, V=[[0.0, 0.0], [-1e308, -1e308]], b_h=[5.0, 5.0], b_o=[0.0, 0.0]))
    for call in (lambda m: m.forward(XS), lambda m: m.predict(XS), lambda m: m.step(XS[0]),
                 lambda m: minirnn.accuracy(m, [(XS, [0] * 4)])):
        assert assert_refused_and_unchanged(call, "the scores", model) == \
            "the scores s_o overflowed to -inf: the inputs or the weights are too large"


def test_seed_none_draws_from_the_system_and_leaves_the_shared_random_state_alone():
    random.seed(5)
    state = random.getstate()
    model = RNN(3, 4, 3)
    assert model.to_dict() != RNN(3, 4, 3).to_dict()    # not a fixed seed
    model.sample(0, 20), minirnn.make_rng(None).random()
    minirnn.learn(minirnn.next_mod3, n_hidden=2, sequences=2, length=3, epochs=1, seed=None)
    minirnn.held_out_accuracy(model, minirnn.next_mod3, 3, count=2, seed=None)
    assert random.getstate() == state
    assert len({tuple(model.sample(0, 20)) for _ in range(5)}) > 1        # each a new draw


def test_the_documented_defaults():
    model, xs, ys, h0 = problem(3, 5, 3, 4, True, False, seed=6)
    zeros = [0.0] * 5
    assert model.loss(xs, ys) == model.loss(xs, ys, zeros) != model.loss(xs, ys, [0.5] * 5)
    assert model.loss_and_grads(xs, ys) == model.loss_and_grads(xs, ys, zeros)
    assert model.forward(xs) == model.forward(xs, zeros) and model.predict(xs) == model.predict(xs, zeros)
    assert model.step(xs[0]) == model.step(xs[0], zeros) and model.gradient_flow(xs, ys) == \
        model.gradient_flow(xs, ys, zeros)
    assert model.sample(1, 9, seed=4) == model.sample(1, 9, 1.0, 4, zeros)
    assert minirnn.gradient_check(model, xs, ys) == \
        minirnn.gradient_check(model, xs, ys, zeros, minirnn.GRADIENT_CHECK_EPS) != \
        minirnn.gradient_check(model, xs, ys, zeros, 1e-4)
    assert minirnn.learn(minirnn.next_mod3, epochs=1)[2] == \
        minirnn.learn(minirnn.next_mod3, epochs=1, seed=0)[2]


def test_held_out_accuracy_with_another_tasks_sequences_leaves_out_nothing():
    model = unsure_model()
    other = [([one_hot(a, 3), one_hot(b, 3)], minirnn.sum_last_two_mod3([a, b]))
             for a in range(3) for b in range(3)]
    same = [([one_hot(a, 3), one_hot(b, 3)], minirnn.next_mod3([a, b])) for a in range(3) for b in range(3)]
    expected = minirnn.held_out_accuracy(model, minirnn.next_mod3, 2)
    assert minirnn.held_out_accuracy(model, minirnn.next_mod3, 2, other) == expected
    assert minirnn.held_out_accuracy(model, minirnn.next_mod3, 2, trained_on=()) == expected
    assert minirnn.held_out_accuracy(model, minirnn.next_mod3, 2, same[1:]) == \
        minirnn.accuracy(model, same[:1])


def test_argmax_takes_the_first_of_equal_largest_and_predictions_follow_it():
    assert minirnn.argmax([1.0, 1.0, 0.0]) == 0 and minirnn.argmax([0.0, 2.0, 2.0]) == 1
    assert minirnn.argmax([-1.0, -1.0, -1.0]) == 0 and minirnn.argmax([0.0, 0.5, 0.5, 0.5]) == 1
    for b_o, first in (([0.5, 0.5, 0.0], 0), ([0.0, 0.5, 0.5], 1), ([0.5, 0.0, 0.5], 0)):
        model = RNN.from_dict(dict(RNN(3, 2, 3, seed=0).to_dict(), V=[[0.0, 0.0]] * 3, b_o=b_o))
        assert model.predict(XS) == [first] * 4
        assert minirnn.accuracy(model, [(XS, [first] * 4)]) == 1.0
        assert minirnn.held_out_accuracy(model, lambda d: [first] * len(d), 3, count=3) == 1.0
