"""A character-level language model: learn a text one character at a time, then write like it.

    python3 examples/charlm.py                   # learn README.md (Ctrl-C stops, saving)
    python3 examples/charlm.py some.txt          # learn some.txt
    python3 examples/charlm.py some.txt --resume # go on from the checkpoint
    python3 examples/charlm.py --sample 500      # write 500 characters from the checkpoint
    python3 examples/charlm.py --sample 200 --prime "Once upon"   # ... going on from a text
    python3 examples/charlm.py --export charlm.txt   # the checkpoint's model and table, for RNN.load

Karpathy's min-char-rnn, with minirnn: x_t = onehot(the t-th character), y_t = the
next character, and the model learns to predict it. The text is passed as short
(xs, ys) pairs of --seq characters with carry=True, so the hidden state runs on from
one pair to the next through the whole text, and every xs holds references to one
shared one-hot list per distinct character: the text costs two list slots per
character, not a vector per character.

Every --every updates a progress line shows the loss per character, smoothed, beside
log K (K distinct characters): a model that has learnt nothing scores about log K,
so a loss that stays near it is a stall. Beside it is min-char-rnn's own figure, the
loss per 25-character sequence smoothed by 0.999 (its smooth_loss), and with
--held-out N the loss per character on the text's last N characters, which are never
trained on (scored when 4 N characters have been trained since the last score, so that
scoring costs a tenth of the time or less). Every --sample-every updates it writes a
sample (from the current state, at --temperature, or from --prime), and every 10
progress lines it saves the checkpoint, a JSON file: model.to_dict(), the character
table and the progress.

A save writes a new file of its own beside the checkpoint, then renames it over the
checkpoint: the checkpoint is always a whole one, from this run or another writing
it. A failed save (a full disk) says so in one line and training goes on; the run
exits 1 if its last save failed. Ctrl-C, or an output that closes (a pipe whose
reader has gone), asks the training callback to return True: train stops after the
update in progress and keeps every update, and the checkpoint saved at exit is the
model after that update. (A second Ctrl-C abandons that update: train then puts the
epoch back, as it does on any exception, so nothing is saved and the checkpoint on
disk is the one to resume from.) A run that diverges stops in one line, exit 1,
leaving the last checkpoint as it was. --resume goes on at the character where the
checkpoint stopped, with the state starting from zeros there, as at the start of
every pass.

--export FILE writes the checkpoint's model as model.save writes it (the streaming model
file that RNN.load reads a line at a time, as a board does), then one more line, the
character table as a JSON string (class k is its k-th character), and trains nothing; it
is saved as a checkpoint is, through a new file of its own renamed over FILE, and a failed
write says so in one line, exit 1, leaving FILE as it was.

Every mistake in the flags, the text or the checkpoint stops it before training
starts, with one line on stderr and exit status 2, as argparse does. A --checkpoint
that is empty, is the text, exists and is not a regular file (a folder, a symlink, a
device), or exists and is not a checkpoint (when starting a new model) is refused so;
so is an --export FILE that is empty, the text, the checkpoint, not a regular file, or a
file that exists and is not a model file.
"""
import argparse
import hashlib
import json
import math
import os
import signal
import stat
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))               # minirnn.py is one folder up
import minirnn  # noqa: E402

SMOOTHING = 0.99                # the smoothed loss averages about the last 100 updates
GIST_SMOOTHING, GIST_SEQ = 0.999, 25        # min-char-rnn's smooth_loss: per 25 characters
HELD_OUT_EVERY = 4              # score N held-out characters after 4 N trained: scoring one
# costs about a third of training on one (a forward pass, no BPTT), so at most 1/12 of the time
PROGRESS = ("seen", "pass", "position", "loss", "next", "a_h")     # a checkpoint's progress


