"""Exercise 5 of 5: write the training loop around your own bptt.

The track: 1_forward_pass.py, 2_bptt.py, 3_bptt_loop.py, 4_gradient_check.py,
5_training_loop.py (this file), each checked the same way (README, "Write it yourself").

Write the body of train's epoch below where it is `...`: for each (xs, ys) of data, the
forward pass from the state a sequence starts in, bptt, the clip, the SGD update of every
parameter, and L added to the epoch's total. Then run

    python3 exercises/5_training_loop.py

The checker trains with your train, with a fixed seed, a small run where the clip bites
and then the memory task, y_t = (d_t + d_{t-1}) mod 3, as minirnn's train does, and
compares your model with minirnn's after every update: the first update that differs is
named (which sequence, which epoch, which entry, expected and got) with the catalogued
mistake. Right, the model you trained predicts held-out sequences 100% right. Start with
minirnn's bptt (imported below); then put your own in its place (exercise 2's or 3's,
pasted in this file): only then is the exercise done.

The contract is RNN.train's, as a function: train(model, data, epochs, lr, clip) makes one
SGD update per (xs, ys) pair of data, in order, every epoch, each sequence from the state
zeros; the gradient (every parameter's together) is rescaled to norm clip when its norm is
above clip; it returns each epoch's total loss, a list. (The clip: README, "Vanishing and
exploding gradients"; the update: minirnn.py's sgd_update.)

Given: minirnn's forward_pass, sgd_update, zeros and bptt (until you put in yours), and
every line of train that ends in `# given`.
"""
import os
import sys


def minirnn_folder():
    """Where minirnn.py is: the checker's (when it runs this file), else the folder above
    this file's, or the one you run it from, or one above that (None if none holds it)."""
    if "minirnn" in sys.modules:
        return os.path.dirname(os.path.abspath(sys.modules["minirnn"].__file__))
    folders = [os.path.dirname(os.path.dirname(os.path.abspath(__file__)))]
    folder = os.getcwd()
    while folder not in folders:
        folders.append(folder)
        folder = os.path.dirname(folder)
    for folder in folders:
        if os.path.isfile(os.path.join(folder, "exercises", "check.py")) and \
                os.path.isfile(os.path.join(folder, "minirnn.py")):
            return folder
    return None


ROOT = minirnn_folder()
if ROOT is None:
    print("cannot find minirnn.py: run python3 exercises/check.py YOURFILE "
          "from the minirnn folder")
    sys.exit(2)
sys.path.insert(0, ROOT)

from minirnn import forward_pass, sgd_update, zeros  # noqa: E402,F401
from minirnn import bptt  # noqa: E402  (yours goes here: def bptt(...), exercise 2 or 3)


def train(model, data, epochs, lr, clip):
    """Per-sequence SGD over data, (xs, ys) pairs: return each epoch's total loss."""
    names = ["W", "U", "V", "b_h", "b_o"]                                   # given
    losses = []                                                             # given
    for epoch in range(epochs):                                             # given
        total = 0.0                                                         # given
        ...  # each (xs, ys) of data: forward pass, bptt, the clip, the update; total += L
        losses.append(total)                                                # given
    return losses                                                           # given


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(ROOT, "exercises"))
    import check                               # exercises/check.py
    sys.exit(check.main([__file__]))
