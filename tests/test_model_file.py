"""The streaming model file: `model.save(f)` writes it a row at a time to anything with `write`,
`RNN.load(f)` reads it back a line at a time from anything with `readline`, exactly, and refuses
what from_dict refuses (a wrong size, a number that is not finite or not a number) with a message
that names the row and the entry, and a file that ends early or does not start as save's does.

    python3 -m pytest tests/test_model_file.py

Whether a file written here loads on MicroPython and on the float32 build is make portability's
and make heaps' (the recipe and the character model read it there).
"""
import io
import math

import pytest

import minirnn
from minirnn import RNN
from tests.helpers import PARAMS, trained_model

# Numbers whose repr must read back as the same float: the extremes of double precision, -0.0
# (which equals 0.0 but is another float), and values whose shortest repr has 17 digits.
EXTREMES = [-0.0, 5e-324, -2.2250738585072014e-308, 1.7976931348623157e308, 0.1, 1 / 3,
            -9007199254740993.0, 2.0 ** -1074 * 3, 123456789.12345679]


def written(model):
    """The text model.save writes."""
    f = io.StringIO()
    model.save(f)
    return f.getvalue()


def small_model():
    """A 2-3-4 model, every number different: W, U, V, b_h, b_o in that order."""
    model = RNN(2, 3, 4, seed=5)
    model.b_h, model.b_o = [0.5, -0.25, 0.125], [1.5, -2.5, 3.5, -4.5]
    return model


def reprs(model):
    """Every number of the model as its repr, so that -0.0 differs from 0.0."""
    return {name: repr(getattr(model, name)) for name in PARAMS}


def test_load_of_save_is_the_model_exactly():
    model = trained_model()
    loaded = RNN.load(io.StringIO(written(model)))
    assert loaded.to_dict() == model.to_dict() and reprs(loaded) == reprs(model)
    assert (loaded.n_in, loaded.n_hidden, loaded.n_out) == (model.n_in, model.n_hidden, model.n_out)
    xs = [minirnn.one_hot(k % 3, 3) for k in range(20)]
    assert loaded.forward(xs) == model.forward(xs)


def test_every_float_reads_back_as_itself():
    model = RNN(3, 3, 3, seed=0)
    model.W = [EXTREMES[0:3], EXTREMES[3:6], EXTREMES[6:9]]
    model.b_o = [-0.0, 0.0, -5e-324]
    loaded = RNN.load(io.StringIO(written(model)))
    assert reprs(loaded) == reprs(model)
    assert all(type(v) is float for _, value in loaded.params() for row in value
               for v in (row if isinstance(row, list) else [row]))


def test_save_writes_the_header_then_one_line_per_row_in_order():
    model = small_model()
    lines = written(model).split("\n")
    assert lines[0] == "minirnn 1 2 3 4" and lines[-1] == ""
    rows = model.W + model.U + model.V + [model.b_h, model.b_o]
    assert lines[1:-1] == [" ".join(repr(v) for v in row) for row in rows]


class Writes:
    """Anything with write: records each call."""
    def __init__(self):
        self.calls = []

    def write(self, text):
        self.calls.append(text)


def test_save_writes_a_row_at_a_time_to_anything_with_write():
    model, f = small_model(), Writes()
    model.save(f)
    assert "".join(f.calls) == written(model)
    assert len(f.calls) == 1 + 3 + 3 + 4 + 2                   # never the whole file in one string
    assert all(call.endswith("\n") and call.count("\n") == 1 for call in f.calls)


class Lines:
    """Anything with readline, and nothing else: counts the lines it gives."""
    def __init__(self, text):
        self.lines, self.read = text.splitlines(True), 0

    def readline(self):
        self.read += 1
        return self.lines[self.read - 1] if self.read <= len(self.lines) else ""


def test_load_reads_a_line_at_a_time_and_no_line_past_the_model():
    model = small_model()
    f = Lines(written(model) + "what comes next is the caller's\n")
    assert RNN.load(f).to_dict() == model.to_dict()
    assert f.read == 1 + 3 + 3 + 4 + 2


