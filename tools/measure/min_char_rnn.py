"""Karpathy's min-char-rnn (2015, BSD licence) in numpy, to measure examples/charlm.py against.

    python3 tools/measure/min_char_rnn.py            # microseconds per character, as tools/measure/bench.py
    python3 tools/measure/min_char_rnn.py --cpu      # the same in CPU time (bench.py's character row)

Needs numpy (not a minirnn dependency). lossFun and the Adagrad loop are min-char-rnn's,
with its printing and sampling removed, at tools/measure/bench.py's character-level sizes: 76
classes, 100 hidden units, sequences of 25, the text random characters. Median of 5.
"""
import sys
import time

import numpy as np

vocab_size, hidden_size, seq_length, learning_rate = 76, 100, 25, 1e-1
CHARACTERS, REPEATS = 2000, 5


def lossFun(params, inputs, targets, hprev):
    """min-char-rnn's forward pass and BPTT: the loss, the gradients, the last state."""
    Wxh, Whh, Why, bh, by = params
    xs, hs, ys, ps = {}, {}, {}, {}
    hs[-1] = np.copy(hprev)
    loss = 0
    for t in range(len(inputs)):
        xs[t] = np.zeros((vocab_size, 1))
        xs[t][inputs[t]] = 1
        hs[t] = np.tanh(np.dot(Wxh, xs[t]) + np.dot(Whh, hs[t - 1]) + bh)
        ys[t] = np.dot(Why, hs[t]) + by
        ps[t] = np.exp(ys[t]) / np.sum(np.exp(ys[t]))
        loss += -np.log(ps[t][targets[t], 0])
    dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
    dbh, dby = np.zeros_like(bh), np.zeros_like(by)
    dhnext = np.zeros_like(hs[0])
    for t in reversed(range(len(inputs))):
        dy = np.copy(ps[t])
        dy[targets[t]] -= 1
        dWhy += np.dot(dy, hs[t].T)
        dby += dy
        dh = np.dot(Why.T, dy) + dhnext
        dhraw = (1 - hs[t] * hs[t]) * dh
        dbh += dhraw
        dWxh += np.dot(dhraw, xs[t].T)
        dWhh += np.dot(dhraw, hs[t - 1].T)
        dhnext = np.dot(Whh.T, dhraw)
    for dparam in [dWxh, dWhh, dWhy, dbh, dby]:
        np.clip(dparam, -5, 5, out=dparam)
    return loss, [dWxh, dWhh, dWhy, dbh, dby], hs[len(inputs) - 1]


def train(data):
    """min-char-rnn's main loop over data (class indices), once: Adagrad updates."""
    params = [np.random.randn(hidden_size, vocab_size) * 0.01,
              np.random.randn(hidden_size, hidden_size) * 0.01,
              np.random.randn(vocab_size, hidden_size) * 0.01,
              np.zeros((hidden_size, 1)), np.zeros((vocab_size, 1))]
    memory = [np.zeros_like(param) for param in params]
    hprev = np.zeros((hidden_size, 1))
    for p in range(0, len(data) - seq_length, seq_length):
        inputs, targets = data[p:p + seq_length], data[p + 1:p + seq_length + 1]
        _, grads, hprev = lossFun(params, inputs, targets, hprev)
        for param, dparam, mem in zip(params, grads, memory):
            mem += dparam * dparam
            param += -learning_rate * dparam / np.sqrt(mem + 1e-8)


def main():
    clock = time.process_time if "--cpu" in sys.argv else time.perf_counter
    np.random.seed(0)
    data = list(np.random.randint(vocab_size, size=CHARACTERS + 1))
    times = []
    for _ in range(REPEATS):
        start = clock()
        train(data)
        times.append((clock() - start) / CHARACTERS * 1e6)
    times.sort()
    version = ".".join(str(v) for v in sys.version_info[:3])
    print(f"min-char-rnn in numpy {np.__version__} on Python {version} ({vocab_size} classes,"
          f" n_hidden {hidden_size}, sequences of {seq_length}): {times[REPEATS // 2]:.0f} us/char")


if __name__ == "__main__":
    main()
