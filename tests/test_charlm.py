"""examples/charlm.py: it learns and speaks min-char-rnn's language (both losses, --prime,
--held-out, --sample-every), and never loses work or harms a file: a closed pipe, a name
the terminal cannot encode, Ctrl-C, a full disk, a second run on the same checkpoint, a
diverging run, and every bad flag, text, checkpoint or checkpoint path.

    python3 -m pytest tests/test_charlm.py

Most tests call charlm's main in-process on a tiny text (subprocesses only where the
operating system's part is the point: a real Ctrl-C, a real closed pipe).
"""
import errno
import importlib.util
import io
import json
import locale
import math
import os
import signal
import socket
import subprocess
import sys
import types

import pytest

from minirnn import RNN, one_hot
from tests.helpers import ROOT

CHARLM = os.path.join(ROOT, "examples", "charlm.py")
SPEC = importlib.util.spec_from_file_location("examples.charlm", CHARLM)   # as mutmut names it
charlm = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(charlm)

TINY_TEXT = "the cat sat on the mat. the dog sat on the log. " * 30
TINY = ["tiny.txt", "--hidden", "16", "--every", "20"]      # a progress line every 500 characters
TINY_CHARS = "".join(sorted(set(TINY_TEXT)))


class Stream(io.StringIO):
    """A stdout or stderr: its encoding as given, and hook(stream, text) called on each write
    (a closed pipe, or a Ctrl-C, as the test needs)."""

    def __init__(self, encoding="utf-8", hook=None):
        super().__init__()
        self.shown_as, self.hook = encoding, hook

    @property
    def encoding(self):
        return self.shown_as

    def write(self, text):
        if self.hook is not None:
            self.hook(self, text)
        return super().write(text)


def run(tmp_path, *args, stdout=None, text=TINY_TEXT):
    """charlm's main(args) in tmp_path, which holds tiny.txt: (exit status, stdout, stderr)."""
    here = os.getcwd()
    os.chdir(str(tmp_path))
    if not (tmp_path / "tiny.txt").exists():
        (tmp_path / "tiny.txt").write_text(text)
    out, err = stdout or Stream(), Stream()
    sys.stdout, sys.stderr = out, err
    try:
        status = charlm.main(list(args))
    except SystemExit as e:
        status = e.code
    finally:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        os.chdir(here)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def bounded_training(monkeypatch):
    """A run that goes on training past where it should stop fails, instead of never ending:
    each train call is a pass (or the rest of one), and no test needs 20 of them."""
    passes, train = [], RNN.train

    def bounded(*args, **kwargs):
        passes.append(1)
        assert len(passes) <= 20, "charlm trains on where it should have stopped"
        return train(*args, **kwargs)
    monkeypatch.setattr(RNN, "train", bounded)


@pytest.fixture(autouse=True)
def restore_streams(capsys):
    """run swaps sys.stdout and sys.stderr: capsys's own are put back after each test."""
    out, err = sys.stdout, sys.stderr
    yield
    sys.stdout, sys.stderr = out, err


def ok(tmp_path, *args, **kwargs):
    """run's stdout, checked to exit 0 with nothing on stderr."""
    status, out, err = run(tmp_path, *args, **kwargs)
    assert (status, err) == (0, ""), err
    return out


def progress_lines(out):
    """(characters seen, loss per character, min-char-rnn's loss, held-out or None) of each
    progress line."""
    lines = []
    for line in out.splitlines():
        if "loss per char" in line:
            words = line.split()
            held = line.split("held-out ")[1].split()[0] if "held-out" in line else None
            lines.append((int(words[0].replace(",", "")), float(words[7]), float(words[13]),
                          held and float(held)))
    return lines


def saved(tmp_path, name="charlm.json"):
    """The checkpoint's JSON."""
    return json.loads((tmp_path / name).read_text())


def checkpoint_json(drop=None, model=None, **progress):
    """A usable checkpoint of a 2-character model as JSON, with its progress changed by
    progress, its model by model, and without its key drop."""
    d = {"model": RNN(2, 3, 2, seed=0).to_dict(), "chars": "ab",
         "progress": {"seen": 50, "pass": 1, "position": 0, "loss": 0.7, "next": "a", "a_h": [0.0] * 3}}
    d["progress"].update(progress)
    d["model"].update(model or {})
    d.pop(drop, None)
    return json.dumps(d)


def folder(tmp_path):
    """Each file of tmp_path with its bytes (a symlink: where it points; else what it is)."""
    return {name: os.readlink(str(tmp_path / name)) if (tmp_path / name).is_symlink()
            else (tmp_path / name).read_bytes() if (tmp_path / name).is_file()
            else charlm.kind(str(tmp_path / name))
            for name in os.listdir(str(tmp_path))}


# ---------------------------------------------------------------------------
# Learning, resuming, writing: the docstring's and docs/charlm.md's behaviours
# ---------------------------------------------------------------------------

def test_loss_falls_and_a_checkpoint_round_trips(tmp_path):
    out = ok(tmp_path, *TINY, "--chars", "4000", "--lr", "0.3")
    first = progress_lines(out)
    assert "held-out" not in out                           # --held-out 0, the default: none
    assert out.splitlines()[0].endswith(" hidden units, lr 0.3, clip 5.0, sequences of 25")
    log_k = math.log(len(TINY_CHARS))
    assert len(first) == 8 and first[0][1] < log_k and first[-1][1] < first[0][1] / 2
    checkpoint = saved(tmp_path)
    assert checkpoint["chars"] == TINY_CHARS and checkpoint["progress"]["seen"] == 2 * 1439 + 45 * 25
    assert (checkpoint["progress"]["pass"], checkpoint["progress"]["position"]) == (3, 45 * 25)
    out = ok(tmp_path, *TINY, "--chars", "5000", "--resume")
    assert out.startswith("resuming from charlm.json at 4,003 characters\n")
    resumed = progress_lines(out)
    assert resumed[0][0] > 4003 and resumed[0][1] < first[-1][1] * 1.5
    sample = ok(tmp_path, "--sample", "100").rstrip("\n")
    assert len(sample) == 101 and set(sample) <= set(TINY_TEXT) and " sat on the " in sample


