"""The words and numbers exercises/judge.py builds its reports from, each at the edge it turns
on: a shape in the sizes' names or in numbers, a text cut at 60 characters, which steps a
loop wrote, which loop mistake leaves an entry absent, what a blank gives, the nudges a
gradient check took. The reports on the track's answers (tests/test_verdicts.py) go through
each helper; these pin the branches and edges no answer reaches.

    python3 -m pytest tests/test_judge_words.py
"""
import inspect

import minirnn
from exercises import judge
from exercises.mistakes import correct_values, forward_values

SIZES = {"n_in": 3, "n_hidden": 4, "n_out": 5}


def test_a_wrong_shape_is_told_in_the_sizes_names_where_they_fit_else_in_numbers():
    assert judge.shape_words("db_o", [0.0], SIZES) == "db_o has 1 entry; it must have n_out = 5"
    assert judge.shape_words("db_h", [[0.0] * 3] * 4, SIZES) == (
        "db_h is n_hidden x n_in (4 x 3); it must be a vector of n_hidden = 4 entries, the shape of b_h")
    assert judge.shape_words("dW", [[0.0] * 3] * 7, SIZES) == (
        "dW is 7 x 3; it must be n_hidden x n_in (4 x 3), the shape of W")       # 7: no size is 7
    assert judge.shape_words("ds_{o,t}", [[0.0] * 5] * 2, SIZES) == (
        "ds_{o,t} is 2 x 5; it must be a vector of n_out = 5 entries")            # no parameter's shape
    assert judge.shape_words("dh0", None, SIZES) == (
        "dh0 is not a list of numbers (it is None); it must be a vector of n_hidden = 4 entries")


class Unconvertible(float):
    """A float that cannot say which float it is (as no subclass can, to MicroPython's float())."""

    def __float__(self):
        raise ValueError("no float")


def test_numbers_are_judged_as_the_floats_they_hold_and_equal_but_for_rounding():
    assert judge.plain([1, 2.5, True]) == [1.0, 2.5, True] and type(judge.plain([1])[0]) is float
    assert judge.plain(Unconvertible(1.0)) != judge.plain(Unconvertible(1.0))     # nan: never right
    # close: |a - b| <= 1e-10 + 1e-8 max(|a|, |b|); b here is that bound with a = 0, to the last bit
    b = 1e-10
    for _ in range(10):
        b = 1e-10 + 1e-8 * b
    assert b == 1e-10 + 1e-8 * max(abs(0.0), abs(b)) and judge.close(0.0, b)
    assert not judge.close(0.0, b * (1 + 1e-12)) and judge.close(1.0, 1.0 + 0.99e-8)


def test_a_namespace_defining_none_of_the_functions_is_told_their_signatures():
    assert judge.judge({"bptt": minirnn.bptt, "forward_pass": minirnn.forward_pass}) == (
        2, "defines none of the exercises' functions: forward_pass(model, xs, ys, h0), bptt(model, xs, ys, "
           "a_h, y_hat), gradient_check(model, xs, ys, h0), train(model, data, epochs, lr, clip)")


def test_a_shape_in_numbers_and_a_value_cut_at_60_characters():
    assert [judge.shape_text(v) for v in ([[1.0, 2.0, 3.0]] * 2, [1.0], [1.0, 2.0], None, "x")] == [
        "2 x 3", "1 entry", "2 entries", "None", "a str"]
    assert judge.short_text("a" * 58) == "'%s'" % ("a" * 58)                  # 60 characters: as it is
    assert judge.short_text("a" * 59) == "'%s..." % ("a" * 56)                # 61: its first 57, and ...


def test_an_entry_never_written_names_the_steps_the_loop_wrote_latest_first():
    loop = '"BPTT, line by line", "Why the loop runs from T down to 1"'
    # T = 3: ds_h[0] written (no step 0), steps 3 and 1, not 2, and ds_h[4], the start ds_{h,T+1}
    assert judge.never_written("ds_{h,t}", 2, [[9.0], [1.0], None, [3.0], [0.0]], 3) == (
        "never written: ds_h[2] is None: your loop wrote ds_h at t = 3, 1 only; the loop must reach "
        "every step, t = T, T-1, ..., 1: README, " + loop)
    assert judge.never_written("ds_{o,t}", 1, [None] * 4, 3) == (
        "never written: ds_o[1] is None; the loop must reach every step, t = T, T-1, ..., 1: README, " + loop)