def escaped(text, stream):
    """text with what stream's encoding cannot write escaped (\\xe9, \\udcff), as samples are."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    return text.encode(encoding, "backslashreplace").decode(encoding)


class Output:
    """A stream to print lines to that never raises: a line it cannot encode is escaped,
    and once writing fails (a closed pipe), closed is True and nothing more is written."""

    def __init__(self, stream):
        self.stream, self.closed = stream, False

    def line(self, text):
        if self.closed:
            return
        try:
            print(escaped(text, self.stream), file=self.stream, flush=True)
        except (OSError, ValueError):                   # a closed pipe, or a closed file
            self.closed = True
            try:                                        # so that exiting flushes nothing into it
                os.dup2(os.open(os.devnull, os.O_WRONLY), self.stream.fileno())
            except (OSError, ValueError):
                pass


def fail(message):
    """Stop with one line on stderr and exit status 2, as argparse does for a bad flag."""
    Output(sys.stderr).line("charlm.py: error: " + message)
    sys.exit(2)


class Parser(argparse.ArgumentParser):
    """argparse, saying what is wrong with the flags in one line (fail's)."""

    def error(self, message):
        fail(message + " (see --help)")


def whole_number(low):
    """An argparse type: a whole number >= low."""
    def check(text):
        try:
            if int(text) >= low:
                return int(text)
        except ValueError:                              # not a whole number: refused below
            pass
        raise argparse.ArgumentTypeError(f"must be a whole number >= {low}, got {text}")
    return check


def positive_float(text):
    """An argparse type: a finite number > 0."""
    try:
        x = float(text)
    except ValueError:                                  # not a number: refused below
        x = math.nan
    if not (math.isfinite(x) and x > 0):
        raise argparse.ArgumentTypeError(f"must be a number > 0, got {text}")
    return x


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


def kind(path):
    """What is at path, if it is not a regular file: "a folder", "a symlink", ... ("" if
    it is one or nothing is there)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return ""
    for test, name in ((stat.S_ISREG, ""), (stat.S_ISDIR, "a folder"), (stat.S_ISLNK, "a symlink"),
                       (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a device"


def save(path, write_to):
    """Write a file whole or not at all: write_to(f) writes it to a new file of this save's
    own beside path, then renamed over path. Return "" or what went wrong; path is then
    untouched."""
    folder, name = os.path.split(path)
    temp = None
    try:
        fd, temp = tempfile.mkstemp(prefix="." + name + ".", suffix=".tmp", dir=folder or ".")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            write_to(f)
            f.flush()
            os.fsync(f.fileno())                        # on the disk before it is renamed
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temp, 0o666 & ~mask)                   # as open() makes it: mkstemp's is private
        if kind(path):                                  # it has become a folder, a symlink, ...
            return f"{path} is {kind(path)} now, not a regular file"
        os.replace(temp, path)
        temp = None
        return ""
    except (OSError, ValueError) as e:
        return getattr(e, "strerror", None) or str(e)
    finally:
        if temp is not None:                            # failed, or interrupted: leave nothing
            try:
                os.remove(temp)
            except OSError:
                pass


def save_checkpoint(path, model, chars, progress):
    """save the checkpoint: the model's to_dict, the table and the progress, as JSON."""
    data = {"model": model.to_dict(), "chars": chars, "progress": progress}
    return save(path, lambda f: f.write(json.dumps(data)))      # train keeps every number finite


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
    if not all(is_number(progress[key]) for key in ("loss", "smooth_loss") if key in progress):
        return "its progress 'loss' and 'smooth_loss' must be numbers"
    first = progress["next"]
    if not (isinstance(first, str) and len(first) == 1 and first in chars):
        return f"its progress 'next' is {first!r}, not one of its 'chars'"
    a_h = progress["a_h"]
    if not (isinstance(a_h, list) and len(a_h) == model.n_hidden and all(map(is_number, a_h))):
        return f"its progress 'a_h' must be {model.n_hidden} numbers, the model's hidden state"
    try:                                                # weights so large that a step overflows
        model.step(minirnn.one_hot(chars.index(first), model.n_in), a_h)
    except ValueError as e:
        return f"its model cannot run: {e}"
    return ""


def read_checkpoint(path):
    """(model, chars, progress) from a checkpoint, or (None, what is wrong)."""
    try:
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
    except OSError as e:
        return None, f"cannot read the checkpoint {path}: {e.strerror}"
    except (ValueError, RecursionError) as e:           # not UTF-8, not JSON, or nested too deep
        return None, f"the checkpoint {path} is not JSON: {e}"
    problem = checkpoint_problem(d)
    if problem:
        return None, f"the checkpoint {path} is not usable: {problem}"
    return minirnn.RNN.from_dict(d["model"]), d["chars"], d["progress"]


def load(path):
    """(model, chars, progress) from a checkpoint, or fail, naming it and what is wrong."""
    checkpoint = read_checkpoint(path)
    if checkpoint[0] is None:
        fail(checkpoint[1])
    return checkpoint


def same_file(path, other):
    """Whether path and other both exist and are one file, however either is spelt."""
    return os.path.exists(path) and os.path.exists(other) and os.path.samefile(path, other)


def check_path(flag, path, others, ours, what, noun):
    """Fail now, not after the work, if path (given as flag; noun names it) must not or
    cannot be written: others are {path: what it is} it must not be, and ours(path)
    (None: not asked) says whether a file there is what, charlm's own to replace."""
    if not path:
        fail(f"{flag} is empty: give it a file name")
    if kind(path):
        fail(f"{flag} {path} is {kind(path)}, not a regular file: charlm writes only"
             " regular files of its own")
    for other, name in others.items():
        if same_file(path, other):
            fail(f"{flag} {path} is {name} {other} itself")
    if os.path.exists(path) and ours is not None and not ours(path):
        fail(f"{flag} {path} exists and is not {what}, so it is not overwritten: give another"
             " file, or remove it")
    try:                                                # a file can be made there: an unnamed one
        tempfile.TemporaryFile(dir=os.path.dirname(path) or ".").close()
    except OSError as e:
        fail(f"cannot write {noun} {path}: {e.strerror}")


def is_checkpoint(path):
    """Whether path holds a checkpoint charlm can use."""
    return read_checkpoint(path)[0] is not None


def is_model_file(path):
    """Whether path holds a model file that RNN.load reads."""
    try:
        with open(path, encoding="utf-8") as f:
            minirnn.RNN.load(f)
    except (OSError, ValueError):                       # ValueError: not UTF-8, or not a model
        return False
    return True


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


def fingerprint(text):
    """What tells one text from another in a checkpoint: its SHA-256, in hex."""
    return hashlib.sha256(text.encode()).hexdigest()    # UTF-8: read_text's text has no lone surrogate


def check_prime(prime, chars):
    """Fail unless --prime is empty or None or made of the table's characters."""
    unknown = sorted(set(prime or "") - set(chars))
    if prime == "" or unknown:
        fail(f"--prime {prime!r} must be characters of the model's table; it has {unknown or 'none'}")


def write(model, chars, progress, length, temperature, seed, prime=None):
    """length characters sampled after the prime, run from zeros, or else after the
    state a_h and the next character of the text; the prime or that character first."""
    a_h, start = progress["a_h"], progress["next"]
    if prime:
        a_h, start = None, prime[-1]
        for c in prime[:-1]:
            a_h = model.step(minirnn.one_hot(chars.index(c), len(chars)), a_h)[1]
    ks = model.sample(chars.index(start), length, temperature, seed=seed, h0=a_h)
    return (prime or start) + "".join(chars[k] for k in ks)


def held_out_loss(model, text, table, vectors, n):
    """The loss per character on the last n characters of text, from zeros before them."""
    xs = [vectors[table[c]] for c in text[-n - 1:-1]]
    return model.loss(xs, [table[c] for c in text[-n:]]) / n


def learn(model, text, chars, progress, args, out):
    """Train on text (but its last --held-out characters) until --chars characters are
    seen, Ctrl-C or the output closes; save the checkpoint. Return the exit status."""
    table = {c: k for k, c in enumerate(chars)}
    vectors = [minirnn.one_hot(k, len(chars)) for k in range(len(chars))]
    log_k, train_text = math.log(len(chars)), text[:len(text) - args.held_out]
    stop, failed = [], []                               # Ctrl-C appends to stop
    err = Output(sys.stderr)
    updates, started, seen_at_start = 0, time.time(), progress["seen"]
    scored_at = seen_at_start                           # when the held-out text was last scored

    def on_sigint(signum, frame):
        stop.append(signum)
        signal.signal(signal.SIGINT, signal.default_int_handler)   # a second one interrupts

    def checkpoint():
        problem = save_checkpoint(args.checkpoint, model, chars, progress)
        if problem:
            err.line(f"charlm.py: cannot save the checkpoint {args.checkpoint}: {problem};"
                     " the last one saved is as it was")
        failed[:] = [problem] if problem else []

    def line():
        nonlocal scored_at
        us = (time.time() - started) / (progress["seen"] - seen_at_start) * 1e6
        text_line = (f"{progress['seen']:>10,} chars  pass {progress['pass']}  loss per char"
                     f" {progress['loss']:.3f} (log K = {log_k:.3f})  min-char-rnn's"
                     f" {progress['smooth_loss']:.2f}")
        if args.held_out and progress["seen"] - scored_at >= HELD_OUT_EVERY * args.held_out:
            scored_at = progress["seen"]
            text_line += f"  held-out {held_out_loss(model, text, table, vectors, args.held_out):.3f}"
        if progress["loss"] > log_k:                    # worse than a model that knows nothing
            text_line += "  above log K: diverging? try a smaller --lr"
        out.line(text_line + f"  {us:.0f} us/char")

    def on_update(update):
        """Called by train after each update: progress, samples, checkpoints, stopping.
        It raises nothing (train would put the pass back): an error is a line, and stops."""
        nonlocal updates
        progress["seen"] += update["steps"]
        progress["position"] += update["steps"]
        progress["next"] = train_text[progress["position"]]   # the input after this update's last
        progress["a_h"] = update["a_h"]
        per_char = update["loss"] / update["steps"]
        progress["loss"] = SMOOTHING * progress["loss"] + (1 - SMOOTHING) * per_char
        progress["smooth_loss"] = (GIST_SMOOTHING * progress["smooth_loss"]
                                   + (1 - GIST_SMOOTHING) * per_char * GIST_SEQ)
        updates += 1
        try:                                            # a model whose scores overflow
            if updates % args.every == 0:
                line()
            if args.sample_every and updates % args.sample_every == 0:
                out.line("----\n" + write(model, chars, progress, 200, args.temperature, args.seed,
                                          args.prime) + "\n----")
        except ValueError as e:
            err.line(f"charlm.py: {e}")
            stop.append(e)
        if updates % (10 * args.every) == 0:
            checkpoint()
        if stop and stop[0] == signal.SIGINT:
            out.line("Ctrl-C: stopping here, with every update kept")
        if out.closed and not stop:
            err.line("charlm.py: the output has closed: stopping here, with every update kept")
            stop.append(out)
        return bool(stop) or (args.chars is not None and progress["seen"] >= args.chars)

    before = signal.signal(signal.SIGINT, on_sigint)
    try:
        while not stop and (args.chars is None or progress["seen"] < args.chars):
            pairs = make_pairs(train_text[progress["position"]:], table, vectors, args.seq)
            model.train(pairs, 1, args.lr, clip=args.clip, carry=True, callback=on_update)
            if progress["position"] == len(train_text) - 1:   # the pass is complete: the next
                progress["pass"] += 1
                progress["position"] = 0
    except KeyboardInterrupt:
        err.line("charlm.py: interrupted: train put the model back to where this pass began;"
                 f" {args.checkpoint} holds the last checkpoint")
        return 1
    except ValueError as e:                             # train's divergence error
        err.line(f"charlm.py: error: at {progress['seen']:,} characters, {e} {args.checkpoint}"
                 " holds the last checkpoint, as it was")
        return 1
    finally:
        signal.signal(signal.SIGINT, before)
    checkpoint()
    if failed:
        return 1
    out.line(f"saved {args.checkpoint} at {progress['seen']:,} characters")
    return 0


def export(model, chars, progress, args, out):
    """Write the checkpoint's model to --export as model.save writes it, and then its table
    as a line of JSON (which RNN.load leaves unread), through save, as a checkpoint is
    written. Return the exit status."""
    check_path("--export", args.export, {args.text: "the text", args.checkpoint: "the checkpoint"},
               is_model_file, "a model file", "the model file")

    def write_to(f):                                    # the table, as the text has it (UTF-8)
        model.save(f)
        f.write(json.dumps(chars, ensure_ascii=False) + "\n")
    problem = save(args.export, write_to)
    if problem:
        Output(sys.stderr).line(f"charlm.py: cannot write the model file {args.export}: {problem};"
                                f" {args.export} is as it was")
        return 1
    out.line(f"wrote {args.export}: the {model.n_in}-{model.n_hidden}-{model.n_out} model of"
             f" {args.checkpoint} at {progress['seen']:,} characters and its table, for RNN.load")
    return 0


def parse(argv):
    """The flags, checked."""
    parser = Parser(description=__doc__.split("\n")[0])
    parser.add_argument("text", nargs="?", default=os.path.join(os.path.dirname(HERE), "README.md"),
                        help="the UTF-8 text file to learn (default: minirnn's README.md)")
    parser.add_argument("--checkpoint", default="charlm.json", metavar="FILE",
                        help="where the model is saved and resumed from (default: %(default)s)")
    parser.add_argument("--resume", action="store_true",
                        help="go on from the checkpoint (default: start a new model)")
    instead = parser.add_mutually_exclusive_group()
    instead.add_argument("--sample", type=whole_number(1), metavar="N",
                         help="write N characters from the checkpoint instead of training"
                              " (default: train)")
    instead.add_argument("--export", metavar="FILE",
                         help="write the checkpoint's model to FILE as model.save does, for"
                              " RNN.load (a board's model file), then its character table as a"
                              " line of JSON, instead of training (default: train)")
    parser.add_argument("--prime", metavar="TEXT",
                        help="samples go on from TEXT, run through the model from zeros (default:"
                             " from the state training reached)")
    parser.add_argument("--temperature", type=positive_float, default=0.5, metavar="T",
                        help="below 1 picks likelier characters (default: %(default)s)")
    parser.add_argument("--hidden", type=whole_number(1), metavar="N",
                        help="hidden units of a new model (default: 100)")
    parser.add_argument("--lr", type=positive_float, default=0.1,
                        help="learning rate (default: %(default)s)")
    parser.add_argument("--clip", type=positive_float, default=5.0,
                        help="gradient norm clip (default: %(default)s)")
    parser.add_argument("--seq", type=whole_number(1), default=25, metavar="N",
                        help="characters per update (default: %(default)s)")
    parser.add_argument("--every", type=whole_number(1), default=100, metavar="N",
                        help="updates per progress line; a checkpoint every 10 lines"
                             " (default: %(default)s)")
    parser.add_argument("--sample-every", type=whole_number(0), metavar="N",
                        help="updates per sample, 0 for none (default: one every 10 progress"
                             " lines)")
    parser.add_argument("--held-out", type=whole_number(0), default=0, metavar="N",
                        help="never train on the text's last N characters; score them with the"
                             " progress (default: %(default)s, none)")
    parser.add_argument("--chars", type=whole_number(1), metavar="N",
                        help="stop after N characters (default: none, run until Ctrl-C)")
    parser.add_argument("--seed", type=int, default=0,
                        help="for the weights and the samples (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.sample_every is None:
        args.sample_every = 10 * args.every
    return args


def start(text, args, out):
    """(model, chars, progress) to train on text: a new model, or the checkpoint's."""
    if not args.resume:
        chars = "".join(sorted(set(text)))
        try:
            model = minirnn.RNN(len(chars), args.hidden or 100, len(chars), seed=args.seed)
        except ValueError as e:                         # too many parameters
            fail(f"{len(chars)} distinct characters and --hidden {args.hidden or 100}: {e}")
        return model, chars, {"seen": 0, "pass": 1, "position": 0, "loss": math.log(len(chars)),
                              "next": text[0], "a_h": minirnn.zeros(model.n_hidden)}
    model, chars, progress = load(args.checkpoint)
    unknown = sorted(set(text) - set(chars))
    if unknown:
        fail(f"{args.text} has characters the checkpoint's table lacks: {unknown}")
    out.line(f"resuming from {args.checkpoint} at {progress['seen']:,} characters")
    if args.hidden is not None and args.hidden != model.n_hidden:
        out.line(f"--hidden {args.hidden} is not used: the checkpoint's model has"
                 f" {model.n_hidden} hidden units")
    if progress.get("text", fingerprint(text)) != fingerprint(text):
        out.line(f"{args.text} is not the text the checkpoint learnt: going on from its start")
        progress["pass"], progress["position"] = 1, 0
    return model, chars, progress


def main(argv=None):
    """Run charlm with the flags argv (None: the command line's); return the exit status."""
    args = parse(argv)
    out = Output(sys.stdout)
    if args.sample is not None or args.export is not None:
        if os.path.exists(args.checkpoint) and not os.path.isfile(args.checkpoint):
            fail(f"--checkpoint {args.checkpoint} is not a regular file")
        model, chars, progress = load(args.checkpoint)
    if args.export is not None:
        return export(model, chars, progress, args, out)
    if args.sample is not None:
        check_prime(args.prime, chars)
        try:
            out.line(write(model, chars, progress, args.sample, args.temperature, args.seed,
                           args.prime))
        except ValueError as e:                         # its scores overflow on the way
            fail(f"the checkpoint {args.checkpoint} cannot write: {e}")
        return 0
    text = read_text(args.text)
    if len(text) - args.held_out < 2:
        fail(f"--held-out {args.held_out} leaves {max(len(text) - args.held_out, 0)} of {args.text}'s"
             f" {len(text):,} characters to learn from: it needs at least 2")
    check_path("--checkpoint", args.checkpoint, {args.text: "the text"},
               None if args.resume else is_checkpoint, "a checkpoint of charlm's", "the checkpoint")
    model, chars, progress = start(text, args, out)
    check_prime(args.prime, chars)
    progress.setdefault("smooth_loss", GIST_SEQ * progress["loss"])   # checkpoints before it
    progress["text"] = fingerprint(text)
    if progress["position"] >= len(text) - args.held_out - 1:
        progress["position"] = 0                        # the text is shorter than last time
    out.line(f"{args.text}: {len(text):,} characters, K = {len(chars)} distinct; {model.n_hidden}"
             f" hidden units, lr {args.lr}, clip {args.clip}, sequences of {args.seq}"
             + (f"; the last {args.held_out:,} held out" if args.held_out else ""))
    return learn(model, text, chars, progress, args, out)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:                           # a second Ctrl-C, outside train
        Output(sys.stderr).line("charlm.py: interrupted")
        sys.exit(130)