def test_both_losses_are_the_update_losses_smoothed_as_documented(tmp_path):
    # One update of 25 characters: its loss L is the new model's on them, before the step.
    ok(tmp_path, "tiny.txt", "--hidden", "16", "--chars", "25")
    vectors = [one_hot(k, len(TINY_CHARS)) for k in range(len(TINY_CHARS))]
    xs = [vectors[TINY_CHARS.index(c)] for c in TINY_TEXT[:25]]
    ys = [TINY_CHARS.index(c) for c in TINY_TEXT[1:26]]
    L = RNN(len(TINY_CHARS), 16, len(TINY_CHARS), seed=0).loss(xs, ys)
    progress, log_k = saved(tmp_path)["progress"], math.log(len(TINY_CHARS))
    assert progress["loss"] == pytest.approx(0.99 * log_k + 0.01 * L / 25, rel=1e-12)
    # min-char-rnn's smooth_loss: from -log(1/K) * 25, then 0.999 of it and 0.001 of L
    assert progress["smooth_loss"] == pytest.approx(0.999 * 25 * log_k + 0.001 * L, rel=1e-12)
    # ... and per 25 characters whatever --seq is
    ok(tmp_path, "tiny.txt", "--hidden", "16", "--chars", "5", "--seq", "5", "--checkpoint", "5.json")
    L5 = RNN(len(TINY_CHARS), 16, len(TINY_CHARS), seed=0).loss(xs[:5], ys[:5])
    assert saved(tmp_path, "5.json")["progress"]["smooth_loss"] == pytest.approx(
        0.999 * 25 * log_k + 0.001 * 5 * L5, rel=1e-12)


def test_the_progress_line_shows_what_docs_charlm_md_says(tmp_path):
    line = ok(tmp_path, *TINY, "--chars", "500", "--held-out", "100").splitlines()[1]
    seen, per_char, gist, held = progress_lines(line)[0]
    assert line.startswith("       500 chars  pass 1  loss per char ") and line.endswith(" us/char")
    assert f"(log K = {math.log(len(TINY_CHARS)):.3f})  min-char-rnn's {gist:.2f}  held-out" in line
    progress = saved(tmp_path)["progress"]
    assert (seen, per_char, gist) == (500, round(progress["loss"], 3), round(progress["smooth_loss"], 2))


def test_a_loss_above_log_k_says_it_may_be_diverging(tmp_path):
    out = ok(tmp_path, "tiny.txt", "--hidden", "16", "--every", "2", "--chars", "100", "--lr", "30")
    flagged = [(line, gist) for line, (_, per_char, gist, _) in zip(out.splitlines()[1:], progress_lines(out))
               if per_char > math.log(len(TINY_CHARS))]
    assert flagged and all(f"min-char-rnn's {gist:.2f}  above log K: diverging? try a smaller --lr  " in line
                           for line, gist in flagged)
    # A model that has learnt nothing (every weight 0) scores exactly log K: not above it
    zero = {name: [[0.0] * len(row) for row in value] if isinstance(value[0], list) else [0.0] * len(value)
            for name, value in RNN(14, 4, 14).to_dict().items() if name in ("W", "U", "V", "b_h", "b_o")}
    d = json.loads(checkpoint_json(model={"n_in": 14, "n_hidden": 4, "n_out": 14, **zero},
                                   seen=0, loss=math.log(14), next="t", a_h=[0.0] * 4))
    (tmp_path / "zero.json").write_text(json.dumps({**d, "chars": TINY_CHARS}))
    out = ok(tmp_path, "tiny.txt", "--resume", "--checkpoint", "zero.json", "--seq", "1", "--every", "1",
             "--chars", "1")
    assert f"loss per char {math.log(14):.3f} (log K = {math.log(14):.3f})  min-char-rnn's" in out
    assert "above log K" not in out


def test_samples_come_every_sample_every_updates_and_0_turns_them_off(tmp_path):
    def samples(*flags):
        out = ok(tmp_path, *TINY, "--chars", "500", *flags)
        return out.count("----\n") // 2, out
    assert samples()[0] == 0                               # 20 updates: the default is every 200
    count, out = samples("--sample-every", "7")
    assert count == 2 and [len(s) for s in out.split("----\n")[1::2]] == [202] * 2   # 201 and "\n"
    assert samples("--sample-every", "0", "--every", "1")[0] == 0
    assert samples("--every", "1")[0] == 2                 # 10 times --every: every 10 updates


def test_training_carries_the_state_through_the_text_and_a_resumed_run_starts_it_from_zeros(tmp_path):
    ok(tmp_path, *TINY, "--chars", "100")
    table = {c: k for k, c in enumerate(TINY_CHARS)}
    vectors = [one_hot(k, len(TINY_CHARS)) for k in range(len(TINY_CHARS))]
    model = RNN(len(TINY_CHARS), 16, len(TINY_CHARS), seed=0)
    model.train(charlm.make_pairs(TINY_TEXT, table, vectors, 25)[:4], 1, 0.1, clip=5.0, carry=True)
    assert saved(tmp_path)["model"] == model.to_dict()     # 4 updates of 25, the state carried
    ok(tmp_path, *TINY, "--chars", "150", "--resume")
    model.train(charlm.make_pairs(TINY_TEXT[100:], table, vectors, 25)[:2], 1, 0.1, clip=5.0, carry=True)
    assert saved(tmp_path)["model"] == model.to_dict()     # from character 100, the state from zeros


def test_a_sample_in_training_is_the_one_sample_writes_from_that_state(tmp_path):
    out = ok(tmp_path, *TINY, "--chars", "500", "--sample-every", "20", "--temperature", "2", "--seed", "3")
    sample = out.split("----\n")[1]                        # after the 20th update, the last
    assert sample == ok(tmp_path, "--sample", "200", "--temperature", "2", "--seed", "3")


def test_a_sample_from_the_checkpoint_goes_on_from_its_state_or_from_the_prime(tmp_path):
    ok(tmp_path, *TINY, "--chars", "1000")
    model, chars, progress = charlm.read_checkpoint(str(tmp_path / "charlm.json"))
    ks = model.sample(chars.index(progress["next"]), 30, 0.5, seed=0, h0=progress["a_h"])
    assert ok(tmp_path, "--sample", "30") == progress["next"] + "".join(chars[k] for k in ks) + "\n"
    a_h = None                                             # the prime, run from zeros
    for c in "the ca":
        a_h = model.step(one_hot(chars.index(c), len(chars)), a_h)[1]
    ks = model.sample(chars.index("t"), 30, 2.0, seed=4, h0=a_h)
    expected = "the cat" + "".join(chars[k] for k in ks) + "\n"
    assert ok(tmp_path, "--sample", "30", "--prime", "the cat", "--temperature", "2",
              "--seed", "4") == expected
    out = ok(tmp_path, *TINY, "--chars", "500", "--sample-every", "20", "--prime", "o",
             "--checkpoint", "p.json")
    assert out.split("----\n")[1].startswith("o") and len(out.split("----\n")[1]) == 202