def test_each_loop_mistake_is_named_only_where_it_leaves_the_entry_absent():
    def named(*args):
        mistake = judge.loop_mistake_of(*args)
        return mistake and mistake.name
    T = 3
    for name in ("ds_o", "da_h", "ds_h"):                     # (name, index, t, T, after the loop)
        assert named(name, 3, 2, T, False) == "the loop runs forwards"      # a later step, not done
        assert named(name, 1, 2, T, True) == "the loop stops before t = 1"
        assert named(name, 2, 2, T, True) is None             # this step's own entry: not the loop's
        assert named(name, 1, 2, T, False) is None            # inside the loop: step 1 comes later
    for name in ("xs", "ys"):
        assert named(name, T + 1, T + 1, T, False) == "the loop starts at t = T + 1"
        assert named(name, T, T, T, False) is None
    assert named("ds_h", T + 1, T, T, False) == "the start ds_{h,T+1} = 0 missing"
    assert named("a_h", 1, 0, T, False) == "the loop runs to t = 0"
    assert named("a_h", 3, 2, T, False) is None               # not a list the loop writes


def test_why_an_entry_is_absent_is_told_by_where_the_loop_is():
    lines = '"BPTT, line by line" (its lines in their order)'
    loop = '"BPTT, line by line", "Why the loop runs from T down to 1"'
    assert judge.why_absent("ds_h", 2, 2, 3, True) == (
        ": this step's ds_h is not computed yet. Each line uses the ones before it: README, " + lines + ".")
    assert judge.why_absent("ds_h", 1, 2, 3, True) == (
        ": step 1 was never done. Your loop ended at t = 2; it must run t = T, T-1, ..., 1 "
        "(for t in range(T, 0, -1)): README, " + loop + ".")
    assert judge.why_absent("a_h", 2, 2, 3, False) == "."     # not a list the loop writes
    assert judge.why_absent("U", 4, 1, 3, True) == "."        # U[i]: indexed by unit, not by step


def random_values():
    model, xs, ys, h0 = judge.random_problem(*judge.PROBES[0])           # T = 3
    return forward_values(model, xs, ys, h0, *minirnn.forward_pass(model, xs, ys, h0)[1:])


def test_a_blank_L_gives_the_sum_of_the_steps_so_far():
    c = random_values()
    fill = judge.forward_fill(c)
    assert [fill("L", t) for t in (1, 2, 3)] == [c.L_t[1], c.L_t[1] + c.L_t[2],
                                                 c.L_t[1] + c.L_t[2] + c.L_t[3]]
    assert fill("L_t", 2) == c.L_t[2]
    assert fill("a_{h,t}", 2) == c.a_h[2] and fill("a_{h,t}", 2) is not c.a_h[2]


def test_a_forward_list_one_entry_short_is_told_absent_at_its_last_step():
    result = (1.0, [None, [0.5], [0.25]], None, None, None)        # s_h of T = 3 without its s_h[3]
    assert judge.forward_value(result, "s_{h,t}", 2) == [0.25]
    try:
        judge.forward_value(result, "s_{h,t}", 3)
        raise AssertionError("s_h[3] is not there")
    except judge.Absent as absent:
        assert absent.text == ("s_h[3] is not there: s_h is indexed like the math, s_h[t] is s_{h,t} for "
                               "t = 1..T, so it has T + 1 entries")


def test_the_shifted_problem_is_the_one_its_words_name():
    (model, xs, ys, h0), where = judge.forward_problems()[-1]
    assert where.endswith("(random_problem(3, 4, 5, 3, 1) in exercises/judge.py, with b_o[2] + 1000 "
                          "and every y_t = 2)")
    named, named_xs, _, named_h0 = judge.random_problem(3, 4, 5, 3, 1)
    named.b_o[2] += 1000
    assert (model.to_dict(), xs, ys, h0) == (named.to_dict(), named_xs, [2] * 3, named_h0)


