"""A model file written on CPython, loaded on other runtimes: the portability row model-file.

    python3 tools/runtimes/model_file.py RUNTIME ...     (make portability runs it: PyPy, the
                                                        64-bit MicroPython, the float32 build)
    RUNTIME tools/runtimes/model_file.py --read FILE    (what it runs on each runtime)

On CPython it saves a 20-30-20 model (random weights, 2,150 numbers) with model.save as
build/model_file.txt, then has each runtime (a command, quoted if it has arguments) load it
with RNN.load. Each runtime prints every number it loaded exactly, as math.frexp's integers
(m * 2**53 and e, where v = m * 2**e), and then whether two things hold there: every number
equals float() of its word in the file (what that runtime's parser stores), and
load(save(model)) equals the model it loaded, number for number. CPython compares the numbers
with its own. The row passes if both hold on every runtime, and every number a runtime with
double precision loaded is CPython's, but that a MicroPython may read one as a neighbouring
float (its parser is not correctly rounded): the line says how many are CPython's on each.
The float32 build stores float32 numbers.
"""
import math
import sys

FILE = "build/model_file.txt"


def exact(values):
    """Each float as 'm,e' with v = m / 2**53 * 2**e exactly (math.frexp), one line."""
    return " ".join("%d,%d" % (int(m * 2 ** 53), e) for m, e in map(math.frexp, values))


def neighbours(a, b):
    """Whether two 'm,e' words of exact() are one double or two next to each other (counted
    in units of the smaller exponent's last bit, which is the gap across a power of two)."""
    (m, e), (n, f) = [[int(part) for part in word.split(",")] for word in (a, b)]
    return abs(m * 2 ** (e - min(e, f)) - n * 2 ** (f - min(e, f))) <= 1


def numbers(model):
    """Every parameter entry of model, in save's order."""
    import minirnn
    return [v for _, value in model.params() for row in minirnn._rows(value) for v in row]


def read(path):
    """On the runtime: load path; print its numbers exactly, then the two checks."""
    sys.path.insert(0, "")
    import io
    import minirnn
    with open(path) as f:
        model = minirnn.RNN.load(f)
    with open(path) as f:
        words = f.read().split()[5:]                 # after the header's five words
    loaded = numbers(model)
    print(exact(loaded))
    print("double precision: %s" % (1.0 + 2.0 ** -30 != 1.0))
    print("as float() reads each word: %s" % (loaded == [float(w) for w in words]))
    buffer = io.StringIO()
    model.save(buffer)
    again = minirnn.RNN.load(io.StringIO(buffer.getvalue()))
    print("load(save(model)) is the model: %s" % (numbers(again) == loaded))


def main(runtimes):
    """Write the file on CPython; load it on each runtime; print one line; exit 1 on a failure."""
    import shlex
    import subprocess
    sys.path.insert(0, "")
    import minirnn
    model = minirnn.RNN(20, 30, 20, seed=1)
    with open(FILE, "w") as f:
        model.save(f)
    want = exact(numbers(model)).split()
    reports, ok = [], True
    for runtime in runtimes:
        command = shlex.split(runtime) + ["tools/runtimes/model_file.py", "--read", FILE]
        result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        lines = result.stdout.decode(errors="replace").splitlines()
        if result.returncode != 0 or len(lines) != 4:
            print("\n".join([runtime + " failed:"] + lines[-5:]))
            return 1
        got, name = lines[0].split(), shlex.split(runtime)[0].split("/")[-1]
        same = sum(a == b for a, b in zip(got, want))
        double, checks = lines[1].endswith("True"), [line.endswith("True") for line in lines[2:]]
        near = all(neighbours(a, b) for a, b in zip(got, want))
        ok = ok and all(checks) and len(got) == len(want) and (
            not double or same == len(want) or ("micropython" in name and near))
        if double:
            reports.append("%s %d" % ("pypy" if "pypy" in name else "mpy" if "micropython" in name
                                      else name, same))
        if not all(checks):
            print("%s: %s" % (runtime, "; ".join(lines[2:])))
    print("exact: %s of %d; on each: its float(), load(save(m)) is m: %s"
          % (", ".join(reports), len(want), ok))
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--read"]:
        read(sys.argv[2])
    else:
        sys.exit(main(sys.argv[1:]))
