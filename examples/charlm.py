"""A character-level language model: learn a text one character at a time, then write like it.

    python3 examples/charlm.py                   # learn README.md (Ctrl-C stops, saving)
    python3 examples/charlm.py some.txt          # learn some.txt
    python3 examples/charlm.py some.txt --resume # go on from the checkpoint
    python3 examples/charlm.py --sample 500      # write 500 characters from the checkpoint

Karpathy's min-char-rnn, with minirnn: x_t = onehot(the t-th character), y_t = the
next character, and the model learns to predict it. The text is passed as short
(xs, ys) pairs of --seq characters with carry=True, so the hidden state runs on from
one pair to the next through the whole text, and every xs holds references to one
shared one-hot list per distinct character: the text costs two list slots per
character, not a vector per character.

Every --every updates a progress line shows the loss per character, smoothed, beside
log K (K distinct characters): a model that has learnt nothing scores about log K,
so a loss that stays near it is a stall. Every 10 progress lines it writes a sample
(from the current state, at --temperature) and saves the checkpoint, a JSON file:
model.to_dict(), the character table and the progress.

Ctrl-C asks the training callback to return True: train stops after the update in
progress and keeps every update, and the checkpoint saved at exit is the model after
that update. (A second Ctrl-C abandons that update: train then puts the epoch back,
as it does on any exception, so nothing is saved and the checkpoint on disk, written
whole or not at all, is the one to resume from.) --resume goes on at the character
where the checkpoint stopped, with the state starting from zeros there, as at the
start of every pass.

Every mistake in the flags, the text or the checkpoint stops it before training
starts, with one line on stderr and exit status 2, as argparse does.
"""
import argparse
import json
import math
import os
import signal
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))               # minirnn.py is one folder up
import minirnn  # noqa: E402

SMOOTHING = 0.99                # the smoothed loss averages about the last 100 updates
PROGRESS = ("seen", "pass", "position", "loss", "next", "a_h")     # a checkpoint's progress


def fail(message):
    """Stop with one line on stderr and exit status 2, as argparse does for a bad flag."""
    print("charlm.py: error: " + message, file=sys.stderr, flush=True)
    sys.exit(2)


class Parser(argparse.ArgumentParser):
    """argparse, saying what is wrong with the flags in one line (fail's)."""

    def error(self, message):
        fail(message + " (see --help)")


def positive_int(text):
    """An argparse type: a whole number >= 1."""
    try:
        n = int(text)
    except ValueError:                                  # not a whole number: refused below
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text}")
    return n


def positive_float(text):
    """An argparse type: a finite number > 0."""
    try:
        x = float(text)
    except ValueError:                                  # not a number: refused below
        x = math.nan
    if not (math.isfinite(x) and x > 0):
        raise argparse.ArgumentTypeError(f"must be a number > 0, got {text}")
    return x


def show(text):
    """Print text, escaping the characters this terminal cannot show."""
    encoding = sys.stdout.encoding or "utf-8"
    print(text.encode(encoding, "backslashreplace").decode(encoding), flush=True)


def make_pairs(text, table, vectors, seq):
    """The text as (xs, ys) pairs of up to seq steps: x_t is the one-hot list of a
    character (shared: vectors[k] for character k), y_t the index of the next one."""
    pairs = []
    for start in range(0, len(text) - 1, seq):
        end = min(start + seq, len(text) - 1)
        xs = [vectors[table[c]] for c in text[start:end]]
        ys = [table[c] for c in text[start + 1:end + 1]]
        pairs.append((xs, ys))
    return pairs


def save(path, model, chars, progress):
    """Write the checkpoint whole or not at all: to a new file, then renamed over the old."""
    with open(path + ".tmp", "w") as f:
        json.dump({"model": model.to_dict(), "chars": chars, "progress": progress}, f)
    os.replace(path + ".tmp", path)