def test_expected_and_got_get_12_places_where_4_would_show_them_equal():
    assert judge.shown([0.5, 0.25], [0.5, 0.2]) == ("[0.5000, 0.2000]", "[0.5000, 0.2500]")
    assert judge.shown(0.50001, 0.5) == ("0.500000000000", "0.500010000000")
    assert judge.shown(-3e-10, 0.0) == ("0.000000000000", "-0.000000000300")     # not 0.0000, -0.0000
    assert judge.shown(3e-10, -1e-10) == ("-0.000000000100", "0.000000000300")


def test_a_catalogued_mistake_is_named_where_one_before_it_cannot_be_computed():
    # On a random problem V is not square: "V instead of V^T in da_{h,t}", before "the carried
    # term missing" in the catalogue, cannot be computed there, and the search goes on past it.
    (model, xs, ys, h0), _ = judge.problems()[3]                    # n_hidden 6, n_out 3
    L, _, a_h, _, y_hat = minirnn.forward_pass(model, xs, ys, h0)
    c = correct_values(model, xs, ys, a_h, y_hat, *minirnn.bptt(model, xs, ys, a_h, y_hat)[1:])
    missing = minirnn.matvec(minirnn.transpose(model.V), c.ds_o[1])
    assert judge.diagnosis(c, "da_{h,t}", 1, missing).name == "the carried term missing"


class Recording(judge.Source):
    """A Source that keeps what the core tells it of each call of the learner's code, and can
    say where that code raised (raised: what check.py's Source finds in a frame)."""

    def __init__(self, raised=None):
        judge.Source.__init__(self, "a.py")
        self.told, self.frame = [], raised

    def calling(self, doing):
        self.told.append(doing)

    def called(self):
        self.told.append("returned")

    def raised(self, error):
        return self.frame


README = 'README\'s "BPTT by hand" example'


def test_the_core_tells_its_source_each_call_of_the_learners_code_and_why():
    source = Recording()
    status, _ = judge.judge({"forward_pass": lambda *args: minirnn.forward_pass(*args)}, (), source)
    assert status == 0 and source.told == [told for _, where in judge.forward_problems()
                                           for told in ("running your forward_pass on " + where, "returned")]

    def bptt(model, xs, ys, a_h, y_hat):
        y_hat[1][0] -= 1.0
        return minirnn.bptt(model, xs, ys, a_h, y_hat)
    source = Recording()
    status, _ = judge.judge({"bptt": bptt}, (), source)
    assert status == 1 and source.told == [
        "running your bptt on " + README, "returned",
        "running your bptt again on %s, to find the line that changes its input" % README, "returned"]


def test_the_learners_function_gets_copies_so_nothing_it_keeps_reaches_the_checker():
    kept = []

    def forward_pass(model, xs, ys, h0):
        kept.append((model, xs, h0))
        return minirnn.forward_pass(model, xs, ys, h0)
    model, xs, ys, h0 = judge.readme_example()
    judge.call_learner({"forward_pass": forward_pass}, "forward_pass", judge.Source("a.py"), "checking",
                       README, [("model", model), ("xs", xs), ("ys", ys), ("h0", h0)], 5, "(L, ...)")
    theirs, their_xs, their_h0 = kept[0]
    assert theirs is not model and theirs.W is not model.W and theirs.to_dict() == model.to_dict()
    assert their_xs is not xs and their_xs[0] is not xs[0] and their_xs == xs and their_h0 is not h0


def told(namespace, source=None):
    status, report = judge.judge(namespace, (), source or judge.Source("a.py"))
    return status, " ".join(report.split())