def test_load_reads_a_real_file_and_windows_line_ends_and_spaces(tmp_path):
    model = small_model()
    path = tmp_path / "model.txt"
    with open(path, "w") as f:
        model.save(f)
    with open(path) as f:
        assert RNN.load(f).to_dict() == model.to_dict()
    spaced = written(model).replace(" ", " \t ").replace("\n", "  \r\n")
    assert RNN.load(io.StringIO(spaced)).to_dict() == model.to_dict()


def test_load_gives_each_row_a_list_of_its_own():
    loaded = RNN.load(io.StringIO(written(small_model())))
    rows = [row for _, value in loaded.params() for row in (value if isinstance(value[0], list) else [value])]
    assert len({id(row) for row in rows}) == len(rows) == 3 + 3 + 4 + 2


def edited(line, words):
    """small_model's file with line `line` (0 is the header) replaced by `words`."""
    lines = written(small_model()).split("\n")
    lines[line] = words
    return "\n".join(lines)


def cut_before(line):
    """small_model's file cut just before line `line` (the file ends there)."""
    return "".join(written(small_model()).splitlines(True)[:line])


# (what, the file, exception, the whole message)
FIRST_LINE = ("load: the first line must be 'minirnn 1 <n_in> <n_hidden> <n_out>' (format 1, minirnn"
              " %s), got " % minirnn.__version__)
REFUSALS = [
    ("empty", "", ValueError, FIRST_LINE + "''"),
    ("a JSON model", '{"n_in": 2}\n', ValueError, FIRST_LINE + "'{\"n_in\": 2}\\n'"),
    ("a header without n_out", "minirnn 1 2 3\n", ValueError, FIRST_LINE + "'minirnn 1 2 3\\n'"),
    ("another name", edited(0, "minirnm 1 2 3 4"), ValueError, FIRST_LINE + "'minirnm 1 2 3 4\\n'"),
    ("an unknown format", edited(0, "minirnn 2 2 3 4"), ValueError, FIRST_LINE + "'minirnn 2 2 3 4\\n'"),
    ("a float size", edited(0, "minirnn 1 2 3.0 4"), ValueError, FIRST_LINE + "'minirnn 1 2 3.0 4\\n'"),
    ("a word for a size", edited(0, "minirnn 1 2 3 four"), ValueError,
     FIRST_LINE + "'minirnn 1 2 3 four\\n'"),
    ("a negative size", edited(0, "minirnn 1 -2 3 4"), ValueError, FIRST_LINE + "'minirnn 1 -2 3 4\\n'"),
    ("a size of 0", edited(0, "minirnn 1 2 0 4"), ValueError,
     "n_hidden must be >= 1 and <= 16777216, got 0"),
    ("too many parameters", edited(0, "minirnn 1 4096 4096 1"), ValueError,
     "n_in=4096, n_hidden=4096, n_out=1 make 33562625 parameters, more than 16777216"),
    ("the file ends before W's second row", cut_before(2), ValueError, "load: the file ends at W[1]"),
    ("the file ends before U", cut_before(4), ValueError, "load: the file ends at U[0]"),
    ("the file ends before b_h", cut_before(11), ValueError, "load: the file ends at b_h"),
    ("the file ends before b_o", cut_before(12), ValueError, "load: the file ends at b_o"),
    ("the last line cut short", written(small_model())[:-6], ValueError, "load: the file ends at b_o"),
    ("the last number cut short", written(small_model())[:-2], ValueError, "load: the file ends at b_o"),
    ("no newline after the last row", written(small_model())[:-1], ValueError,
     "load: the file ends at b_o"),
    ("a row cut short in the middle", cut_before(3)[:-3], ValueError, "load: the file ends at W[1]"),
    ("a blank line", edited(5, ""), ValueError, "load: U[1] has 0 numbers, expected n_hidden=3"),
    ("a row too short", edited(1, "0.5"), ValueError, "load: W[0] has 1 numbers, expected n_in=2"),
    ("a row too long", edited(7, "1 2 3 4"), ValueError, "load: V[0] has 4 numbers, expected n_hidden=3"),
    ("b_h too long", edited(11, "1 2 3 4"), ValueError, "load: b_h has 4 numbers, expected n_hidden=3"),
    ("a word", edited(2, "0.5 x"), ValueError, "load: W[1][1] must be a number, got 'x'"),
    ("a number in hex", edited(8, "0x10 1 2"), ValueError, "load: V[1][0] must be a number, got '0x10'"),
    ("nan", edited(6, "1 nan 2"), ValueError, "load: U[2][1] must be finite, got nan"),
    ("inf", edited(9, "1 2 inf"), ValueError, "load: V[2][2] must be finite, got inf"),
    ("-inf", edited(12, "1 2 3 -inf"), ValueError, "load: b_o[3] must be finite, got -inf"),
    ("a number too large for a float", edited(11, "1e999 0 0"), ValueError,
     "load: b_h[0] must be finite, got inf"),
]


