"""Throughput benchmark: microseconds per training time-step on this interpreter.

One time-step is forward + BPTT + its share of the SGD update, with per-sequence
training as in the source notebook: n_in = n_out = 3, sequences of length 10.
Also the wall time of the demo's mod-3 training run (checked to reach 100% held
out). Medians of 5 repeats. Standard library only, so that it runs on MicroPython
too. Run it from the repository root:

    python3 tools/measure/bench.py                                        (or: make bench)
    .venv-micropython/bin/micropython -X heapsize=64M tools/measure/bench.py
        (or: make bench PYTHON=.venv-micropython/bin/micropython, which gives it the 64M heap)
"""
import sys
import time

sys.path.insert(0, "")                 # the current directory: the repository root
import minirnn  # noqa: E402

REPEATS = 5
LENGTH = 10
SIZES = [(10, 40, 10), (32, 20, 4), (100, 4, 2)]   # n_hidden, sequences, epochs
CHARS, CHAR_HIDDEN, CHAR_SEQ, CHAR_PAIRS = 76, 100, 25, 16  # the character-level row

if hasattr(time, "perf_counter"):
    clock = time.perf_counter
else:                                  # MicroPython
    def clock():
        """Seconds from an arbitrary start."""
        return time.time_ns() / 1e9


def median(values):
    """The middle value (the mean of the two middle ones for an even count)."""
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def us_per_step(n_hidden, sequences, epochs):
    """Median microseconds per training time-step for a model with n_hidden units."""
    data = minirnn.make_data(minirnn.next_mod3, sequences, LENGTH, minirnn.make_rng(0))
    times = []
    for _ in range(REPEATS):
        model = minirnn.RNN(3, n_hidden, 3, seed=0)
        start = clock()
        model.train(data, epochs, 0.01)
        times.append((clock() - start) / (epochs * sequences * LENGTH) * 1e6)
    return median(times)


def plain_us_per_step(n_hidden, sequences):
    """Median microseconds per time-step of the plain reference path, forward_pass and bptt,
    over the same data (no update: the reference computes gradients, it does not train)."""
    data = minirnn.make_data(minirnn.next_mod3, sequences, LENGTH, minirnn.make_rng(0))
    model = minirnn.RNN(3, n_hidden, 3, seed=0)
    h0 = minirnn.zeros(n_hidden)
    times = []
    for _ in range(REPEATS):
        start = clock()
        for xs, ys in data:
            _, _, a_h, _, y_hat = minirnn.forward_pass(model, xs, ys, h0)
            minirnn.bptt(model, xs, ys, a_h, y_hat)
        times.append((clock() - start) / (sequences * LENGTH) * 1e6)
    return median(times)


def char_pairs():
    """CHAR_PAIRS pairs of CHAR_SEQ random characters as shared one-hot lists, each
    target the next character: a text as examples/charlm.py passes it."""
    rng = minirnn.make_rng(0)
    vectors = [minirnn.one_hot(k, CHARS) for k in range(CHARS)]
    text = [rng.randrange(CHARS) for _ in range(CHAR_PAIRS * CHAR_SEQ + 1)]
    return [([vectors[k] for k in text[i:i + CHAR_SEQ]], text[i + 1:i + CHAR_SEQ + 1])
            for i in range(0, CHAR_PAIRS * CHAR_SEQ, CHAR_SEQ)]


def every_column(A, B):
    """sum_outer without skipping the columns of B that are zero at every step."""
    Bt = minirnn.transpose(B)
    return [[minirnn.fast_dot(a_i, b_j) for b_j in Bt] for a_i in minirnn.transpose(A)]


def us_per_char():
    """Median microseconds per character with dW's columns of absent inputs skipped,
    without the skipping, and the median ratio of the two over repeats that time them
    back to back."""
    data = char_pairs()
    skipping = minirnn.sum_outer
    times = {skipping: [], every_column: []}
    for _ in range(REPEATS):
        for outer in (skipping, every_column):
            minirnn.sum_outer = outer
            model = minirnn.RNN(CHARS, CHAR_HIDDEN, CHARS, seed=0)
            start = clock()
            model.train(data, 1, 0.1, clip=5.0, carry=True)
            times[outer].append((clock() - start) / (CHAR_PAIRS * CHAR_SEQ) * 1e6)
    minirnn.sum_outer = skipping
    ratios = [d / s for s, d in zip(times[skipping], times[every_column])]
    return median(times[skipping]), median(times[every_column]), median(ratios)


def demo_training_seconds():
    """Median wall time of the demo's mod-3 training, which must reach 100% held out."""
    times = []
    for _ in range(REPEATS):
        start = clock()
        model, _, _ = minirnn.learn(minirnn.next_mod3)
        times.append(clock() - start)
        held_out = minirnn.held_out_accuracy(model, minirnn.next_mod3, 50)
        if held_out != 1.0:
            raise SystemExit(f"the demo's training reached only {held_out:.1%} held out")
    return median(times)


def same_hash_data(same_hash):
    """20,000 one-step pairs of distinct 3-vectors: of floats 2.0**(61*k), k in -17..16, whose
    tuples all share one hash on CPython (2**61 is 1 modulo its hash prime), or random ones."""
    rng = minirnn.make_rng(0)
    if same_hash:
        floats = [2.0 ** (61 * k) for k in range(-17, 17)]
        vectors = [[a, b, c] for a in floats for b in floats for c in floats][:20000]
    else:
        vectors = [[rng.random() for _ in range(3)] for _ in range(20000)]
    return [([x], [0]) for x in vectors]


def same_hash_ratio():
    """Time of train(data, 0, lr) and of held_out_accuracy's trained_on for same-hash data,
    over the time for random data: costs must depend on the size of data, not its values."""
    model = minirnn.RNN(3, 2, 3, seed=0)
    ratios = []
    for call in (lambda data: model.train(data, 0, 0.05),
                 lambda data: minirnn.held_out_accuracy(model, minirnn.next_mod3, 1, data, count=1)):
        times = []
        for same_hash in (True, False):
            data = same_hash_data(same_hash)
            repeats = []
            for _ in range(3):
                start = clock()
                call(data)
                repeats.append(clock() - start)
            times.append(min(repeats))
        ratios.append(times[0] / times[1])
    return ratios


def main():
    impl = sys.implementation
    dot = "math.sumprod" if hasattr(minirnn.math, "sumprod") else "a Python loop"
    print(f"{impl.name} {'.'.join(str(v) for v in impl.version[:3])}, dot product by {dot}")
    print(f"{'n_hidden':>8}  {'us/step':>8}")
    for n_hidden, sequences, epochs in SIZES:
        print(f"{n_hidden:>8}  {us_per_step(n_hidden, sequences, epochs):8.1f}")
    print(f"plain forward_pass + bptt, n_hidden 10: {plain_us_per_step(10, 40):.1f} us/step")
    print(f"demo's mod-3 training (to 100% held out): {demo_training_seconds():.2f} s")
    skipping, without, ratio = us_per_char()
    print(f"characters ({CHARS} classes, n_hidden {CHAR_HIDDEN}, sequences of {CHAR_SEQ}):"
          f" {skipping:.0f} us/char; without skipping dW's columns of absent inputs {without:.0f}"
          f" ({ratio:.2f}x the time)")
    train, held_out = same_hash_ratio()
    print(f"20,000 vectors of one hash, time over random ones: train {train:.1f}x,"
          f" held_out_accuracy's trained_on {held_out:.1f}x (at most 3x)")


if __name__ == "__main__":
    main()