def test_a_gradient_check_that_changes_xs_or_ys_exits_or_raises_is_told_so():
    def changing(name):
        def gradient_check(model, xs, ys, h0):
            if name == "xs":
                xs[0][0] = 2.0
            else:
                ys[0] = 1 - ys[0]
            return 0.0
        return {"gradient_check": gradient_check}
    # xs and ys are not what a gradient check nudges: no "a nudge not undone" for them
    assert told(changing("xs")) == (1, "a.py: wrong. Your gradient_check changed its input xs[0][0] (it "
                                       "was 1.0000, it is now 2.0000), on %s: it must leave its inputs as "
                                       "they are." % README)
    assert told(changing("ys")) == (1, "a.py: wrong. Your gradient_check changed its input ys[0] (it "
                                       "was 1, it is now 0), on %s: it must leave its inputs as they "
                                       "are." % README)

    def exits(model, xs, ys, h0):
        raise SystemExit(3)
    assert told({"gradient_check": exits}) == (
        1, "a.py: wrong. Your gradient_check called exit(3) while the checker was running your "
           "gradient_check on %s: it must return its result, and nothing in it may exit." % README)

    def raises(model, xs, ys, h0):
        raise ValueError("boom")
    # a frame with a t and a None read, as check.py finds them: a gradient check has no steps to tell
    frame = {"line": 3, "text": "x = a_h[t]", "inside": None, "locals": {"t": 1}, "t": 1, "statement": 3,
             "read": [("a_h", "t", 1, None)], "written": [], "in_loop": True}
    assert told({"gradient_check": raises}, Recording(frame)) == (
        1, "a.py raised ValueError: boom your line 3: x = a_h[t] while the checker was running your "
           "gradient_check on %s" % README)


def test_an_arithmetic_error_pypy_words_without_a_type_is_told_as_lists_doing_no_arithmetic():
    text = judge.raised_words(judge.Source("a.py"), TypeError("operands do not support **"), "checking",
                              None, None)
    assert "Python's lists do no arithmetic" in text
    assert "lists do no" not in judge.raised_words(judge.Source("a.py"), TypeError("bad operand"), "checking",
                                                   None, None)


def test_the_train_judge_tells_its_source_each_call_and_names_a_change_to_minirnn(monkeypatch):
    small_run = judge.run_words(judge.RUNS[0])
    source = Recording()
    status, report = told({"train": lambda model, data, epochs, lr, clip: [], "bptt": minirnn.bptt}, source)
    assert status == 1 and source.told == ["running your train on " + small_run, "returned"]

    def changing(model, data, epochs, lr, clip):
        minirnn.zeros = lambda n: [0.0] * n
        return []
    monkeypatch.setattr(minirnn, "zeros", minirnn.zeros)         # put back after the test
    assert told({"train": changing, "bptt": minirnn.bptt}) == (
        1, "a.py: wrong. Your code changed minirnn's zeros (found while the checker was running your "
           "train on %s): the checker compares with minirnn as it is, so leave it as it is." % small_run)


def test_an_update_report_calls_a_norm_equal_to_clip_at_most_clip():
    run = ("a run", 4, 5, 6, 1, 0.1, 1.0, 1)
    probe = judge.Reference(run)
    xs, ys = probe.data[0]
    _, _, a_h, _, y_hat = minirnn.forward_pass(probe.start, xs, ys, minirnn.zeros(4))
    size = judge.norm_of_grads(judge.plain(minirnn.bptt(probe.start, xs, ys, a_h, y_hat)[0]))
    for clip, words in [(size, "at most"), (size * (1 - 1e-12), "above")]:
        reference = judge.Reference(run[:6] + (clip,) + run[7:])
        try:                                     # the parameters at update 1's bptt: it was not made
            judge.check_update(judge.parameters(reference.start), reference, 1, minirnn.bptt)
            raise AssertionError("update 1 was not made")
        except judge.Stop as stop:
            told_norm = "(The gradient's global norm there is %.4g, %s clip = %g.)" % (size, words, clip)
            assert told_norm in " ".join(stop.text.split())


