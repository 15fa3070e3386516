"""Throughput benchmark: microseconds per training time-step on this interpreter.

One time-step is forward + BPTT + its share of the SGD update, with per-sequence
training as in the source notebook: n_in = n_out = 3, sequences of length 10.
Also the wall time of the demo's mod-3 training run (checked to reach 100% held
out). Medians of 5 repeats. Standard library only, so that it runs on MicroPython
too. Run it from the repository root:

    python3 tools/measure/bench.py                                        (or: make bench)
    .venv-micropython/bin/micropython -X heapsize=64M tools/measure/bench.py
        (or: make bench PYTHON=.venv-micropython/bin/micropython, which gives it the 64M heap)
    python3 tools/measure/bench.py --numpy python3      (the character row against numpy too)
    python3 tools/measure/bench.py --parts              (where a character's time goes)

The step row times RNN.step at examples/charlm.py's size against sample's time per character, in
the same rounds (step checks its input and state and reads the parameters in place; sample runs
fast_step on layers it stacked once).

The character row trains as examples/charlm.py does, train(data, 1, 0.1, clip=5.0, carry=True)
on shared one-hot lists, in rounds that also time version 1.2.0's own code (minirnn.py at
commit V1_2_0, read with git; its train has no carry, which costs nothing per character) and,
given --numpy PYTHON (an interpreter with numpy), min-char-rnn's numpy loop
(tools/measure/min_char_rnn.py): each ratio is the median over ROUNDS rounds of the ratio
within a round, so that a shared machine's load changes all of a round alike; in CPU time.
"""
import sys
import time

sys.path.insert(0, "")                 # the current directory: the repository root
import minirnn  # noqa: E402

REPEATS = 5
ROUNDS = 5                             # the character row's interleaved rounds
V1_2_0 = "06d3202"                     # the commit that set __version__ to "1.2.0" (no tag)
LENGTH = 10
SIZES = [(10, 40, 10), (32, 20, 4), (100, 4, 2)]   # n_hidden, sequences, epochs
CHARS, CHAR_HIDDEN, CHAR_SEQ, CHAR_PAIRS = 76, 100, 25, 40  # the character-level row

if hasattr(time, "perf_counter"):
    clock = time.perf_counter
else:                                  # MicroPython
    def clock():
        """Seconds from an arbitrary start."""
        return time.time_ns() / 1e9
# The character row's clock: this process's CPU time where there is one, which other jobs on a
# shared machine change far less than wall time (they leave the round-to-round ratios alike).
cpu_clock = getattr(time, "process_time", clock)


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


def version_1_2_0():
    """minirnn 1.2.0's own code as a module, from git; None where there is no git (MicroPython)."""
    try:
        import subprocess
        import types
    except ImportError:
        return None
    try:
        source = subprocess.run(["git", "show", V1_2_0 + ":minirnn.py"], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, check=True).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        return None
    module = types.ModuleType("minirnn_1_2_0")
    exec(compile(source, "minirnn.py at " + V1_2_0, "exec"), module.__dict__)
    return module


def char_us(module, data):
    """Microseconds per character of one epoch of module's train on data, as charlm trains."""
    model = module.RNN(CHARS, CHAR_HIDDEN, CHARS, seed=0)
    carry = {"carry": True} if module is minirnn else {}        # 1.2.0 has no carry
    start = cpu_clock()
    model.train(data, 1, 0.1, clip=5.0, **carry)
    return (cpu_clock() - start) / (CHAR_PAIRS * CHAR_SEQ) * 1e6


def numpy_us(python):
    """min-char-rnn's numpy loop's CPU microseconds per character, run by the interpreter python."""
    import subprocess
    out = subprocess.run([python, "tools/measure/min_char_rnn.py", "--cpu"], stdout=subprocess.PIPE,
                         check=True).stdout.decode()
    return float(out.split()[-2])                               # "...: 71 us/char"


def us_per_char(numpy_python):
    """Medians over ROUNDS interleaved rounds: microseconds per character now, and the ratio
    to 1.2.0's code and to min-char-rnn's numpy loop (None for one not measured)."""
    data, old = char_pairs(), version_1_2_0()
    times, to_old, to_numpy = [], [], []
    for _ in range(ROUNDS):
        times.append(char_us(minirnn, data))
        if old is not None:
            to_old.append(times[-1] / char_us(old, data))
        if numpy_python:
            to_numpy.append(times[-1] / numpy_us(numpy_python))
    return median(times), to_old and median(to_old), to_numpy and median(to_numpy)