def test_held_out_characters_are_never_trained_on_and_scored_every_4_n(tmp_path):
    held = TINY_TEXT[-96:]                                 # two sentences: every character is before too
    out = ok(tmp_path, *TINY, "--chars", "1500", "--held-out", "96", "--checkpoint", "h.json")
    assert out.splitlines()[0].endswith("sequences of 25; the last 96 held out")
    (tmp_path / "short.txt").write_text(TINY_TEXT[:-96])
    ok(tmp_path, "short.txt", "--hidden", "16", "--every", "20", "--chars", "1500", "--checkpoint", "s.json")
    assert saved(tmp_path, "h.json")["model"] == saved(tmp_path, "s.json")["model"]   # as if absent
    assert all(h is not None for *_, h in progress_lines(out))   # 500 between lines: 4 * 96 and more
    scored = []                                            # a line every 50: every 4th scores, 4 * 50
    for chars in ("400", "600"):
        out = ok(tmp_path, *TINY, "--every", "2", "--chars", chars, "--held-out", "50", "--checkpoint",
                 "e.json", *(["--resume"] if scored else []))
        scored += [(seen, h is not None) for seen, _, _, h in progress_lines(out)]
    assert scored == [(seen, seen % 200 == 0) for seen in range(50, 601, 50)]
    out = ok(tmp_path, *TINY, "--chars", "500", "--held-out", "96", "--checkpoint", "h1.json")
    model = RNN.from_dict(saved(tmp_path, "h1.json")["model"])      # as it was at the one line
    vectors = [one_hot(k, len(TINY_CHARS)) for k in range(len(TINY_CHARS))]
    xs = [vectors[TINY_CHARS.index(c)] for c in TINY_TEXT[-97:-1]]
    score = model.loss(xs, [TINY_CHARS.index(c) for c in held]) / 96
    assert progress_lines(out)[0][3] == round(score, 3)


def test_a_resumed_run_whose_held_out_part_covers_its_position_goes_on_from_the_start(tmp_path):
    ok(tmp_path, *TINY, "--chars", "1000", "--hidden", "4", "--checkpoint", "a.json")   # at 1000 of 1,440
    copy = (tmp_path / "a.json").read_bytes()
    ok(tmp_path, *TINY, "--chars", "1001", "--resume", "--held-out", "439", "--checkpoint", "a.json")
    progress = saved(tmp_path, "a.json")["progress"]       # 1,001 left: 1000 is the last, nothing after
    assert (progress["position"], progress["pass"]) == (25, 1)
    (tmp_path / "b.json").write_bytes(copy)                # 1,002 left: one pair, of 1, before the end
    ok(tmp_path, *TINY, "--chars", "1001", "--resume", "--held-out", "438", "--checkpoint", "b.json")
    progress = saved(tmp_path, "b.json")["progress"]
    assert (progress["position"], progress["pass"], progress["seen"]) == (0, 2, 1001)


def test_resume_onto_another_text_or_hidden_says_so_and_goes_on(tmp_path):
    ok(tmp_path, *TINY, "--chars", "600")
    (tmp_path / "other.txt").write_text("a dog sat on a log. " * 10)
    out = ok(tmp_path, "other.txt", "--resume", "--hidden", "30", "--every", "4", "--chars", "700")
    assert out.splitlines()[:3] == [
        "resuming from charlm.json at 600 characters",
        "--hidden 30 is not used: the checkpoint's model has 16 hidden units",
        "other.txt is not the text the checkpoint learnt: going on from its start"]
    assert out.splitlines()[3].startswith("other.txt: 200 characters, K = 14 distinct; 16 hidden units")
    assert progress_lines(out)[0][0] == 700 and saved(tmp_path)["progress"]["position"] == 100
    out = ok(tmp_path, "other.txt", "--resume", "--hidden", "16", "--chars", "1000")
    assert out.splitlines()[1].startswith("other.txt: 200 characters")      # the same text and size
    seen, passes = saved(tmp_path)["progress"]["seen"], saved(tmp_path)["progress"]["pass"]
    assert passes == 3                                     # 400 characters of a 199-character pass
    ok(tmp_path, *TINY, "--resume", "--chars", str(seen + 1))              # back to tiny.txt: one update
    progress = saved(tmp_path)["progress"]
    assert (progress["pass"], progress["position"], progress["seen"]) == (1, 25, seen + 25)   # its start


def test_the_pairs_hold_every_character_once_each_pair_up_to_seq(tmp_path):
    vectors = [one_hot(k, 3) for k in range(3)]
    for text in ("ab", "abc", "abcab", "abcabcabca", "cab" * 9):
        for seq in (1, 2, 3, 4, 25):
            pairs = charlm.make_pairs(text, {"a": 0, "b": 1, "c": 2}, vectors, seq)
            xs = [x for pair in pairs for x in pair[0]]
            ys = [y for pair in pairs for y in pair[1]]
            assert xs == [vectors["abc".index(c)] for c in text[:-1]], (text, seq)   # the input
            assert ys == ["abc".index(c) for c in text[1:]], (text, seq)             # the next one
            assert all(len(x) == len(y) and 1 <= len(x) <= seq for x, y in pairs)
            assert all(len(x) == seq for x, _ in pairs[:-1])
            assert all(x is vectors[0] for x in xs if x == [1.0, 0.0, 0.0])          # shared lists


def test_the_time_per_character_is_of_this_runs_characters_so_far(tmp_path, monkeypatch):
    clock = []                                             # a slow clock: 500 s per reading

    def time():
        clock.append(500.0)
        return 1000.0 + sum(clock[:-1])
    monkeypatch.setattr(charlm, "time", types.SimpleNamespace(time=time))

    def times(*flags):
        out = ok(tmp_path, *TINY, *flags)
        return [line.split("  ")[-1] for line in out.splitlines() if "per char" in line]
    assert times("--chars", "1000", "--hidden", "4") == ["1000000 us/char"] * 2      # 500 characters a line
    clock.clear()
    assert times("--chars", "1250", "--resume", "--every", "5") == ["4000000 us/char"] * 2   # 125, from 1000


def test_a_checkpoint_of_an_earlier_charlm_still_loads_and_resumes(tmp_path):
    # As charlm wrote them before min-char-rnn's loss and the text's fingerprint: neither key.
    old = {"model": RNN(len(TINY_CHARS), 4, len(TINY_CHARS), seed=3).to_dict(), "chars": TINY_CHARS,
           "progress": {"seen": 50, "pass": 1, "position": 50, "loss": 2.0, "next": TINY_TEXT[50],
                        "a_h": [0.0] * 4}}
    del old["model"]["format"]                             # minirnn 1.0's layout
    (tmp_path / "charlm.json").write_text(json.dumps(old))
    out = ok(tmp_path, "tiny.txt", "--resume", "--every", "1", "--chars", "75")
    assert out.splitlines()[1].startswith("tiny.txt: 1,440 characters, K = 14 distinct; 4 hidden")
    progress = saved(tmp_path)["progress"]
    assert progress_lines(out)[0][0] == 75 and progress["position"] == 75
    per_char = (progress["loss"] - 0.99 * 2.0) / 0.01      # the update's, from the smoothed loss
    assert progress["smooth_loss"] == pytest.approx(0.999 * 25 * 2.0 + 0.001 * 25 * per_char, rel=1e-9)


def test_a_checkpoint_is_the_same_bytes_from_the_same_run(tmp_path):
    ok(tmp_path, *TINY, "--chars", "500", "--checkpoint", "a.json")
    ok(tmp_path, *TINY, "--chars", "500", "--checkpoint", "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert list(saved(tmp_path, "a.json")["progress"]) == ["seen", "pass", "position", "loss", "next",
                                                            "a_h", "smooth_loss", "text"]