def is_number(v):
    """Whether v, read from JSON, is a finite int or float."""
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def checkpoint_problem(d):
    """What makes d, a checkpoint's JSON, unusable ("" if nothing): the model is checked
    by from_dict, the rest here, so that resuming or sampling cannot fail later."""
    if not isinstance(d, dict) or "model" not in d:
        return "it has no 'model'"
    try:
        model = minirnn.RNN.from_dict(d["model"])
    except (TypeError, ValueError) as e:
        return f"its model: {e}"
    chars, progress = d.get("chars"), d.get("progress")
    if not (isinstance(chars, str) and len(set(chars)) == len(chars) == model.n_in == model.n_out):
        return f"its 'chars' must be {model.n_in} distinct characters, one per input and output"
    if not isinstance(progress, dict) or any(key not in progress for key in PROGRESS):
        return "its 'progress' must have the keys " + ", ".join(PROGRESS)
    counts = [progress[key] for key in ("seen", "pass", "position")]
    if not all(type(n) is int and n >= 0 for n in counts):
        return "its progress 'seen', 'pass' and 'position' must be whole numbers >= 0"
    if not is_number(progress["loss"]):
        return "its progress 'loss' must be a number"
    first = progress["next"]
    if not (isinstance(first, str) and len(first) == 1 and first in chars):
        return f"its progress 'next' is {first!r}, not one of its 'chars'"
    a_h = progress["a_h"]
    if not (isinstance(a_h, list) and len(a_h) == model.n_hidden and all(map(is_number, a_h))):
        return f"its progress 'a_h' must be {model.n_hidden} numbers, the model's hidden state"
    return ""


def load(path):
    """(model, chars, progress) from a checkpoint, or fail, naming it and what is wrong."""
    try:
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
    except OSError as e:
        fail(f"cannot read the checkpoint {path}: {e.strerror}")
    except ValueError as e:                             # not UTF-8, or not JSON
        fail(f"the checkpoint {path} is not JSON: {e}")
    problem = checkpoint_problem(d)
    if problem:
        fail(f"the checkpoint {path} is not usable: {problem}")
    return minirnn.RNN.from_dict(d["model"]), d["chars"], d["progress"]


def check_writable(path):
    """Fail now, not after training, if the checkpoint cannot be written."""
    if os.path.isdir(path):
        fail(f"--checkpoint {path} is a directory, not a file")
    try:
        with open(path + ".tmp", "w"):
            pass
        os.remove(path + ".tmp")
    except OSError as e:
        fail(f"cannot write the checkpoint {path}: {e.strerror}")