def char_parts():
    """Medians over REPEATS passes of char_pairs(), in microseconds per character: the fast path's
    pieces as train runs them (forward and loss, BPTT, the clip's norm, the SGD update), and its
    dot products alone (the same fast_dot calls on vectors of the same lengths); and the calls."""
    data, n, T = char_pairs(), CHAR_HIDDEN, CHAR_SEQ
    model = minirnn.RNN(CHARS, n, CHARS, seed=0)
    names = [name for name, _ in model.params()]
    rng = minirnn.make_rng(1)
    vector = lambda size: [rng.uniform(-1, 1) for _ in range(size)]           # noqa: E731
    used = sum(len(set(map(id, xs))) for xs, _ in data) / len(data)         # distinct inputs
    calls = [(T * n, n + 2), (T * CHARS, n + 1), (T * n, CHARS + n),         # (count, length)
             (round(n * used) + n * n + CHARS * n, T), (n, n)]
    pairs = [([vector(size)] * min(count, 100), vector(size), -(-count // 100)) for count, size in calls]
    parts = ["forward and loss", "BPTT", "norm", "update", "dot products alone"]
    times = [[] for _ in parts]
    for _ in range(REPEATS):
        spent, a_h = [0.0] * len(parts), minirnn.zeros(n)
        for xs, ys in data:
            t0 = cpu_clock()
            _, d_scores, states = minirnn.fast_loss(model, xs, ys, a_h)
            t1 = cpu_clock()
            grads, _ = minirnn.fast_bptt(model, xs, a_h, d_scores, states)
            t2 = cpu_clock()
            m, n_ = minirnn.fast_norm([row for name in names for row in minirnn._rows(grads[name])])
            t3 = cpu_clock()
            for name in names:
                minirnn.sgd_update(getattr(model, name), grads[name], 0.1 * min(1.0, 5.0 / m / n_))
            t4 = cpu_clock()
            for rows, v, times_over in pairs:
                for _ in range(times_over):
                    [minirnn.fast_dot(row, v) for row in rows]
            t5 = cpu_clock()
            a_h = states[-1]
            for i, t in enumerate((t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)):
                spent[i] += t
        for values, t in zip(times, spent):
            values.append(t / (CHAR_PAIRS * T) * 1e6)
    per_char = sum(count for count, _ in calls) / T
    return [(part, median(values)) for part, values in zip(parts, times)], per_char


def step_over_sample():
    """Medians over ROUNDS interleaved rounds, for a model of examples/charlm.py's size (95-100-95,
    one-hot inputs): microseconds per step call, and its ratio to one character of sample."""
    model, x = minirnn.RNN(95, 100, 95, seed=0), minirnn.one_hot(3, 95)
    times, ratios = [], []
    for _ in range(ROUNDS):
        h, start = None, cpu_clock()
        for _ in range(100):
            _, h = model.step(x, h)
        times.append((cpu_clock() - start) / 100)
        start = cpu_clock()
        model.sample(3, 100, seed=0)
        ratios.append(times[-1] / ((cpu_clock() - start) / 100))
    return median(times) * 1e6, median(ratios)


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
    if "--parts" in sys.argv:
        parts, calls = char_parts()
        print(f"characters ({CHARS} classes, n_hidden {CHAR_HIDDEN}, sequences of {CHAR_SEQ}),"
              f" us/char: " + ", ".join(f"{name} {us:.0f}" for name, us in parts)
              + f" ({calls:.0f} fast_dot calls a character)")
        return
    print(f"{'n_hidden':>8}  {'us/step':>8}")
    for n_hidden, sequences, epochs in SIZES:
        print(f"{n_hidden:>8}  {us_per_step(n_hidden, sequences, epochs):8.1f}")
    print(f"plain forward_pass + bptt, n_hidden 10: {plain_us_per_step(10, 40):.1f} us/step")
    print(f"demo's mod-3 training (to 100% held out): {demo_training_seconds():.2f} s")
    us, to_old, to_numpy = us_per_char(sys.argv[sys.argv.index("--numpy") + 1]
                                       if "--numpy" in sys.argv else None)
    print(f"characters ({CHARS} classes, n_hidden {CHAR_HIDDEN}, sequences of {CHAR_SEQ}):"
          f" {us:.0f} us/char; " + (f"{to_old:.2f}x 1.2.0's time" if to_old else "(no git: 1.2.0 not run)")
          + (f", {to_numpy:.1f}x min-char-rnn's numpy" if to_numpy else ", numpy not run (--numpy)")
          + f" (medians of {ROUNDS} interleaved rounds)")
    us, ratio = step_over_sample()
    print(f"step, 95-100-95 (one-hot inputs): {us:.0f} us a call, {ratio:.2f}x a character of sample"
          f" (medians of {ROUNDS} interleaved rounds)")
    train, held_out = same_hash_ratio()
    print(f"20,000 vectors of one hash, time over random ones: train {train:.1f}x,"
          f" held_out_accuracy's trained_on {held_out:.1f}x (at most 3x)")


if __name__ == "__main__":
    main()