# ---------------------------------------------------------------------------
# Never lose work: closed output, unencodable names, Ctrl-C, full disks, two runs, divergence
# ---------------------------------------------------------------------------

def closes_after(lines):
    """A Stream hook: the pipe closes (BrokenPipeError) once `lines` lines were written."""
    def hook(stream, text):
        if stream.getvalue().count("\n") >= lines:
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")
    return hook


def test_a_closed_output_stops_after_the_update_in_progress_and_saves_it(tmp_path):
    status, out, err = run(tmp_path, *TINY, "--chars", "1000", stdout=Stream(hook=closes_after(1)))
    assert (status, err) == (0, "charlm.py: the output has closed: stopping here, with every update kept\n")
    assert out.count("\n") == 1 and saved(tmp_path)["progress"]["seen"] == 500   # the first line's
    ok(tmp_path, *TINY, "--chars", "500", "--checkpoint", "500.json")
    assert saved(tmp_path)["model"] == saved(tmp_path, "500.json")["model"]     # all 20 updates kept
    # closed before training, or on a sample, or with stderr closed too: still saved, no traceback
    for lines, flags in ((0, []), (2, ["--sample-every", "3"])):
        status, _, err = run(tmp_path, *TINY, "--chars", "1000", "--checkpoint", "c.json", *flags,
                             stdout=Stream(hook=closes_after(lines)))
        assert status == 0 and err.count("\n") == 1 and saved(tmp_path, "c.json")["progress"]["seen"] < 1000
    os.remove(str(tmp_path / "c.json"))
    sys_stderr = Stream(hook=closes_after(0))
    sys.stderr = sys_stderr
    charlm.Output(sys_stderr).line("nothing")             # a closed stderr raises nothing either


def test_a_closed_pipe_then_writes_to_devnull_so_that_exiting_flushes_nothing_into_it():
    read, write = os.pipe()
    os.close(read)                                         # a real pipe whose reader has gone
    stream = open(write, "w")
    output = charlm.Output(stream)
    output.line("lost")
    output.line("lost too")
    assert output.closed and os.path.samestat(os.fstat(write), os.stat(os.devnull))
    stream.close()                                         # as at exit: its flush raises nothing


def test_each_line_is_flushed_and_a_stream_without_an_encoding_gets_utf_8(tmp_path):
    flushed = []
    stream = Stream(encoding=None)
    stream.flush = lambda: flushed.append(stream.getvalue())
    charlm.Output(stream).line("café")                     # a pipe to tee shows each line at once
    assert flushed[-1:] == ["café\n"]
    bare = types.SimpleNamespace(written=[], flush=lambda: None)   # no encoding at all
    bare.write = bare.written.append
    charlm.Output(bare).line("naïve \udcff")
    assert "".join(bare.written) == "naïve \\udcff\n"


