"""A sensor classifier, from PC to board: which wave is this window of readings?

    python3 examples/sensor.py                   # train, score held out, write the two files
    python3 examples/sensor.py --out build       # ... into build/ (the default is .)

A window is WINDOW readings of a synthetic sensor: a sine, a square or a sawtooth wave
(KINDS), each with a random period, phase, amplitude, offset and noise. The model sees one
reading at a time, as a board would, with the change since the previous reading: x_t =
[r_t, r_t - r_{t-1}] (features). The label is the window's kind, at the last step only
(ys = [None, ..., None, kind]): the model must remember what it saw. Trained on TRAIN
windows of one seed and scored on HELD_OUT of another (none of them trained on), it
prints the held-out accuracy (at least 95%; 99% in our runs), then writes

    sensor.txt            the model, as model.save writes it (RNN.load reads it on a board)
    sensor_windows.txt    the held-out windows, one a line: kind, CPython's class, readings

each to a new file of its own beside the name, then renamed over it, so a failed run
leaves no half-written file. examples/sensor_main.py is the board's side: a main.py that
loads sensor.txt and classifies readings as they arrive (from sensor_windows.txt on the
unix port), and says whether each class is CPython's.
"""
import argparse
import math
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))               # minirnn.py is one folder up
import minirnn  # noqa: E402

KINDS = ("sine", "square", "sawtooth")
WINDOW, TRAIN, HELD_OUT = 24, 300, 300
N_HIDDEN, EPOCHS, LR, CLIP = 12, 15, 0.05, 5.0


def wave(kind, p):
    """The wave KINDS[kind] at phase p in [0, 1): a value in [-1, 1]."""
    if kind == 0:
        return math.sin(2 * math.pi * p)
    if kind == 1:
        return 1.0 if p < 0.5 else -1.0
    return 2.0 * p - 1.0


def readings(rng, kind, length=WINDOW):
    """`length` readings of the wave KINDS[kind]: a period of 6 to 16 readings, a random
    phase, amplitude 0.5 to 1.5, offset -0.3 to 0.3, and noise of up to 0.1 on each."""
    period, phase = rng.uniform(6.0, 16.0), rng.random()
    amplitude, offset = rng.uniform(0.5, 1.5), rng.uniform(-0.3, 0.3)
    return [offset + amplitude * wave(kind, (t / period + phase) % 1.0) + rng.uniform(-0.1, 0.1)
            for t in range(length)]


def features(values):
    """x_t = [r_t, r_t - r_{t-1}] for each reading (the first one's change is 0)."""
    return [[r, r - previous] for r, previous in zip(values, values[:1] + values[:-1])]


def windows(count, seed):
    """`count` (readings, kind) windows, each kind drawn at random."""
    rng = minirnn.make_rng(seed)
    drawn = []
    for _ in range(count):
        kind = rng.randrange(len(KINDS))
        drawn.append((readings(rng, kind), kind))
    return drawn


def labelled(drawn):
    """The (xs, ys) pairs train takes: the features, and the kind at the last step only."""
    return [(features(values), [None] * (len(values) - 1) + [kind]) for values, kind in drawn]


def classify(model, values):
    """The class the model gives a window after its last reading, one step at a time."""
    h = None
    for x in features(values):
        y_hat, h = model.step(x, h)
    return minirnn.argmax(y_hat)


def write_new(path, write):
    """write(f) to a new file beside path, then rename it over path."""
    fd, scratch = tempfile.mkstemp(prefix=os.path.basename(path) + ".", dir=os.path.dirname(path) or ".")
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(scratch, 0o666 & ~mask)                        # as open() makes it: mkstemp's is private
        with os.fdopen(fd, "w") as f:
            write(f)
        os.replace(scratch, path)
    except BaseException:
        os.unlink(scratch)
        raise


def main(argv=None):
    parser = argparse.ArgumentParser(description="Train a sensor-window classifier and write"
                                     " sensor.txt and sensor_windows.txt for a board.")
    parser.add_argument("--out", default=".", help="the folder to write the two files to (default: .)")
    parser.add_argument("--seed", type=int, default=0, help="the training windows' and weights' seed")
    args = parser.parse_args(argv)
    try:
        os.makedirs(args.out, exist_ok=True)        # build/, say, before make board made it
    except OSError as error:
        parser.error("--out %r is not a folder that can be made: %s" % (args.out, error.strerror))
    model = minirnn.RNN(2, N_HIDDEN, len(KINDS), seed=args.seed)
    train = labelled(windows(TRAIN, args.seed))
    print("training: %d windows of %d readings (%s), labelled at the last step; a %d-%d-%d model"
          % (TRAIN, WINDOW, ", ".join(KINDS), model.n_in, model.n_hidden, model.n_out))
    for epoch in range(1, EPOCHS + 1):
        loss = model.train(train, 1, LR, clip=CLIP)[0]
        print("  epoch %2d: loss %6.1f, %5.1f%% of the training windows right"
              % (epoch, loss, 100 * minirnn.accuracy(model, train)), flush=True)
    held_out = windows(HELD_OUT, args.seed + 1)              # another seed: new windows
    classes = [classify(model, values) for values, _ in held_out]
    right = sum(c == kind for c, (_, kind) in zip(classes, held_out))
    print("held out: %d of %d new windows right (%.1f%%)" % (right, HELD_OUT, 100 * right / HELD_OUT))
    model_path = os.path.join(args.out, "sensor.txt")
    windows_path = os.path.join(args.out, "sensor_windows.txt")
    write_new(model_path, model.save)
    write_new(windows_path, lambda f: f.writelines(
        "%d %d %s\n" % (kind, c, " ".join(map(repr, values))) for c, (values, kind) in zip(classes, held_out)))
    print("wrote %s (the model) and %s (the held-out windows, with CPython's classes)"
          % (model_path, windows_path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