def test_a_term_that_is_a_steps_share_transposed_is_found_at_its_step_in_dv_or_dw():
    (model, xs, ys, h0), _ = judge.problems()[1]                    # 3 x 4 x 5, T = 3
    L, _, a_h, _, y_hat = minirnn.forward_pass(model, xs, ys, h0)
    c = correct_values(model, xs, ys, a_h, y_hat, *minirnn.bptt(model, xs, ys, a_h, y_hat)[1:])
    dW_share, dV_share = minirnn.outer(c.ds_h[1], xs[0]), minirnn.outer(c.ds_o[2], c.a_h[2])
    assert judge.transposed_share(c, [[0.0], minirnn.transpose(dW_share)]) == (["dW"], 1)
    assert judge.transposed_share(c, [minirnn.transpose(dV_share)]) == (["dV"], 2)
    assert judge.transposed_share(c, [dW_share, c.ds_o[1]]) is None


def test_the_core_alone_tells_terms_of_two_shapes_it_cannot_tie_to_a_line():
    source = inspect.getsource(minirnn.bptt).replace("mul(da_h[t], [1.0 - a * a for a in a_h[t]])",
                                                     "mul(da_h[t], [1.0 - a * a for a in a_h[t]][:1])")
    namespace = dict((name, getattr(minirnn, name)) for name in ("add", "matvec", "mul", "one_hot", "outer",
                                                                 "sub", "transpose", "zeros", "zeros_like"))
    exec(source, namespace)
    assert told(namespace) == (1, "a.py: wrong. Your bptt called mul(...) on terms of two shapes, 2 entries "
                                  "and 1 entry.")


def readme_problem():
    """(model, xs, ys, h0, a_h, y_hat, minirnn.bptt's result) of README's example."""
    model, xs, ys, h0 = judge.readme_example()
    _, _, a_h, _, y_hat = minirnn.forward_pass(model, xs, ys, h0)
    return model, xs, ys, h0, a_h, y_hat, minirnn.bptt(model, xs, ys, a_h, y_hat)


def test_what_a_learners_frame_held_when_it_raised_is_judged_list_by_list():
    model, xs, ys, h0, a_h, y_hat, (grads, ds_o, da_h, ds_h) = readme_problem()
    steps = [(q, t, judge.STEP_LIST[q][1], {"ds_{o,t}": ds_o, "da_{h,t}": da_h, "ds_{h,t}": ds_h}[q][t])
             for q, t in judge.order(2) if t is not None]
    sizes = {"n_in": 1, "n_hidden": 2, "n_out": 2}
    wrong = [None, [0.0, 0.0], [0.5, 0.5]]                        # ds_h[2] wrong, no da_h list kept
    assert judge.wrong_before({"locals": {"ds_o": ds_o, "ds_h": wrong}}, steps, sizes) == (
        "ds_{h,t}", 2, [0.5, 0.5], None)
    assert judge.wrong_before({"locals": {"ds_o": ds_o, "ds_h": [None, None, [0.5]]}}, steps, sizes) == (
        "ds_{h,t}", 2, [0.5], "wrong shape: ds_{h,t} has 1 entry; it must have n_hidden = 2")
    assert judge.wrong_before({"locals": {"ds_o": ds_o, "da_h": [None, None, None]}}, steps, sizes) is None
    assert judge.wrong_before(None, steps, sizes) is None


def test_the_learners_own_bptt_under_train_is_named_by_its_first_gradient_not_minirnns():
    model, xs, ys, h0, a_h, y_hat, (grads, ds_o, da_h, ds_h) = readme_problem()

    def returning(result):
        return lambda *args: result
    assert judge.own_gradient_differs(minirnn.bptt, model, xs, ys, a_h, y_hat, grads) is None
    for result, name in [((dict(grads, U=[[0.0] * 2] * 2),), "U"), ((dict(grads, b_o=None),), "b_o"),
                         (grads, "W"), ((), "W"), (([1.0],), "W"),
                         ((dict((k, grads[k]) for k in "WUV"),), "b_h")]:   # not a tuple, no dict, no b_h
        assert judge.own_gradient_differs(returning(result), model, xs, ys, a_h, y_hat, grads) == name, result