def test_a_real_closed_pipe_ends_without_a_traceback(tmp_path):
    (tmp_path / "tiny.txt").write_text(TINY_TEXT)
    run_ = subprocess.Popen([sys.executable, CHARLM] + TINY, cwd=str(tmp_path),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    run_.stdout.readline()                                 # the first line; then the reader leaves
    run_.stdout.close()
    err = run_.stderr.read().decode()
    assert run_.wait() == 0
    assert err == "charlm.py: the output has closed: stopping here, with every update kept\n"
    assert saved(tmp_path)["progress"]["seen"] >= 500


def test_a_name_the_terminal_cannot_encode_is_escaped_and_the_run_goes_on(tmp_path):
    out = ok(tmp_path, *TINY, "--chars", "500", "--checkpoint", "café\udcff.json",
             stdout=Stream(encoding="ascii"))
    assert out.splitlines()[-1] == "saved caf\\xe9\\udcff.json at 500 characters"
    assert os.path.exists(os.fsencode(str(tmp_path)) + b"/caf\xc3\xa9\xff.json")
    (tmp_path / "t\u00e9.txt").write_text("")
    sys.stderr = Stream(encoding="ascii")
    with pytest.raises(SystemExit):
        charlm.fail("t\u00e9.txt has 0 characters")
    assert sys.stderr.getvalue() == "charlm.py: error: t\\xe9.txt has 0 characters\n"


def ctrl_c(times):
    """A Stream hook: Ctrl-C `times` times, as the first progress line is printed."""
    def hook(stream, text):
        if "loss per char" in text:
            for _ in range(times):
                os.kill(os.getpid(), signal.SIGINT)
    return hook


def test_a_sample_that_overflows_is_one_line_and_training_stops_keeping_its_updates(tmp_path):
    model = {"W": [[0.0, 1e308]] * 3, "U": [[0.0] * 3] * 3, "V": [[1e308] * 3] * 2, "b_h": [0.0] * 3,
             "b_o": [0.0] * 2}                              # "b" as an input overflows the scores
    (tmp_path / "charlm.json").write_text(checkpoint_json(model=model))
    status, out, err = run(tmp_path, "--sample", "5", "--prime", "b")
    overflow = "the scores s_o overflowed to inf: the inputs or the weights are too large\n"
    assert (status, out) == (2, "")
    assert err == "charlm.py: error: the checkpoint charlm.json cannot write: " + overflow
    (tmp_path / "a.txt").write_text("a" * 60)
    status, out, err = run(tmp_path, "a.txt", "--resume", "--every", "1", "--sample-every", "2",
                           "--prime", "b", "--seq", "10")
    assert (status, err) == (0, "charlm.py: " + overflow)     # at the first sample, after 2 updates
    assert out.endswith(" us/char\nsaved charlm.json at 70 characters\n") and out.count("----") == 0
    assert saved(tmp_path)["progress"]["seen"] == 70


def test_ctrl_c_stops_after_the_update_in_progress_and_a_second_one_saves_nothing(tmp_path):
    handler = signal.getsignal(signal.SIGINT)      # default_int_handler, or SIG_IGN under nohup
    status, out, err = run(tmp_path, *TINY, stdout=Stream(hook=ctrl_c(1)))     # no --chars: until Ctrl-C
    assert (status, err) == (0, "")
    assert out.splitlines()[-2:] == ["Ctrl-C: stopping here, with every update kept",
                                     "saved charlm.json at 500 characters"]
    before = (tmp_path / "charlm.json").read_bytes()
    status, out, err = run(tmp_path, *TINY, "--chars", "2000", "--resume", stdout=Stream(hook=ctrl_c(2)))
    assert status == 1 and err == ("charlm.py: interrupted: train put the model back to where this pass"
                                   " began; charlm.json holds the last checkpoint\n")
    assert (tmp_path / "charlm.json").read_bytes() == before
    assert signal.getsignal(signal.SIGINT) is handler     # put back as it was


def test_ctrl_c_before_the_first_update_saves_the_new_model_to_resume_from(tmp_path, monkeypatch):
    real_signal, fired = signal.signal, []

    def ctrl_c_at_once(signum, handler):                   # Ctrl-C as soon as charlm catches it
        previous = real_signal(signum, handler)
        if not fired:
            fired.append(signum)
            handler(signum, None)
        return previous
    monkeypatch.setattr(signal, "signal", ctrl_c_at_once)
    assert ok(tmp_path, *TINY, "--chars", "500").endswith("\nsaved charlm.json at 0 characters\n")
    progress = saved(tmp_path)["progress"]
    assert (progress["seen"], progress["next"], progress["a_h"]) == (0, TINY_TEXT[0], [0.0] * 16)
    monkeypatch.undo()
    assert ok(tmp_path, *TINY, "--chars", "25", "--resume").endswith("saved charlm.json at 25 characters\n")
    assert ok(tmp_path, "--sample", "5").startswith(TINY_TEXT[25])


def test_ctrl_c_in_a_real_process_saves_the_model_after_the_last_update(tmp_path):
    (tmp_path / "tiny.txt").write_text(TINY_TEXT)
    run_ = subprocess.Popen([sys.executable, CHARLM] + TINY, cwd=str(tmp_path),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    while "loss per char" not in run_.stdout.readline():     # training has begun
        assert run_.poll() is None, run_.stderr.read()
    run_.send_signal(signal.SIGINT)
    out, err = run_.communicate()
    assert run_.returncode == 0, err
    assert "Ctrl-C: stopping here, with every update kept" in out
    checkpoint = saved(tmp_path)
    assert out.rstrip().endswith(f"saved charlm.json at {checkpoint['progress']['seen']:,} characters")
    model = RNN.from_dict(checkpoint["model"])              # the trained model, not the untrained one
    assert model.to_dict() != RNN(model.n_in, 16, model.n_out, seed=0).to_dict()


def full_disk(monkeypatch, failing):
    """Make the saves numbered in `failing` (from 1) fail as a full disk does, on the write."""
    real_fsync, count = os.fsync, []

    def fsync(fd):
        count.append(fd)
        if len(count) in failing:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)
    monkeypatch.setattr(os, "fsync", fsync)


def test_a_failed_save_says_so_keeps_the_last_checkpoint_and_training_goes_on(tmp_path, monkeypatch):
    ok(tmp_path, *TINY, "--chars", "100")
    before = (tmp_path / "charlm.json").read_bytes()
    full_disk(monkeypatch, failing={1})                    # the periodic save at 2 lines, not the last
    status, out, err = run(tmp_path, "tiny.txt", "--resume", "--every", "2", "--chars", "600")
    assert status == 0 and err == ("charlm.py: cannot save the checkpoint charlm.json: No space left on"
                                   " device; the last one saved is as it was\n")
    assert out.endswith("saved charlm.json at 600 characters\n")
    assert saved(tmp_path)["progress"]["seen"] == 600
    full_disk(monkeypatch, failing={2})                    # the last save fails: exit 1
    status, out, err = run(tmp_path, "tiny.txt", "--resume", "--every", "2", "--chars", "1100")
    assert status == 1 and err.count("\n") == 1 and "No space left on device" in err and "saved" not in out
    assert saved(tmp_path)["progress"]["seen"] == 1100   # the periodic save, 20 updates after 600
    full_disk(monkeypatch, failing={1, 2})
    middle = (tmp_path / "charlm.json").read_bytes()
    assert run(tmp_path, "tiny.txt", "--resume", "--every", "2", "--chars", "1200")[0] == 1
    assert (tmp_path / "charlm.json").read_bytes() == middle and middle != before
    assert sorted(os.listdir(str(tmp_path))) == ["charlm.json", "tiny.txt"]   # no temporary file left


def umask():
    """This process's umask."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_save_writes_a_file_of_its_own_beside_the_target_then_renames_it(tmp_path, monkeypatch):
    renames, real_replace = [], os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: renames.append((a, b)) or real_replace(a, b))
    (tmp_path / "sub").mkdir()
    ok(tmp_path, *TINY, "--chars", "1000", "--every", "1", "--checkpoint", "sub/c.json")
    assert len(renames) == 5 and all(b == "sub/c.json" for _, b in renames)    # at 10, 20, 30, 40, end
    temps = [a for a, _ in renames]
    assert len(set(temps)) == 5 and all(os.path.dirname(a) == str(tmp_path / "sub") for a in temps)
    assert all(os.path.basename(a).startswith(".c.json.") and a.endswith(".tmp") for a in temps)   # docs'
    assert os.listdir(str(tmp_path / "sub")) == ["c.json"]
    assert oct(os.stat(str(tmp_path / "sub" / "c.json")).st_mode & 0o777) == oct(0o666 & ~umask())


def test_two_runs_on_one_checkpoint_both_end_normally_and_it_is_always_whole(tmp_path, monkeypatch):
    real_fsync, seconds = os.fsync, []

    def fsync(fd):                                         # the first run's first save: a second
        if not seconds:                                    # run starts, saves and ends meanwhile
            seconds.append("running")
            seconds.append(run(tmp_path, *TINY, "--chars", "75", "--every", "1", "--seed", "1"))
            assert saved(tmp_path)["progress"]["seen"] == 75
            sys.stdout, sys.stderr = first_out, first_err
        real_fsync(fd)
    monkeypatch.setattr(os, "fsync", fsync)
    first_out, first_err = Stream(), Stream()
    here = os.getcwd()
    os.chdir(str(tmp_path))
    (tmp_path / "tiny.txt").write_text(TINY_TEXT)
    sys.stdout, sys.stderr = first_out, first_err
    try:
        status = charlm.main(TINY[:3] + ["--every", "1", "--chars", "250"])
    finally:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        os.chdir(here)
    assert (status, first_err.getvalue()) == (0, "") and seconds[1][0] == 0 and seconds[1][2] == ""
    assert saved(tmp_path)["progress"]["seen"] == 250                 # the first run's, written last
    assert sorted(os.listdir(str(tmp_path))) == ["charlm.json", "tiny.txt"]


def test_a_run_that_diverges_stops_in_one_line_and_leaves_the_checkpoint(tmp_path):
    ok(tmp_path, *TINY, "--chars", "100")
    before = (tmp_path / "charlm.json").read_bytes()
    status, out, err = run(tmp_path, "tiny.txt", "--resume", "--lr", "1e308", "--clip", "1e308")
    assert status == 1 and err.startswith("charlm.py: error: at ") and err.count("\n") == 1
    assert "training diverged" in err and err.endswith(" charlm.json holds the last checkpoint, as it was\n")
    assert (tmp_path / "charlm.json").read_bytes() == before and "saved" not in out


# ---------------------------------------------------------------------------
# --export: the checkpoint's model as the streaming model file, saved as a checkpoint is
# ---------------------------------------------------------------------------

def test_export_writes_the_checkpoints_model_exactly_as_rnn_load_reads_it(tmp_path, monkeypatch):
    ok(tmp_path, *TINY, "--chars", "500")
    (tmp_path / "m.txt").write_text("minirnn 1 1 1 1\n0.5\n0.5\n0.5\n0.5\n0.5\n")   # an older model file
    renames, real_replace = [], os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: renames.append((a, b)) or real_replace(a, b))
    before = (tmp_path / "charlm.json").read_bytes()
    out = ok(tmp_path, "--export", "m.txt")
    assert out == ("wrote m.txt: the 14-16-14 model of charlm.json at 500 characters and its table,"
                   " for RNN.load\n")
    with open(str(tmp_path / "m.txt")) as f:
        loaded = RNN.load(f)
        table = f.readline()                               # the line after the model: class k's
        assert f.read() == "" and table.endswith("\n") and json.loads(table) == TINY_CHARS
    model = RNN.from_dict(saved(tmp_path)["model"])
    assert loaded.to_dict() == model.to_dict()
    assert [repr(v) for _, v in loaded.params()] == [repr(v) for _, v in model.params()]
    assert (tmp_path / "charlm.json").read_bytes() == before            # read, not written
    assert len(renames) == 1 and renames[0][1] == "m.txt"               # save's file of its own:
    assert os.path.dirname(renames[0][0]) == str(tmp_path) and renames[0][0] != "m.txt"   # beside it
    assert sorted(os.listdir(str(tmp_path))) == ["charlm.json", "m.txt", "tiny.txt"]
    assert oct(os.stat(str(tmp_path / "m.txt")).st_mode & 0o777) == oct(0o666 & ~umask())
    (tmp_path / "sub").mkdir()
    ok(tmp_path, "--export", "sub/m.txt", "--checkpoint", "charlm.json")
    assert (tmp_path / "sub" / "m.txt").read_bytes() == (tmp_path / "m.txt").read_bytes()


def test_a_failed_export_leaves_the_previous_file_as_it_was_and_no_temporary_file(tmp_path, monkeypatch):
    ok(tmp_path, *TINY, "--chars", "100")
    ok(tmp_path, "--export", "m.txt")
    before = folder(tmp_path)
    ok(tmp_path, *TINY, "--chars", "200", "--resume")
    full_disk(monkeypatch, failing={1})
    status, out, err = run(tmp_path, "--export", "m.txt")
    assert (status, out) == (1, "") and err == ("charlm.py: cannot write the model file m.txt: No space"
                                                " left on device; m.txt is as it was\n")
    assert folder(tmp_path)["m.txt"] == before["m.txt"] and set(folder(tmp_path)) == set(before)
    assert ok(tmp_path, "--export", "m.txt").startswith("wrote m.txt: ")   # the disk has room again
    assert folder(tmp_path)["m.txt"] != before["m.txt"]


def test_an_export_that_cannot_be_written_says_why_in_one_line(tmp_path):
    d = json.loads(checkpoint_json())
    d["chars"] = "a\udcff"                                 # JSON can hold it, UTF-8 cannot
    (tmp_path / "charlm.json").write_text(json.dumps(d))
    before = folder(tmp_path)
    status, out, err = run(tmp_path, "--export", "m.txt")
    assert (status, out) == (1, "") and err.startswith("charlm.py: cannot write the model file m.txt: 'utf-8'"
                                                       " codec can't encode character '\\udcff'")
    assert err.endswith(": surrogates not allowed; m.txt is as it was\n") and err.count("\n") == 1
    assert folder(tmp_path) == {**before, "tiny.txt": TINY_TEXT.encode()}


@pytest.fixture
def ascii_locale():
    """The locale's encoding, open()'s default, is ASCII for the test (LC_CTYPE C)."""
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    yield
    locale.setlocale(locale.LC_CTYPE, before)


def test_the_text_the_checkpoint_and_the_model_file_are_utf_8_whatever_the_locale(tmp_path, ascii_locale):
    text = "un café au lait, s'il vous plaît. " * 20
    (tmp_path / "tiny.txt").write_text(text, encoding="utf-8")
    ok(tmp_path, "tiny.txt", "--hidden", "8", "--chars", "100")
    chars = saved(tmp_path)["chars"]
    assert chars == "".join(sorted(set(text))) and "é" in chars
    ok(tmp_path, "--export", "m.txt")
    assert ok(tmp_path, "--export", "m.txt").startswith("wrote m.txt: ")   # its own: a model file
    last = (tmp_path / "m.txt").read_text(encoding="utf-8").splitlines()[-1]
    assert json.loads(last) == chars and "é" in last       # the table as the text has it
    raw = (tmp_path / "charlm.json").read_text().replace("\\u00e9", "é")   # JSON as UTF-8, unescaped
    (tmp_path / "raw.json").write_text(raw, encoding="utf-8")
    assert set(ok(tmp_path, "--sample", "50", "--checkpoint", "raw.json")) <= set(chars + "\n")


# ---------------------------------------------------------------------------
# Never harm a file: every bad flag, text, checkpoint or checkpoint path, refused in one line
# ---------------------------------------------------------------------------

HUGE = {"W": [[1e308] * 2] * 3, "V": [[1e308] * 3] * 2}   # finite weights whose scores overflow

# (what is wrong, the files in the folder (None: a folder), the arguments, what the message must say)
MISTAKES = [
    ("an empty text", {"t.txt": ""}, ["t.txt"], "t.txt has 0 characters: learning needs at least 2"),
    ("a 1-character text", {"t.txt": "a"}, ["t.txt"], "t.txt has 1 character: learning needs at least 2"),
    ("resuming on a 1-character text", {"t.txt": "a", "charlm.json": checkpoint_json()},
     ["t.txt", "--resume"], "t.txt has 1 character: learning needs at least 2"),
    ("a binary text", {"t.txt": b"\x00\xff\xfe"}, ["t.txt"],
     "t.txt is not UTF-8 text: 'utf-8' codec can't decode byte 0xff"),
    ("no text", {}, ["t.txt"], "cannot read t.txt: "),
    ("a directory as the text", {"t": None}, ["t"], "cannot read t: "),
    ("no checkpoint to resume", {"t.txt": "ab"}, ["t.txt", "--resume"],
     "cannot read the checkpoint charlm.json: "),
    ("no checkpoint to sample", {}, ["--sample", "5"], "cannot read the checkpoint charlm.json: "),
    ("a truncated checkpoint", {"t.txt": "ab", "charlm.json": checkpoint_json()[:-9]}, ["t.txt", "--resume"],
     "the checkpoint charlm.json is not JSON: "),
    ("a nested checkpoint", {"charlm.json": "[" * 100000 + "]" * 100000}, ["--sample", "5"],
     "the checkpoint charlm.json is not JSON: maximum recursion depth"),
    ("a checkpoint without a model", {"charlm.json": '{"chars": "ab"}'}, ["--sample", "5"],
     "the checkpoint charlm.json is not usable: it has no 'model'"),
    ("a checkpoint that is not a model", {"charlm.json": "[1, 2]"}, ["--sample", "5"],
     "the checkpoint charlm.json is not usable: it has no 'model'"),
    ("a checkpoint with a bad model", {"charlm.json": '{"model": {}}'}, ["--sample", "5"],
     "the checkpoint charlm.json is not usable: its model: from_dict: missing key 'n_in'"),
    ("a checkpoint with infinite weights", {"charlm.json": checkpoint_json().replace("[[", "[[1e999, ", 1)},
     ["--sample", "5"], "the checkpoint charlm.json is not usable: its model: "),
    ("a state that overflows the model", {"charlm.json": checkpoint_json(model={"U": [[1e308] * 3] * 3},
                                                                         a_h=[2.0, -2.0, 0.0])},
     ["--sample", "5"], "the checkpoint charlm.json is not usable: its model cannot run: the scores s_o"),
    ("a checkpoint whose weights overflow", {"charlm.json": checkpoint_json(model=HUGE)},
     ["--sample", "5"], "the checkpoint charlm.json is not usable: its model cannot run: the scores s_o"),
    ("a checkpoint without its table", {"t.txt": "ab", "c.json": checkpoint_json(drop="chars")},
     ["t.txt", "--resume", "--checkpoint", "c.json"],
     "the checkpoint c.json is not usable: its 'chars' must be 2 distinct characters"),
    ("a checkpoint without its progress", {"charlm.json": checkpoint_json(drop="progress")},
     ["--sample", "5"], "the checkpoint charlm.json is not usable: its 'progress' must have the keys"
     " seen, pass, position, loss, next, a_h\n"),
    ("a count that is not whole", {"charlm.json": checkpoint_json(seen=1.5)}, ["--sample", "5"],
     "the checkpoint charlm.json is not usable: its progress 'seen', 'pass' and 'position' must be"),
    ("a loss that is not a number", {"charlm.json": checkpoint_json(loss=None)}, ["--sample", "5"],
     "the checkpoint charlm.json is not usable: its progress 'loss' and 'smooth_loss' must be numbers"),
    ("a gist's loss not a number", {"charlm.json": checkpoint_json(smooth_loss="x")}, ["--sample", "5"],
     "the checkpoint charlm.json is not usable: its progress 'loss' and 'smooth_loss' must be numbers"),
    ("a next character not in the table", {"charlm.json": checkpoint_json(next="z")}, ["--sample", "5"],
     "the checkpoint charlm.json is not usable: its progress 'next' is 'z', not one of its 'chars'"),
    ("a state of the wrong size", {"charlm.json": checkpoint_json(a_h=[0.0])}, ["--sample", "5"],
     "the checkpoint charlm.json is not usable: its progress 'a_h' must be 3 numbers"),
    ("another vocabulary", {"t.txt": "abc", "charlm.json": checkpoint_json()}, ["t.txt", "--resume"],
     "t.txt has characters the checkpoint's table lacks: ['c']"),
    ("a prime the table lacks", {"charlm.json": checkpoint_json()}, ["--sample", "5", "--prime", "abc"],
     "--prime 'abc' must be characters of the model's table; it has ['c']"),
    ("an empty prime", {"t.txt": "ab"}, ["t.txt", "--prime", ""],
     "--prime '' must be characters of the model's table; it has none"),
    ("a prime the text lacks", {"t.txt": "ab"}, ["t.txt", "--prime", "abc"], "--prime 'abc' must be"),
    ("all of the text held out", {"t.txt": "abc"}, ["t.txt", "--held-out", "2"],
     "--held-out 2 leaves 1 of t.txt's 3 characters to learn from: it needs at least 2"),
    ("more held out than the text has", {"t.txt": "abc"}, ["t.txt", "--held-out", "5"],
     "--held-out 5 leaves 0 of t.txt's 3 characters to learn from: it needs at least 2"),
    ("an empty checkpoint path", {"t.txt": "ab"}, ["t.txt", "--checkpoint", ""],
     "--checkpoint is empty: give it a file name"),
    ("the text as the checkpoint", {"t.txt": "ab"}, ["t.txt", "--checkpoint", "t.txt"],
     "--checkpoint t.txt is the text t.txt itself"),
    ("the text as the checkpoint, spelled otherwise", {"t.txt": "ab", "d": None},
     ["t.txt", "--resume", "--checkpoint", "d/../t.txt"], "--checkpoint d/../t.txt is the text t.txt itself"),
    ("a folder as the checkpoint", {"t.txt": "ab", "d": None}, ["t.txt", "--checkpoint", "d"],
     "--checkpoint d is a folder, not a regular file: charlm writes only regular files of its own"),
    ("a folder as the checkpoint to sample", {"d": None}, ["--sample", "5", "--checkpoint", "d"],
     "--checkpoint d is not a regular file"),
    ("a device as the checkpoint", {"t.txt": "ab"}, ["t.txt", "--checkpoint", os.devnull],
     f"--checkpoint {os.devnull} is a device, not a regular file"),
    ("a file that is not a checkpoint", {"t.txt": "ab", "notes": "my notes"},
     ["t.txt", "--checkpoint", "notes"],
     "--checkpoint notes exists and is not a checkpoint of charlm's, so it is not overwritten: give"
     " another file, or remove it\n"),
    ("a folder that is not there", {"t.txt": "ab"}, ["t.txt", "--checkpoint", "no/c.json"],
     "cannot write the checkpoint no/c.json: No such file or directory"),
    ("no checkpoint to export", {}, ["--export", "m.txt"], "cannot read the checkpoint charlm.json: "),
    ("a folder as the checkpoint to export", {"d": None}, ["--export", "m.txt", "--checkpoint", "d"],
     "--checkpoint d is not a regular file"),
    ("an empty --export", {"charlm.json": checkpoint_json()}, ["--export", ""],
     "--export is empty: give it a file name"),
    ("the text as --export", {"t.txt": "ab", "charlm.json": checkpoint_json(), "d": None},
     ["t.txt", "--export", "d/../t.txt"], "--export d/../t.txt is the text t.txt itself"),
    ("the checkpoint as --export", {"c.json": checkpoint_json()},
     ["--checkpoint", "c.json", "--export", "./c.json"], "--export ./c.json is the checkpoint c.json itself"),
    ("a folder as --export", {"charlm.json": checkpoint_json(), "d": None}, ["--export", "d"],
     "--export d is a folder, not a regular file: charlm writes only regular files of its own"),
    ("a device as --export", {"charlm.json": checkpoint_json()}, ["--export", os.devnull],
     f"--export {os.devnull} is a device, not a regular file"),
    ("a file that is not a model file", {"charlm.json": checkpoint_json(), "notes": "minirnn 1 2 3 4\n"},
     ["--export", "notes"], "--export notes exists and is not a model file, so it is not overwritten"),
    ("another checkpoint as --export", {"charlm.json": checkpoint_json(), "c.json": checkpoint_json()},
     ["--export", "c.json"], "--export c.json exists and is not a model file, so it is not overwritten"),
    ("--export in a folder that is not there", {"charlm.json": checkpoint_json()}, ["--export", "no/m.txt"],
     "cannot write the model file no/m.txt: No such file or directory"),
    ("--export and --sample", {"charlm.json": checkpoint_json()}, ["--export", "m.txt", "--sample", "5"],
     "argument --sample: not allowed with argument --export"),
    ("--every 0", {"t.txt": "ab"}, ["t.txt", "--every", "0"],
     "argument --every: must be a whole number >= 1, got 0 (see --help)\n"),
    ("--seq 0", {"t.txt": "ab"}, ["t.txt", "--seq", "0"],
     "argument --seq: must be a whole number >= 1, got 0"),
    ("--hidden x", {"t.txt": "ab"}, ["t.txt", "--hidden", "x"],
     "argument --hidden: must be a whole number >= 1, got x"),
    ("--chars -5", {"t.txt": "ab"}, ["t.txt", "--chars=-5"],
     "argument --chars: must be a whole number >= 1, got -5"),
    ("--held-out -1", {"t.txt": "ab"}, ["t.txt", "--held-out=-1"],
     "argument --held-out: must be a whole number >= 0, got -1"),
    ("--sample-every x", {"t.txt": "ab"}, ["t.txt", "--sample-every", "x"],
     "argument --sample-every: must be a whole number >= 0, got x"),
    ("--sample 0", {"charlm.json": checkpoint_json()}, ["--sample", "0"],
     "argument --sample: must be a whole number >= 1, got 0 (see --help)\n"),
    ("--temperature 0", {"t.txt": "ab"}, ["t.txt", "--temperature", "0"],
     "argument --temperature: must be a number > 0, got 0"),
    ("--temperature -1", {"charlm.json": checkpoint_json()}, ["--sample", "5", "--temperature=-1"],
     "argument --temperature: must be a number > 0, got -1"),
    ("--lr nan", {"t.txt": "ab"}, ["t.txt", "--lr", "nan"], "argument --lr: must be a number > 0, got nan"),
    ("--lr x", {"t.txt": "ab"}, ["t.txt", "--lr", "x"],
     "argument --lr: must be a number > 0, got x (see --help)\n"),
    ("--clip inf", {"t.txt": "ab"}, ["t.txt", "--clip", "inf"],
     "argument --clip: must be a number > 0, got inf"),
    ("too many characters for 100 hidden units", {"t.txt": "".join(map(chr, range(0x10000, 0x24820)))},
     ["t.txt"], "84000 distinct characters and --hidden 100: n_in=84000, n_hidden=100, n_out=84000 make"),
    ("too many hidden units", {"t.txt": "ab"}, ["t.txt", "--hidden", "10000"],
     "2 distinct characters and --hidden 10000: n_in=2, n_hidden=10000, n_out=2 make"),
]


@pytest.mark.parametrize("files, args, message", [case[1:] for case in MISTAKES],
                         ids=[case[0] for case in MISTAKES])
def test_each_mistake_is_refused_before_training_in_one_line(tmp_path, files, args, message):
    (tmp_path / "tiny.txt").write_text("unused")          # run's, so that nothing writes it
    for name, content in files.items():
        if content is None:
            (tmp_path / name).mkdir()
        elif isinstance(content, bytes):
            (tmp_path / name).write_bytes(content)
        else:
            (tmp_path / name).write_text(content)
    before = folder(tmp_path)
    status, out, err = run(tmp_path, "--chars", "2", *args)   # a mistake let through trains 2, not forever
    assert (status, out) == (2, "")                        # nothing trained, nothing printed
    assert err.startswith("charlm.py: error: " + message) and err.count("\n") == 1, err
    assert folder(tmp_path) == before                      # nothing written, changed or left behind


def test_symlinks_pipes_sockets_and_hard_links_to_the_text_are_never_written_through(tmp_path):
    (tmp_path / "elsewhere.json").write_text(checkpoint_json())
    os.symlink("elsewhere.json", str(tmp_path / "link.json"))
    os.mkfifo(str(tmp_path / "fifo"))
    listening = socket.socket(socket.AF_UNIX)
    listening.bind(str(tmp_path / "sock"))
    before = folder(tmp_path)
    for name, kind in (("link.json", "a symlink"), ("fifo", "a named pipe"), ("sock", "a socket")):
        status, out, err = run(tmp_path, *TINY, "--checkpoint", name, "--chars", "25")
        assert (status, out, err) == (2, "", f"charlm.py: error: --checkpoint {name} is {kind}, not a regular"
                                      " file: charlm writes only regular files of its own\n")
        status, out, err = run(tmp_path, "--checkpoint", "elsewhere.json", "--export", name)
        assert (status, out, err) == (2, "", f"charlm.py: error: --export {name} is {kind}, not a regular"
                                      " file: charlm writes only regular files of its own\n")
    status, _, err = run(tmp_path, *TINY, "--resume", "--checkpoint", "link.json", "--chars", "25")
    assert status == 2 and "is a symlink" in err
    os.link(str(tmp_path / "tiny.txt"), str(tmp_path / "hard.txt"))     # the text under another name
    assert run(tmp_path, *TINY, "--checkpoint", "hard.txt", "--chars", "25") == (
        2, "", "charlm.py: error: --checkpoint hard.txt is the text tiny.txt itself\n")
    os.remove(str(tmp_path / "hard.txt"))
    assert folder(tmp_path) == {**before, "tiny.txt": TINY_TEXT.encode()}
    listening.close()


def test_a_checkpoint_path_that_becomes_a_symlink_during_training_is_left_alone(tmp_path):
    def hook(stream, text):                                # someone puts a symlink there meanwhile
        if "loss per char" in text and not os.path.islink("c.json"):
            os.symlink("tiny.txt", "c.json")
    status, out, err = run(tmp_path, *TINY, "--chars", "500", "--checkpoint", "c.json",
                           stdout=Stream(hook=hook))
    assert status == 1 and err == ("charlm.py: cannot save the checkpoint c.json: c.json is a symlink now,"
                                   " not a regular file; the last one saved is as it was\n")
    assert os.readlink(str(tmp_path / "c.json")) == "tiny.txt"
    assert (tmp_path / "tiny.txt").read_text() == TINY_TEXT
    assert sorted(os.listdir(str(tmp_path))) == ["c.json", "tiny.txt"]


def test_a_new_model_replaces_a_checkpoint_of_charlms_and_a_sample_reads_a_good_one(tmp_path):
    (tmp_path / "charlm.json").write_text(checkpoint_json())
    assert len(ok(tmp_path, "--sample", "5", "--temperature", "2").rstrip("\n")) == 6
    ok(tmp_path, *TINY, "--chars", "25")
    assert saved(tmp_path)["chars"] == TINY_CHARS
