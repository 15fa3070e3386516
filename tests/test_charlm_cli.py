"""examples/charlm.py's command line: --help gives every flag, what it does and its default,
word for word, and the defaults are the ones it gives (the text, the progress line's period).

    python3 -m pytest tests/test_charlm_cli.py

The runs are charlm's main in-process, through tests/test_charlm.py's helpers.
"""
import os

from tests.helpers import ROOT
from tests.test_charlm import charlm, ok, progress_lines

# Each flag of --help as it prints it (its metavar, then its help), whitespace runs as one space.
FLAGS = {
    "--checkpoint FILE": "where the model is saved and resumed from (default: charlm.json)",
    "--resume": "go on from the checkpoint (default: start a new model)",
    "--sample N": "write N characters from the checkpoint instead of training (default: train)",
    "--export FILE": "write the checkpoint's model to FILE as model.save does, for RNN.load (a board's"
                     " model file), then its character table as a line of JSON, instead of training"
                     " (default: train)",
    "--prime TEXT": "samples go on from TEXT, run through the model from zeros (default: from the state"
                    " training reached)",
    "--temperature T": "below 1 picks likelier characters (default: 0.5)",
    "--hidden N": "hidden units of a new model (default: 100)",
    "--lr LR": "learning rate (default: 0.1)",
    "--clip CLIP": "gradient norm clip (default: 5.0)",
    "--seq N": "characters per update (default: 25)",
    "--every N": "updates per progress line; a checkpoint every 10 lines (default: 100)",
    "--sample-every N": "updates per sample, 0 for none (default: one every 10 progress lines)",
    "--held-out N": "never train on the text's last N characters; score them with the progress"
                    " (default: 0, none)",
    "--chars N": "stop after N characters (default: none, run until Ctrl-C)",
    "--seed SEED": "for the weights and the samples (default: 0)",
}


def test_help_gives_each_flag_what_it_does_and_its_default(tmp_path):
    out = " ".join(ok(tmp_path, "--help").split())
    assert (" [text] A character-level language model: learn a text one character at a time, then write"
            " like it. positional arguments: text the UTF-8 text file to learn (default: minirnn's"
            " README.md) ") in out
    assert out.split("show this help message and exit ")[1] == " ".join(f"{f} {h}" for f, h in FLAGS.items())
    assert charlm.__doc__.startswith("A character-level language model: learn a text one character at a"
                                     " time, then write like it.\n")


def test_with_no_text_it_learns_minirnns_readme_with_a_line_every_100_updates(tmp_path):
    readme = os.path.join(ROOT, "README.md")
    with open(readme, encoding="utf-8") as f:
        length = len(f.read())
    out = ok(tmp_path, "--hidden", "4", "--chars", "2500")
    assert out.startswith(f"{readme}: {length:,} characters, K = ")
    assert [line[0] for line in progress_lines(out)] == [2500]   # after 100 updates of 25
