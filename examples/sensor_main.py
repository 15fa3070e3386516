"""The board's side of examples/sensor.py: a main.py that classifies readings as they arrive.

    micropython examples/sensor_main.py build/board build/sensor.txt build/sensor_windows.txt
    python3 examples/sensor_main.py . sensor.txt sensor_windows.txt

On a board, copy minirnn.mpy, sensor.txt, sensor_windows.txt and this file (as main.py) and
run it with no arguments: it imports minirnn and reads sensor.txt and sensor_windows.txt from
the current folder. readings() is where a board reads its sensor (an ADC, say); here it yields the
readings of each held-out window that examples/sensor.py wrote, one at a time. For each
window it feeds x_t = [r_t, r_t - r_{t-1}] to model.step as each reading arrives, takes the
class after the window's last reading, and counts the windows whose class is the one
CPython gave; the last line says how many of them agree. Exits 1 unless all of them do.
Uses only what MicroPython has.
"""
import gc
import sys

args = sys.argv[1:] or [".", "sensor.txt", "sensor_windows.txt"]
sys.path.insert(0, args[0])
import minirnn  # noqa: E402 (from the folder just put first on the path)

KINDS = ("sine", "square", "sawtooth")                  # examples/sensor.py's classes

gc.collect()                                            # the import's garbage, before the model
with open(args[1]) as f:
    model = minirnn.RNN.load(f)


def readings(line):
    """The readings of one line of sensor_windows.txt, as a sensor would give them."""
    for word in line.split()[2:]:
        yield float(word)


def classify(values):
    """The class after the last reading, one step per reading as it arrives."""
    h, previous = None, None
    for r in values:
        y_hat, h = model.step([r, r - (r if previous is None else previous)], h)
        previous = r
    return minirnn.argmax(y_hat)


same = total = 0
with open(args[2]) as f:
    for line in f:
        cpython = int(line.split()[1])
        total += 1
        same += classify(readings(line)) == cpython
print("same class as CPython: %d/%d windows" % (same, total))
sys.exit(0 if same == total else 1)