def test_a_gradient_on_the_edge_of_finite_differences_agrees_and_one_past_it_does_not():
    # xs all 0: W touches no sum, so L(W + eps) and L(W - eps) are one number and n = 0 exactly
    model, _, ys, h0 = judge.readme_example()
    xs = [[0.0], [0.0]]
    _, _, a_h, _, y_hat = minirnn.forward_pass(model, xs, ys, h0)
    grads, ds_o, da_h, ds_h = minirnn.bptt(model, xs, ys, a_h, y_hat)
    for entry, agrees in [(1e-7, True), (1.01e-7, False)]:          # within 1e-7 + 1e-5 |n|
        result = (dict(grads, W=[[entry], [0.0]]), ds_o, da_h, ds_h)
        found = judge.finite_differences(result, model, xs, ys, h0)
        assert (found is None) == agrees, found


def test_trained_parameters_are_the_references_to_1e_9_plus_a_ten_millionth():
    want = dict((name, [[0.0]] if name in "WUV" else [0.0]) for name in judge.NAMES)
    for off, found in [(1e-9, None), (1.01e-9, ("W[0][0]", 1.01e-9, 0.0))]:
        assert judge.first_entry_differing(dict(want, W=[[off]]), want) == found
    want["b_o"] = [1.0]
    assert judge.first_entry_differing(dict(want, b_o=[1.0 + 1.02e-7]), want) is not None
    assert judge.first_entry_differing(dict(want, b_o=[1.0 + 1.0e-7]), want) is None


def test_a_train_whose_forward_pass_starts_from_other_than_zeros_is_told_what_it_started_from():
    reference = judge.Reference(judge.RUNS[0])
    state = {"calls": 0}
    bptt = judge.train_recorder(minirnn.bptt, reference, state)
    model = minirnn.RNN.from_dict(reference.start.to_dict())
    xs, ys = reference.data[0]
    _, _, a_h, _, y_hat = minirnn.forward_pass(model, xs, ys, minirnn.zeros(4))

    def stopped(h, sequence=(xs, ys)):
        try:
            bptt(model, sequence[0], sequence[1], [h] + a_h[1:], y_hat)
        except judge.Stop as stop:
            return " ".join(stop.text.split())
        raise AssertionError("not stopped at a_h[0] = %r" % (h,))
    for h, words in [(0, "the number 0.0"), ([0.5] * 4, "[0.5000, 0.5000, 0.5000, 0.5000]")]:
        state["calls"] = 0
        assert stopped(h) == ("on update 1 (sequence data[0], epoch 1), the forward pass started from "
                              "a_{h,0} = %s, not zeros." % words)
    state["calls"] = 0
    assert stopped(a_h[0], (xs[::-1], ys[::-1])) == (
        "on update 1 (epoch 1), your train called bptt on a sequence that is not one of data, where "
        "minirnn's train takes data[0]: every sequence of data, in order, every epoch.")
    state["calls"] = 0
    bptt(model, xs, ys, a_h, y_hat)                               # update 1's bptt, from zeros: right
    assert stopped(a_h[0]).startswith("on bptt's call 2, your train called bptt again on data[0]:")
    state["calls"] = 1
    assert stopped(a_h[-1]).startswith("on update 2 (sequence data[1], epoch 1), the forward pass started "
                                       "from a_{h,0} = %s, not zeros: the state the previous sequence ended "
                                       "in. Diagnosis: the state carried across sequences." % judge.formatted(
                                           a_h[-1]))
    state["calls"] = 1                                           # update 2's bptt, on data[1]: right
    updated = judge.Reference(judge.RUNS[0]).after(1)
    after_one = minirnn.RNN.from_dict(dict(reference.start.to_dict(), **updated))
    xs_1, ys_1 = reference.data[1]
    _, _, a_h_1, _, y_hat_1 = minirnn.forward_pass(after_one, xs_1, ys_1, minirnn.zeros(4))
    bptt(after_one, xs_1, ys_1, a_h_1, y_hat_1)
    try:
        bptt(after_one, xs_1, ys_1, a_h_1, y_hat_1)
        raise AssertionError("bptt's call 3, on data[1] again, is not stopped")
    except judge.Stop as stop:
        assert " ".join(stop.text.split()).startswith(
            "on bptt's call 3, your train called bptt again on data[1]:")


