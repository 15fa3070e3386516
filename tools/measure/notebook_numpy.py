"""The source notebook's numpy RNN, bugs and all, to measure what README compares against.

    python3 tools/measure/notebook_numpy.py            # train as the notebook does, 3 seeds: held-out accuracy, time
    python3 tools/measure/notebook_numpy.py --bench    # microseconds per training time-step only

Needs numpy (not a minirnn dependency). RNN1/RNN2 are the notebook's code with
only its printing removed; its mistakes are listed in README.md.
"""
import sys
import time

import numpy as np


class RNN1():
    def __init__(self, n_nodes=10, vocab_size=3):
        self.n_nodes = n_nodes
        self.w = np.random.randn(n_nodes, vocab_size)
        self.u = np.random.randn(n_nodes, n_nodes)
        self.v = np.random.randn(vocab_size, n_nodes)
        self.b_h = np.random.randn(n_nodes)
        self.b_o = np.random.randn(vocab_size)
        self.reset_mem()

    def predict(self, x):
        return [self.score_to_num(self.feedforward(xx)) for xx in x]

    def reset_mem(self):
        self.s_h, self.a_h, self.s_o, self.y_hat = [], [], [], []

    def feedforward(self, x):
        self.reset_mem()
        for t in range(len(x)):
            a_ht_prev = np.zeros(self.n_nodes) if t == 0 else self.a_h[t-1]
            s_ht = x[t] @ self.w.T + a_ht_prev @ self.u + self.b_h
            a_ht = np.tanh(s_ht)
            s_ot = a_ht @ self.v.T + self.b_o
            y_t = self.softmax(s_ot)
            self.s_h.append(s_ht)
            self.a_h.append(a_ht)
            self.s_o.append(s_ot)
            self.y_hat.append(y_t)
        return self.y_hat

    def total_loss(self, y, y_hat):
        return sum([self.loss(t, y, y_hat) for t in range(len(y))])

    @staticmethod
    def loss(t, y, y_hat):
        if (y[t] == y_hat[t]).all():
            return 0
        return np.sum(-y[t]*np.log(y_hat[t]))

    @staticmethod
    def softmax(x):
        x = np.array(x, dtype=np.float128)
        xx = x - np.max(x)
        exp = np.exp(xx)
        return exp / exp.sum(keepdims=True)

    @staticmethod
    def score_to_num(scores):
        return np.array([np.argmax(p) for p in scores])


class RNN2(RNN1):
    def __init__(self, learning_rate=0.0001, n_nodes=10, vocab_size=3):
        super().__init__()                   # drops n_nodes: always 10 units
        self.learning_rate = learning_rate

    def backpropagation(self, x, y, y_hat):
        T = len(y)
        du = np.zeros(self.u.shape)
        dv = np.zeros(self.v.shape)
        dw = np.zeros(self.w.shape)
        dbh = np.zeros(self.b_h.shape)
        dbo = np.zeros(self.b_o.shape)
        ds_ht_plus_1 = np.zeros(self.n_nodes)
        for t in reversed(range(T)):
            dbo_t = (y_hat[t] - y[t].T)
            dv_t = dbo_t[:, np.newaxis] @ self.a_h[t][:, np.newaxis].T
            dbo += dbo_t
            dv += dv_t
            da_ht = (y_hat[t] - y[t]) @ self.v + ds_ht_plus_1 @ self.u      # needs self.u.T
            ds_ht = da_ht * (1-self.a_h[t] ** 2)
            ds_ht_plus_1 = ds_ht
            dw_t = ds_ht[:, np.newaxis] @ x[t][:, np.newaxis].T
            a_ht_1 = self.a_h[t-1] if t-1 >= 0 else np.zeros(self.n_nodes)
            du_t = ds_ht @ a_ht_1                                             # a dot product
            dw += dw_t
            du += du_t
            dbh += ds_ht
        return dw, dv, du, dbh, dbo

    def train(self, epochs, x, y):
        for i in range(epochs):
            for j in range(len(x)):
                y_hat = self.feedforward(x[j])
                self.total_loss(y[j], y_hat)
                dW, dV, dU, dbh, dbo = self.backpropagation(x[j], y[j], y_hat)
                self.u -= self.learning_rate * dU
                self.w -= self.learning_rate * dW
                self.v -= self.learning_rate * dV
                self.b_h -= self.learning_rate * dbh
                self.b_o -= self.learning_rate * dbo


def num_to_label(y, vocab=3):
    labels = np.zeros((len(y), vocab), dtype=int)
    for i, yy in enumerate(y):
        labels[i, yy] = 1
    return labels


def make_pairs(length=10, vocab=3):
    x_num = [np.random.randint(0, vocab) for i in range(length)]
    return num_to_label(x_num), num_to_label([(x + 1) % vocab for x in x_num])


def dataset(size, length):
    pairs = [make_pairs(length) for _ in range(size)]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def accuracy(model, x, y):
    right = sum(int((p == np.argmax(yy, axis=1)).sum()) for p, yy in zip(model.predict(x), y))
    return right / sum(len(yy) for yy in y)


def main():
    if "--bench" in sys.argv:
        np.random.seed(0)
        x, y = dataset(10, 10)
        print("the notebook's numpy code (median of 5)")
        print(f"{'n_hidden':>8}  {'us/step':>8}")
        for n_hidden in (10, 32, 100):
            model, times = RNN2(), []
            RNN1.__init__(model, n_nodes=n_hidden)   # the size RNN2 drops (mistake 3)
            for _ in range(5):
                start = time.perf_counter()
                model.train(10, x, y)
                times.append((time.perf_counter() - start) / (10 * 10 * 10) * 1e6)
            print(f"{n_hidden:>8}  {sorted(times)[2]:8.1f}")
        return
    for seed in (0, 1, 2):
        np.random.seed(seed)
        x, y = dataset(10, 10)                   # the notebook's training set
        model = RNN2(learning_rate=0.0001, n_nodes=100)
        start = time.perf_counter()
        model.train(5000, x, y)
        seconds = time.perf_counter() - start
        held_x, held_y = dataset(100, 50)
        print(f"seed {seed}: 5000 epochs in {seconds:.0f} s; training accuracy {accuracy(model, x, y):.0%},"
              f" held out (100 sequences of length 50) {accuracy(model, held_x, held_y):.0%}")


if __name__ == "__main__":
    main()
