"""The microcontroller recipe: run a model trained on a PC, one input at a time.

    micropython -X heapsize=29K tools/mcu_infer.py build/board build/model.json
    micropython -X heapsize=37K tools/mcu_infer.py build/full build/model.json
    python3 tools/mcu_infer.py . build/model.json      (the same loop on CPython)

`make portability` (its f32 rows) or `make heaps` writes
build/model.json, the board build build/board/minirnn.mpy (`make board`: minirnn.py without
its demo) and the full build/full/minirnn.mpy; these heaps are their rows', f32-board and
f32-inference, on the 32-bit float32 MicroPython.

Imports minirnn from the folder given first (minirnn.mpy or minirnn.py), loads the JSON that
json.dumps(model.to_dict()) wrote for a 3-in, 3-out model, feeds it 50 digits one `step` at a
time from h = None, and prints the predicted classes as one line of digits.
`make portability` runs it on the 32-bit float32 MicroPython and on CPython and compares.
"""
import json
import sys

sys.path.insert(0, sys.argv[1])
import minirnn  # noqa: E402 (from the folder just put first on the path)

with open(sys.argv[2]) as f:
    model = minirnn.RNN.from_dict(json.load(f))
ONE_HOT = [minirnn.one_hot(k, 3) for k in range(3)]         # shared, not a new list per step
h = None
for digit in "11220020221211221211112201122011202120001210122112":   # the demo's example input
    y, h = model.step(ONE_HOT[int(digit)], h)
    print(minirnn.argmax(y), end="")
print()