def test_the_held_out_figures_are_on_new_sequences_of_10_and_50_steps_leaving_out_the_training_data():
    model, _ = judge.training_problem(10, 40, 10, 0)                 # untrained: about a third right
    rng = minirnn.make_rng(12345)                                    # held_out_accuracy's own draws
    drawn = [minirnn.make_data(minirnn.sum_last_two_mod3, 1, 10, rng)[0] for _ in range(20)]
    task = minirnn.sum_last_two_mod3
    short, long = [100 * minirnn.held_out_accuracy(model, task, length, drawn) for length in (10, 50)]
    assert judge.held_out_words(model, drawn) == (
        "gets %.1f%% of steps right on 100 new sequences of length 10, %.1f%% on 100 of length 50"
        % (short, long))
    assert judge.held_out_words(model, drawn) != judge.held_out_words(model, ())   # the 20 are left out


def test_a_learner_matching_a_broken_minirnn_bptt_is_still_wrong_by_finite_differences(monkeypatch):
    right = minirnn.bptt

    def doubled_dW(model, xs, ys, a_h, y_hat):
        grads, ds_o, da_h, ds_h = right(model, xs, ys, a_h, y_hat)
        return dict(grads, W=[[2 * v for v in row] for row in grads["W"]]), ds_o, da_h, ds_h
    grads = readme_problem()[-1][0]
    monkeypatch.setattr(minirnn, "bptt", doubled_dW)
    monkeypatch.setitem(judge.REFERENCE, "bptt", doubled_dW)
    for unwritten in [(), ("dh0",)]:                             # finished or not
        status, report = judge.judge({"bptt": lambda *args: doubled_dW(*args)}, unwritten,
                                     judge.Source("a.py"))
        assert (status, report) == (1, "a.py: wrong on %s: dW[0][0] is %.6g, but finite differences of L "
                                       "give %.6g" % (README, 2 * grads["W"][0][0], grads["W"][0][0]))


def test_a_forward_pass_that_changes_minirnn_while_it_runs_is_told_so(monkeypatch):
    def changing(model, xs, ys, h0):
        minirnn.tanh = lambda v: v
        return minirnn.forward_pass(model, xs, ys, h0)
    monkeypatch.setattr(minirnn, "tanh", minirnn.tanh)          # put back after the test
    assert told({"forward_pass": changing}) == (
        1, "a.py: wrong. Your code changed minirnn's tanh (found while the checker was running your "
           "forward_pass on %s): the checker compares with minirnn as it is, so leave it as it is." % README)


def test_a_bptt_that_changes_minirnn_while_it_runs_is_told_so(monkeypatch):
    def changing(model, xs, ys, a_h, y_hat):
        minirnn.outer = lambda u, v: [[a * b for b in v] for a in u]
        minirnn.add = lambda u, v: [a + b for a, b in zip(u, v)]
        return minirnn.bptt(model, xs, ys, a_h, y_hat)
    for name in ("outer", "add"):                                # put back after the test
        monkeypatch.setattr(minirnn, name, getattr(minirnn, name))
    assert told({"bptt": changing}) == (
        1, "a.py: wrong. Your code changed minirnn's add, outer (found while the checker was running your "
           "bptt on %s): the checker compares with minirnn as it is, so leave it as it is." % README)


