"""examples/charlm.py: its loss falls, its checkpoint round-trips, Ctrl-C saves the trained
model; every bad flag, text or checkpoint stops it before training, in one line.

    python3 -m pytest tests/test_charlm.py
"""
import json
import math
import os
import signal
import subprocess
import sys

import pytest

from minirnn import RNN
from tests.helpers import ROOT


# ---------------------------------------------------------------------------
# examples/charlm.py: a character-level language model that checkpoints and resumes
# ---------------------------------------------------------------------------

CHARLM = os.path.join(ROOT, "examples", "charlm.py")
TINY_TEXT = "the cat sat on the mat. the dog sat on the log. " * 30
TINY_SETTINGS = ["tiny.txt", "--hidden", "16", "--every", "20"]   # a line every 500 characters


def charlm(tmp_path, *args):
    """examples/charlm.py run in tmp_path (holding tiny.txt) with args: its output, checked
    to exit 0."""
    (tmp_path / "tiny.txt").write_text(TINY_TEXT)
    result = subprocess.run([sys.executable, CHARLM] + list(args), cwd=str(tmp_path),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def progress_lines(out):
    """(characters seen, smoothed loss per character) from each progress line."""
    return [(int(line.split()[0].replace(",", "")), float(line.split("loss per char ")[1].split()[0]))
            for line in out.splitlines() if "loss per char" in line]


def test_charlm_loss_falls_and_a_checkpoint_round_trips(tmp_path):
    first = progress_lines(charlm(tmp_path, *TINY_SETTINGS, "--chars", "6000"))
    log_k = math.log(len(set(TINY_TEXT)))                  # K distinct characters
    assert len(first) == 12 and first[0][1] < log_k and first[-1][1] < first[0][1] / 2
    saved = json.loads((tmp_path / "charlm.json").read_text())
    assert saved["chars"] == "".join(sorted(set(TINY_TEXT))) and saved["progress"]["seen"] >= 6000
    out = charlm(tmp_path, *TINY_SETTINGS, "--chars", "9000", "--resume")
    assert out.startswith("resuming from charlm.json at {:,} characters".format(saved["progress"]["seen"]))
    resumed = progress_lines(out)
    assert resumed[0][0] > saved["progress"]["seen"] and resumed[0][1] < first[-1][1] * 1.5
    sample = charlm(tmp_path, "--sample", "100").rstrip("\n")
    assert len(sample) == 101 and set(sample) <= set(TINY_TEXT) and " sat on the " in sample


def test_charlm_ctrl_c_saves_the_model_after_the_last_update(tmp_path):
    (tmp_path / "tiny.txt").write_text(TINY_TEXT)
    run = subprocess.Popen([sys.executable, CHARLM] + TINY_SETTINGS, cwd=str(tmp_path),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    while "loss per char" not in run.stdout.readline():     # training has begun
        assert run.poll() is None, run.stderr.read()
    run.send_signal(signal.SIGINT)
    out, err = run.communicate()
    assert run.returncode == 0, err
    assert "Ctrl-C: stopping here, with every update kept" in out
    saved = json.loads((tmp_path / "charlm.json").read_text())
    assert out.rstrip().endswith("saved charlm.json at {:,} characters".format(saved["progress"]["seen"]))
    model = RNN.from_dict(saved["model"])                   # the trained model, not the untrained one
    assert model.to_dict() != RNN(model.n_in, 16, model.n_out, seed=0).to_dict()


def checkpoint_json(drop=None, **progress):
    """A usable checkpoint of a 2-character model as JSON, with its progress changed by
    progress, and without its key drop."""
    d = {"model": RNN(2, 3, 2, seed=0).to_dict(), "chars": "ab",
         "progress": {"seen": 50, "pass": 1, "position": 0, "loss": 0.7, "next": "a", "a_h": [0.0] * 3}}
    d["progress"].update(progress)
    d.pop(drop, None)
    return json.dumps(d)


# (what is wrong, the files in the folder (None: a folder), the arguments, what the message must say)
CHARLM_MISTAKES = [
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
    ("a corrupt checkpoint", {"t.txt": "ab", "charlm.json": checkpoint_json()[:-9]}, ["t.txt", "--resume"],
     "the checkpoint charlm.json is not JSON: "),
    ("a checkpoint with a bad model", {"charlm.json": '{"model": {}}'}, ["--sample", "5"],
     "the checkpoint charlm.json is not usable: its model: from_dict: missing key 'n_in'"),
    ("a checkpoint without its table", {"t.txt": "ab", "c.json": checkpoint_json(drop="chars")},
     ["t.txt", "--resume", "--checkpoint", "c.json"],
     "the checkpoint c.json is not usable: its 'chars' must be 2 distinct characters"),
    ("a checkpoint without its progress", {"charlm.json": checkpoint_json(drop="progress")},
     ["--sample", "5"], "the checkpoint charlm.json is not usable: its 'progress' must have the keys"),
    ("a next character not in the table", {"charlm.json": checkpoint_json(next="z")}, ["--sample", "5"],
     "the checkpoint charlm.json is not usable: its progress 'next' is 'z', not one of its 'chars'"),
    ("a state of the wrong size", {"charlm.json": checkpoint_json(a_h=[0.0])}, ["--sample", "5"],
     "the checkpoint charlm.json is not usable: its progress 'a_h' must be 3 numbers"),
    ("a text the table lacks", {"t.txt": "abc", "charlm.json": checkpoint_json()}, ["t.txt", "--resume"],
     "t.txt has characters the checkpoint's table lacks: ['c']"),
    ("a directory as the checkpoint", {"t.txt": "ab", "d": None}, ["t.txt", "--checkpoint", "d"],
     "--checkpoint d is a directory, not a file"),
    ("--every 0", {"t.txt": "ab"}, ["t.txt", "--every", "0"],
     "argument --every: must be a whole number >= 1, got 0"),
    ("--seq 0", {"t.txt": "ab"}, ["t.txt", "--seq", "0"],
     "argument --seq: must be a whole number >= 1, got 0"),
    ("--hidden x", {"t.txt": "ab"}, ["t.txt", "--hidden", "x"],
     "argument --hidden: must be a whole number >= 1, got x"),
    ("--chars -5", {"t.txt": "ab"}, ["t.txt", "--chars=-5"],
     "argument --chars: must be a whole number >= 1, got -5"),
    ("--sample 0", {"charlm.json": checkpoint_json()}, ["--sample", "0"],
     "argument --sample: must be a whole number"),
    ("--temperature 0", {"t.txt": "ab"}, ["t.txt", "--temperature", "0"],
     "argument --temperature: must be a number > 0, got 0"),
    ("--temperature -1", {"charlm.json": checkpoint_json()}, ["--sample", "5", "--temperature=-1"],
     "argument --temperature: must be a number > 0, got -1"),
    ("--lr nan", {"t.txt": "ab"}, ["t.txt", "--lr", "nan"], "argument --lr: must be a number > 0, got nan"),
    ("--clip inf", {"t.txt": "ab"}, ["t.txt", "--clip", "inf"],
     "argument --clip: must be a number > 0, got inf"),
    ("too many hidden units", {"t.txt": "ab"}, ["t.txt", "--hidden", "10000"],
     "2 distinct characters and --hidden 10000: n_in=2, n_hidden=10000, n_out=2 make"),
]


@pytest.mark.parametrize("files, args, message", [case[1:] for case in CHARLM_MISTAKES],
                         ids=[case[0] for case in CHARLM_MISTAKES])
def test_charlm_refuses_each_mistake_before_training_in_one_line(tmp_path, files, args, message):
    for name, content in files.items():
        if content is None:
            (tmp_path / name).mkdir()
        elif isinstance(content, bytes):
            (tmp_path / name).write_bytes(content)
        else:
            (tmp_path / name).write_text(content)
    result = subprocess.run([sys.executable, CHARLM] + args, cwd=str(tmp_path),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    assert (result.returncode, result.stdout) == (2, "")   # nothing trained, nothing printed
    assert result.stderr.startswith("charlm.py: error: " + message) and result.stderr.count("\n") == 1
    assert sorted(os.listdir(str(tmp_path))) == sorted(files)   # no checkpoint written or left behind


def test_charlm_accepts_the_checkpoint_the_mistakes_table_breaks(tmp_path):
    (tmp_path / "charlm.json").write_text(checkpoint_json())
    assert len(charlm(tmp_path, "--sample", "5", "--temperature", "2").rstrip("\n")) == 6


def test_charlm_help_shows_every_default(tmp_path):
    out = " ".join(charlm(tmp_path, "--help").split())
    assert "the UTF-8 text file to learn (default: minirnn's README.md)" in out
    flags = out.split("show this help message and exit")[1].split(" --")[1:]
    assert [flag.split()[0] for flag in flags] == ["checkpoint", "resume", "sample", "temperature", "hidden",
                                                   "lr", "clip", "seq", "every", "chars", "seed"]
    assert all("(default: " in flag for flag in flags)
    assert "every N updates per progress line; a sample and a checkpoint every 10 lines (default: 100)" \
        in flags
    assert "seed SEED for the weights and the samples (default: 0)" in flags