def read_text(path):
    """The text of a UTF-8 file, which must hold a character and the next one at least."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        fail(f"cannot read {path}: {e.strerror}")
    except UnicodeDecodeError as e:
        fail(f"{path} is not UTF-8 text: {e}")
    if len(text) < 2:
        fail(f"{path} has {len(text)} character{'' if len(text) == 1 else 's'}: learning needs"
             " at least 2, a character and the next one to predict")
    return text


def write(model, chars, progress, length, temperature, seed):
    """length characters sampled from the state a_h, starting by feeding the next character."""
    first = chars.index(progress["next"])
    ks = model.sample(first, length, temperature, seed=seed, h0=progress["a_h"])
    return progress["next"] + "".join(chars[k] for k in ks)


def learn(model, text, chars, progress, args):
    """Train on text until --chars characters are seen or Ctrl-C; save the checkpoint."""
    table = {c: k for k, c in enumerate(chars)}
    vectors = [minirnn.one_hot(k, len(chars)) for k in range(len(chars))]
    log_k = math.log(len(chars))
    stop = []                                           # Ctrl-C appends to it
    updates, started, seen_at_start = 0, time.time(), progress["seen"]

    def on_sigint(signum, frame):
        stop.append(signum)
        signal.signal(signal.SIGINT, signal.default_int_handler)   # a second one interrupts

    def on_update(update):
        """Called by train after each update: progress, samples, checkpoints, stopping."""
        nonlocal updates
        progress["seen"] += update["steps"]
        progress["position"] += update["steps"]
        progress["next"] = text[progress["position"]]   # the input after this update's last
        progress["a_h"] = update["a_h"]
        per_char = update["loss"] / update["steps"]
        progress["loss"] = SMOOTHING * progress["loss"] + (1 - SMOOTHING) * per_char
        updates += 1
        if updates % args.every == 0:
            us = (time.time() - started) / (progress["seen"] - seen_at_start) * 1e6
            line = (f"{progress['seen']:>10,} chars  pass {progress['pass']}  loss per char"
                    f" {progress['loss']:.3f} (log K = {log_k:.3f})  {us:.0f} us/char")
            if progress["loss"] > log_k:                # worse than a model that knows nothing
                line += "  above log K: diverging? try a smaller --lr"
            print(line, flush=True)
        if updates % (10 * args.every) == 0:
            sample = write(model, chars, progress, 200, args.temperature, args.seed)
            show("----\n" + sample + "\n----")
            save(args.checkpoint, model, chars, progress)
        if stop:
            print("Ctrl-C: stopping here, with every update kept", flush=True)
        return bool(stop) or (args.chars is not None and progress["seen"] >= args.chars)

    signal.signal(signal.SIGINT, on_sigint)
    try:
        while not stop and (args.chars is None or progress["seen"] < args.chars):
            pairs = make_pairs(text[progress["position"]:], table, vectors, args.seq)
            model.train(pairs, 1, args.lr, clip=args.clip, carry=True, callback=on_update)
            if progress["position"] == len(text) - 1:   # the pass is complete: start the next
                progress["pass"] += 1
                progress["position"] = 0
    except KeyboardInterrupt:
        sys.exit("interrupted: train put the model back to where this pass began;"
                 f" {args.checkpoint} holds the last checkpoint")
    save(args.checkpoint, model, chars, progress)
    print(f"saved {args.checkpoint} at {progress['seen']:,} characters")


def main():
    parser = Parser(description=__doc__.split("\n")[0])
    parser.add_argument("text", nargs="?", default=os.path.join(os.path.dirname(HERE), "README.md"),
                        help="the UTF-8 text file to learn (default: minirnn's README.md)")
    parser.add_argument("--checkpoint", default="charlm.json", metavar="FILE",
                        help="where the model is saved and resumed from (default: %(default)s)")
    parser.add_argument("--resume", action="store_true",
                        help="go on from the checkpoint (default: start a new model)")
    parser.add_argument("--sample", type=positive_int, metavar="N",
                        help="write N characters from the checkpoint instead of training"
                             " (default: train)")
    parser.add_argument("--temperature", type=positive_float, default=0.5, metavar="T",
                        help="below 1 picks likelier characters (default: %(default)s)")
    parser.add_argument("--hidden", type=positive_int, default=100, metavar="N",
                        help="hidden units of a new model (default: %(default)s)")
    parser.add_argument("--lr", type=positive_float, default=0.1,
                        help="learning rate (default: %(default)s)")
    parser.add_argument("--clip", type=positive_float, default=5.0,
                        help="gradient norm clip (default: %(default)s)")
    parser.add_argument("--seq", type=positive_int, default=25, metavar="N",
                        help="characters per update (default: %(default)s)")
    parser.add_argument("--every", type=positive_int, default=100, metavar="N",
                        help="updates per progress line; a sample and a checkpoint every 10"
                             " lines (default: %(default)s)")
    parser.add_argument("--chars", type=positive_int, metavar="N",
                        help="stop after N characters (default: none, run until Ctrl-C)")
    parser.add_argument("--seed", type=int, default=0,
                        help="for the weights and the samples (default: %(default)s)")
    args = parser.parse_args()

    if args.sample is not None:
        model, chars, progress = load(args.checkpoint)
        show(write(model, chars, progress, args.sample, args.temperature, args.seed))
        return
    text = read_text(args.text)
    if args.resume:
        model, chars, progress = load(args.checkpoint)
        unknown = sorted(set(text) - set(chars))
        if unknown:
            fail(f"{args.text} has characters the checkpoint's table lacks: {unknown}")
    else:
        chars = "".join(sorted(set(text)))
        try:
            model = minirnn.RNN(len(chars), args.hidden, len(chars), seed=args.seed)
        except ValueError as e:                         # too many parameters
            fail(f"{len(chars)} distinct characters and --hidden {args.hidden}: {e}")
        progress = {"seen": 0, "pass": 1, "position": 0, "loss": math.log(len(chars)),
                    "next": text[0], "a_h": minirnn.zeros(args.hidden)}
    check_writable(args.checkpoint)
    if args.resume:
        print(f"resuming from {args.checkpoint} at {progress['seen']:,} characters")
    if progress["position"] >= len(text) - 1:
        progress["position"] = 0                        # the text is shorter than last time
    print(f"{args.text}: {len(text):,} characters, K = {len(chars)} distinct; {model.n_hidden}"
          f" hidden units, lr {args.lr}, clip {args.clip}, sequences of {args.seq}")
    learn(model, text, chars, progress, args)


if __name__ == "__main__":
    main()