@pytest.mark.parametrize("text, kind, message", [case[1:] for case in REFUSALS],
                         ids=[case[0] for case in REFUSALS])
def test_load_refuses_a_file_save_did_not_write(text, kind, message):
    with pytest.raises(kind) as caught:
        RNN.load(io.StringIO(text))
    assert str(caught.value) == message


def text_of(d):
    """The file save would write for the model dict d, written here from d itself: it may hold
    what no model holds (a number that is not finite, a row of the wrong length)."""
    rows = d["W"] + d["U"] + d["V"] + [d["b_h"], d["b_o"]]
    return "minirnn 1 %d %d %d\n" % (d["n_in"], d["n_hidden"], d["n_out"]) + "".join(
        " ".join(map(repr, row)) + "\n" for row in rows)


def with_entry(key, row, index, value):
    """small_model's dict with d[key][row][index] (d[key][index] for a vector, row None) = value;
    index None: the row is replaced by value."""
    d = small_model().to_dict()
    target = d[key] if row is None else d[key][row]
    if index is None:
        target[:] = value
    else:
        target[index] = value
    return d


@pytest.mark.parametrize("key, row, index, value, name", [
    ("W", 1, 1, math.nan, "W[1]"), ("V", 2, 2, math.inf, "V[2]"), ("b_o", None, 3, -math.inf, "b_o"),
    ("U", 0, None, [1.0, 2.0], "U[0]"), ("V", 3, None, [1.0] * 4, "V[3]"), ("b_h", None, None, [], "b_h")])
def test_load_refuses_a_number_or_a_size_as_from_dict_refuses_it(key, row, index, value, name):
    d = with_entry(key, row, index, value)
    with pytest.raises(ValueError) as from_dict:
        RNN.from_dict(d)
    with pytest.raises(ValueError) as load:
        RNN.load(io.StringIO(text_of(d)))
    dict_name = "d[%r]" % key + ("" if row is None else "[%d]" % row)
    assert str(from_dict.value).startswith(dict_name) and str(load.value).startswith("load: " + name)
    assert str(from_dict.value)[len(dict_name):] == str(load.value)[len("load: " + name):]


@pytest.mark.parametrize("f, shown", [("model.txt", "'model.txt'"), (None, "None"), (5, "5"),
                                      (["minirnn 1 2 3 4\n"], "a list")])
def test_load_needs_something_with_readline(f, shown):
    with pytest.raises(TypeError) as caught:
        RNN.load(f)
    assert str(caught.value) == "load needs a file (anything with readline), got " + shown


def test_load_refuses_a_file_opened_in_binary(tmp_path):
    path = tmp_path / "model.txt"
    path.write_text(written(small_model()))
    with open(path, "rb") as f, pytest.raises(ValueError) as caught:
        RNN.load(f)
    assert str(caught.value) == FIRST_LINE + "a bytes"


def test_a_file_load_refuses_leaves_nothing_behind_and_the_next_load_works():
    good = written(small_model())
    with pytest.raises(ValueError):
        RNN.load(io.StringIO(good[:-6]))
    assert RNN.load(io.StringIO(good)).to_dict() == small_model().to_dict()


def test_the_largest_number_in_a_file_is_finite():
    model = small_model()
    model.V[0][0] = 1.7976931348623157e308
    text = written(model)
    assert "1.7976931348623157e+308" in text and math.isfinite(RNN.load(io.StringIO(text)).V[0][0])