def test_each_given_line_changed_is_paired_with_the_learners_line_that_starts_like_it():
    template = "W, U, V, b_h, b_o = model  # given\nT = len(xs)  # given \n" \
               "for t in range(T, 0, -1):  # given\n    z = ...\nd = 0  # given\n"
    learners = "W, U, V, b_h, b_o = model  # given\nfor t in range(T, -1, -1):  # given\n    z = 1\n" \
               "T = len(ys)  # given  \n"                             # (a space or two after it too)
    loop = 'the loop, t = T down to 1: README, "BPTT, line by line", "Why the loop runs from T down to 1"'
    edits = judge.given_edits(template, learners)
    assert edits == [(4, "T = len(xs)", "T = len(ys)", "T, the number of steps"),
                     (2, "for t in range(T, 0, -1):", "for t in range(T, -1, -1):", loop),
                     (None, "d = 0", None, "a given line")]
    assert judge.given_words(edits) == "\n".join([judge.wrapped(sentence, "") for sentence in [
        "Your line 4 is a given line changed: `T = len(ys)` where the exercise gives `T = len(xs)`, which "
        "sets T, the number of steps.",
        "Your line 2 is a given line changed: `for t in range(T, -1, -1):` where the exercise gives "
        "`for t in range(T, 0, -1):`, which sets %s." % loop,
        "A given line is not in your file as given: `d = 0`, which sets a given line."]])
    assert judge.given_edits(template, "T = len(ys)\n") == []              # no `# given`: not a copy
    # lines that set something else are paired in order
    edits = judge.given_edits("a = 1  # given\nb = 2  # given\n", "x = 1  # given\ny = 2  # given\n")
    assert [edit[:3] for edit in edits] == [(1, "a = 1", "x = 1"), (2, "b = 2", "y = 2")]
    # the one marked line goes to the given line it sets the same as, not to the first one missing
    assert judge.given_edits(template, "T = len(ys)  # given \n")[:2] == [
        (None, "W, U, V, b_h, b_o = model", None, "the weights' names, read from the model"),
        (1, "T = len(xs)", "T = len(ys)", "T, the number of steps")]
    codes = ("T = len(xs)", "for t in range(T, 0, -1):", "x_t, y_t = xs[0], ys[0]")
    assert [judge.sets(code) for code in codes] == ["T", "fort", "x_t,y_t"]


class Appending(judge.Source):
    """A Source that finds every quantity's line to be `X += ...`."""

    def appends(self, quantity):
        return True


def test_plus_equals_is_named_only_for_a_list_longer_than_its_quantity():
    model, xs, ys, h0, a_h, y_hat, expected = readme_problem()                 # dV is 2 x 2
    c = correct_values(model, xs, ys, a_h, y_hat, *expected[1:])

    def words(got):
        text = judge.report(Appending("a.py"), c, expected, "dV", None, got, "wrong shape: dV is ...", README,
                            (), False, None)
        return text.splitlines()[2].strip()
    assert words([[0.0, 0.0]] * 3) == (
        "wrong shape: dV has 3 rows: `+=` on lists appends; use dV = add(dV, ...)")
    assert words([[0.0]] * 2) == "wrong shape: dV is ..."                   # as many rows: not `+=`


def test_the_core_names_the_function_when_no_source_is_given_and_given_lines_only_with_both_texts():
    namespace = {"bptt": lambda *args: minirnn.bptt(*args)}
    assert judge.judge(namespace)[1].startswith("your bptt: right.\n")
    source = judge.Source("a.py")
    for template, learners in [("T = len(xs)  # given\n", None), (None, "T = len(ys)  # given\n")]:
        assert judge.judge(namespace, (), source, template, learners) == judge.judge(namespace, (), source)


def test_the_problems_own_generator_stays_in_its_range_for_any_seed():
    for seed in (0, 1, 2147483645, 2147483646, 2147483647, -5):
        draws = judge.Uniform(seed)
        assert len(set([draws.uniform(0.0, 1.0) for _ in range(3)])) == 3, seed   # never stuck at 0


def test_a_model_that_stopped_changing_is_told_after_which_update_but_the_last_update_alone_is_not():
    run = judge.RUNS[0]                                              # 10 updates
    reference = judge.Reference(run)
    after = [reference.after(k) for k in range(10)]
    assert "has none of its updates" in judge.stale_words(after[0], run)
    assert "stopped changing after update 8 of 10" in " ".join(judge.stale_words(after[8], run).split())
    assert judge.stale_words(after[9], run) is None                   # update 10 not made: check_update says
