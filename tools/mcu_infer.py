"""The microcontroller recipe: run a model trained on a PC, one input at a time.

    MICROPYPATH=tools micropython -X heapsize=29K -m mcu_infer build/board build/model.txt
    MICROPYPATH=tools micropython -X heapsize=37K -m mcu_infer build/full build/model.txt
    MICROPYPATH=tools micropython -X heapsize=190K -m mcu_infer build/board build/charlm.txt 200
    python3 tools/mcu_infer.py . build/model.txt      (the same loop on CPython)

(Run as a module, as make portability runs it, so that no folder of this machine is on
sys.path taking heap, as on a board; see docs/runtimes.md. `micropython tools/mcu_infer.py
...` runs it too, with the heap this repository's path takes.)

`make portability` (its f32 rows) or `make heaps` writes build/model.txt (a 3-10-3 model
CPython trained), build/charlm.txt (a model of examples/charlm.py's size, 95-100-95), the board
build build/board/minirnn.mpy (`make board`: minirnn.py without its demo) and the full
build/full/minirnn.mpy; the first two heaps are the rows f32-board and f32-inference on the
32-bit float32 MicroPython, the third what `make heaps` measures for the character model.

Imports minirnn from the folder given first (minirnn.mpy or minirnn.py), loads the model file
that model.save wrote (RNN.load: a line at a time), feeds it STEPS (default 50) inputs one
`step` at a time from h = None: the one-hot vectors of the demo's example digits (digit d as
class d mod n_in), over and over. Prints the predicted classes on one line: digits, or
separated by spaces when there are more than 10 classes. `make portability` runs it on the
float32 MicroPython and on CPython and compares. It collects its own compile's garbage before
the import and the import's before it loads the model, as a board's main.py would (see
docs/runtimes.md): garbage left among the code or the rows leaves holes too small to use.
"""
import gc
import sys

sys.path.insert(0, sys.argv[1])
gc.collect()                # this script's compile garbage, before the .mpy's code is placed
import minirnn  # noqa: E402 (from the folder just put first on the path)

gc.collect()                                # the import's garbage, before the model is placed
with open(sys.argv[2]) as f:
    model = minirnn.RNN.load(f)
STEPS = int(sys.argv[3]) if len(sys.argv) > 3 else 50
DIGITS = "11220020221211221211112201122011202120001210122112"    # the demo's example input
ONE_HOT = [minirnn.one_hot(k % model.n_in, model.n_in) for k in range(3)]   # shared, not one a step
h = None
for t in range(STEPS):
    y, h = model.step(ONE_HOT[int(DIGITS[t % len(DIGITS)])], h)
    print(minirnn.argmax(y), end=" " if model.n_out > 10 else "")
print()
