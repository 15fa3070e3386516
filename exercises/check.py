"""Check an exercise of the track written by hand: which quantity is wrong first, and why.

    python3 exercises/check.py FILE

FILE is one of the track's exercises (README, "Write it yourself"), told by the function it
defines (the first of these): train (5_training_loop.py), gradient_check
(4_gradient_check.py), bptt (2_bptt.py and 3_bptt_loop.py), forward_pass
(1_forward_pass.py). Each has minirnn's contract, documented in its starting file. For
bptt(model, xs, ys, a_h, y_hat): it takes forward_pass's a_h and y_hat, and returns
(grads, ds_o, da_h, ds_h), lists indexed like the math (ds_o[t] is ds_{o,t}) and grads
under the keys W, U, V, b_h, b_o, h0. Numbers are compared by value: tuples, ints or any
other sequence of numbers will do.

A bptt is right (a forward_pass likewise, by its own quantities) when it computes what
minirnn.bptt computes, quantity by quantity, on README's "BPTT by hand" example and on
random problems of several shapes, and finite differences agree with its gradients
there, and it leaves its inputs as they were. Otherwise the
report names the first wrong quantity in the order bptt computes them (for t = T down to
1: ds_{o,t}, da_{h,t}, ds_{h,t}; then the sums over t, complete after the loop, in the
order of their lines: dV, db_o, dW, dU, db_h; then dh0), the step, what it should be and
what it is; and, when it is what a mistake of the catalogue (exercises/mistakes.py)
computes from the correct values before it, which mistake, why, and what in README to
reread. An entry never written is explained by its cause; an input bptt changed is named,
with its line; a `# given` line changed is named, with what it sets.

A gradient_check is judged by the losses it takes (which entry, nudged by how much) and the
error it returns, with minirnn's bptt and wrong ones; a train by every update it makes,
against minirnn's train, and then by the held-out accuracy of the model it trained
(exercises/judge.py, its sections for exercises 4 and 5).

A line still `...` (found with ast) is judged unfinished, but the lines written are
judged all the same: bptt runs with each `...` that is the whole right-hand side of one
of the nine lines giving that quantity's right value; the report lists the lines left
(any other `...`, such as a loop header, must be written before anything is judged).

The judging is exercises/judge.py's, which runs anywhere (MicroPython too); this file
reads the file as Python does (a byte-order mark, a coding line), tells line numbers, and
runs the learner's code in a child process: a call of it that has not returned after
30 s is stopped, and the whole check ends within 60 s, whatever the code does (exit(),
os._exit, a loop that never ends, megabytes of printing).

Exit status: 0 right; 1 not right (a wrong value or shape, a line still `...`, an error
in the learner's code, a call stopped); 2 the file cannot be judged (unreadable, a syntax
error, none of the track's functions, an error or the time limit while loading it).
"""
import ast
import importlib.util
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import types

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)                   # where minirnn.py is
for folder in (ROOT, HERE):
    if folder not in sys.path:
        sys.path.insert(0, folder)

if __package__:                                # imported as exercises.check
    from . import judge as core
else:                                          # run as a script, or from this folder
    import judge as core

TEMPLATES = [os.path.join(HERE, name) for name in sorted(os.listdir(HERE))
             if name[:1].isdigit() and name.endswith(".py")]   # the track: 1_forward_pass.py, ...
CALL_LIMIT, CHECK_LIMIT = 30.0, 60.0           # seconds: one call of bptt, the whole check
SHOWN_OUTPUT = 20000                           # bytes of the learner's printing shown
Verdict = core.Verdict
# what the tests and tools read
EQUATIONS, PROBES, MISTAKES = core.EQUATIONS, core.PROBES, core.MISTAKES
readme_example, random_problem, diagnosis = core.readme_example, core.random_problem, core.diagnosis


# ---------------------------------------------------------------------------
# Reading the learner's file
# ---------------------------------------------------------------------------

def read_exercise(path):
    """(source, tree, the def node of the exercise's function, its blanks); a Verdict if the
    file cannot be judged. The file is decoded as Python decodes it (a BOM, a coding line).
    The function is the first of core.FUNCTIONS (train, gradient_check, bptt, forward_pass)
    that the file defines: the exercise it is.

    A blank is (line number, what it computes, quantity, index): quantity and index (the
    name t in `da_h[t] = ...`) only when the `...` is the whole right-hand side of one of
    the lines the checker can give its right value (core.BLANKS)."""
    try:
        with open(path, "rb") as file:
            source = importlib.util.decode_source(file.read())
    except (OSError, UnicodeError, SyntaxError, LookupError) as error:
        raise Verdict(2, "cannot read %s: %s" % (path, error))
    try:
        tree = ast.parse(source, path)
    except (SyntaxError, ValueError) as error:  # ValueError: a character UTF-8 cannot encode
        raise Verdict(2, "%s, line %s: syntax error: %s\n  %s" % (
            path, getattr(error, "lineno", None) or "?", getattr(error, "msg", error),
            (getattr(error, "text", None) or "").strip()))
    defined = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    functions = [[node for node in defined if node.name == name] for name in core.FUNCTIONS]
    functions = [found for found in functions if found]
    if not functions:
        raise Verdict(2, "%s defines none of the exercises' functions: %s" % (
            path, ", ".join(core.SIGNATURES[name] for name in reversed(core.FUNCTIONS))))
    function = functions[0][-1]
    lines = source.splitlines()
    whole = {}                                 # line number: (quantity, index) of `X = ...`
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and is_ellipsis(node.value):
            whole[node.lineno] = blank_target(node.targets[0], function.name)
    helpers = [node for node in defined if node.name in core.HELPERS.get(function.name, ())]
    at = sorted({node.lineno for part in [function] + helpers for node in ast.walk(part)
                 if is_ellipsis(node)})
    blanks = [(n, blank_name(lines[n - 1])) + whole.get(n, (None, None)) for n in at]
    return source, tree, function, blanks


def blank_target(node, function):
    """(quantity, index name) for `da_h[t]` or `dV`; (None, None) for another target.
    A per-step quantity without an index (L_t) and a running sum (L) get the step, t."""
    text = target_text(node)
    code = core.BLANKS[function]
    quantity = dict((c.split("[")[0], q) for q, c in code.items()).get(text.split("[")[0]) if text \
        else None
    if quantity is None or ("[" in code[quantity]) != ("[" in text):
        return None, None
    return quantity, (subscript(node).id if "[" in text else core.BLANK_STEP.get(quantity))


def unfinished(blanks, function):
    """The list of the lines left, and what to do with them."""
    lines = ["  not written yet: %s (line %d)" % (name, n) for n, name, _, _ in blanks]
    lines.append(core.wrapped("Replace each `...` with %s" % core.TO_WRITE[function], indent=""))
    others = [name for _, name, quantity, _ in blanks if quantity is None]
    if function == "bptt" and others:
        lines.append(core.wrapped("Write the lines that are not equations first (%s): nothing is "
                                  "judged until they are." % ", ".join(others), indent=""))
    return "\n".join(lines)


def is_ellipsis(node):
    """Is node the literal `...`? (ast.Constant from Python 3.8, ast.Ellipsis before.)"""
    if type(node).__name__ == "Ellipsis":
        return True
    return isinstance(node, getattr(ast, "Constant", ())) and node.value is Ellipsis


def blank_name(line):
    """What a line with `...` computes: its comment (`# da_{h,t}`), else its target (the line,
    if it has none)."""
    if "#" in line:
        return line.partition("#")[2].strip()
    return line.partition("=")[0].strip()


def target_text(node):
    """`dW`, or `da_h[t]`, for a Name or a Subscript of a Name by a Name; else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        index = subscript(node)
        if isinstance(index, ast.Name):
            return "%s[%s]" % (node.value.id, index.id)
    return None


# The index of node, a Subscript: inside an ast.Index before Python 3.9. (Chosen once: the
# interpreter decides it, not the file.)
if sys.version_info < (3, 9):
    def subscript(node):
        return node.slice.value
else:
    def subscript(node):
        return node.slice


# what a number parses to: ast.Constant from Python 3.8, ast.Num before
NUMBER = type(ast.parse("1", mode="eval").body)
# what an index the checker may evaluate again is made of: names, numbers, + - * //
INDEX_PARTS = (ast.Name, ast.BinOp, ast.UnaryOp, ast.operator, ast.unaryop, ast.Load, NUMBER)
OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.FloorDiv: "//", ast.USub: "-"}


def index_text(node):
    """The source of an index made of INDEX_PARTS, as Python's style writes it: what
    ast.get_source_segment gives from Python 3.8 on (t + 1, t - 1, T)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, NUMBER):
        return repr(node.n if type(node).__name__ == "Num" else node.value)
    if isinstance(node, ast.UnaryOp):
        return OPERATORS.get(type(node.op), "?") + index_text(node.operand)
    return "%s %s %s" % (index_text(node.left), OPERATORS.get(type(node.op), "?"),
                         index_text(node.right))


# The source of an index, as the learner wrote it (ast.get_source_segment, from Python 3.8), or
# before 3.8 as index_text writes it.
source_text = getattr(ast, "get_source_segment", lambda source, node: index_text(node))


class FileSource(core.Source):
    """The learner's file, as the core asks about it: line numbers from its ast, the
    learner's frame from a traceback, the line that changes an input from a line trace."""

    def __init__(self, path, source, function, watch=None):
        core.Source.__init__(self, path)
        self.path, self.source, self.function = os.path.abspath(path), source, function
        self.lines = source.splitlines()
        self.watch = watch                     # the child's messages to its parent, or None

    def node(self, quantity):
        """The statement that assigns quantity: the last (L = 0.0, given, comes before the
        loop's L = L + L_t, and worst = 0.0 before worst = max(worst, error))."""
        found = []
        for node in ast.walk(self.function):
            if isinstance(node, (ast.Assign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(target_text(t) == core.ALL_CODE[quantity] for t in targets):
                    found.append(node)
        return max(found, key=lambda node: node.lineno) if found else None

    def line(self, quantity):
        node = self.node(quantity)
        return (node.lineno, self.lines[node.lineno - 1].strip()) if node else None

    def appends(self, quantity):
        node = self.node(quantity)
        return isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add)

    def theirs(self, code):
        return os.path.abspath(code.co_filename) == self.path

    def raised(self, error):
        frames = list(traceback.walk_tb(error.__traceback__))
        mine = [(frame, n) for frame, n in frames if self.theirs(frame.f_code)]
        if not mine:
            return None
        frame, n = mine[-1]
        found = {"line": n, "text": self.lines[n - 1].strip(),
                 "inside": None if frames[-1][0] is frame else frames[-1][0].f_code.co_name}
        outer = [f for f, _ in mine if f.f_code.co_name == self.function.name]
        if outer:
            names = dict(outer[-1].f_locals)
            found["locals"] = names
            found["t"] = names.get("t") if isinstance(names.get("t"), int) else None
            found["read"] = self.entries_read(n, frame)
            found["written"] = self.entries_read(n, frame, ast.Store)
            found["statement"] = self.statement(n).lineno
            found["in_loop"] = self.in_loop(self.statement(n))
        return found

    def in_loop(self, statement):
        """Is statement the function's loop over t (`for t in ...`) or inside it?"""
        return any(statement in list(ast.walk(node)) for node in ast.walk(self.function)
                   if isinstance(node, ast.For) and isinstance(node.target, ast.Name) and
                   node.target.id == "t")

    def entries_read(self, n, frame, context=ast.Load):
        """(name, index text, index, value or MISSING) for each `name[index]` on line n
        whose index is made of names and numbers: what it read, in frame (context
        ast.Store: each entry it writes, and what it held)."""
        read = []
        for node in ast.walk(self.statement(n)):
            if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and \
                    isinstance(node.ctx, context):
                index = subscript(node)
                if not all(isinstance(part, INDEX_PARTS) for part in ast.walk(index)):
                    continue
                values = frame.f_locals.get(node.value.id)
                try:
                    at = eval(compile(ast.Expression(index), "<index>", "eval"), frame.f_globals,
                              dict(frame.f_locals))
                    value = values[at] if 0 <= at < len(values) else core.MISSING
                except Exception:
                    continue
                read.append((node.value.id, source_text(self.source, index), at, value))
        return read

    def statement(self, n):
        """The innermost statement of bptt that holds line n, a line some node starts on (a
        traceback's): the last that does in ast.walk's order, outer before inner. A statement
        holds the lines from its first to the last one of its nodes starts on (which runs on
        Python before 3.8 too, whose nodes have no end_lineno)."""
        found = self.function
        for node in ast.walk(self.function):
            if isinstance(node, ast.stmt) and not isinstance(node, ast.FunctionDef) and \
                    node.lineno <= n <= max(part.lineno for part in ast.walk(node)
                                            if hasattr(part, "lineno")):
                found = node
        return found

    def changed_at(self, call, unchanged):
        last, found = [None], []

        def local(frame, event, arg):
            if found or not self.theirs(frame.f_code):
                return None
            if last[0] is not None and not unchanged():
                found.append(last[0])
                return None
            if event == "line":
                last[0] = frame.f_lineno
            return local

        previous = sys.gettrace()
        sys.settrace(local)
        try:
            call()
        except BaseException:                  # what it raises was reported already
            pass
        finally:
            sys.settrace(previous)
        return (found[0], self.lines[found[0] - 1].strip()) if found else None

    def calling(self, doing):
        if self.watch:
            self.watch({"doing": doing})

    def called(self):
        if self.watch:
            self.watch({"done": True})


def load(path, tree, blanks, watched):
    """The learner's file run as `import` would run it (not as __main__: __name__ is the
    file's name, __file__ its path, its folder first on sys.path for its own imports; but
    not put in sys.modules, so a helper's `import` of the file runs it again): its
    namespace, with each blank `X = ...` made `X = FILL(quantity, t)` (lines stay where they
    are)."""
    module = types.ModuleType(os.path.splitext(os.path.basename(path))[0])
    module.__file__ = path
    folder = os.path.dirname(os.path.abspath(path))
    if folder not in sys.path:
        sys.path.insert(0, folder)
    filled = {n: (quantity, index) for n, _, quantity, index in blanks if quantity}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and node.lineno in filled and is_ellipsis(node.value):
            call = "%s(%r, %s)" % ((core.FILL,) + filled[node.lineno])
            node.value = ast.copy_location(ast.parse(call, mode="eval").body, node.value)
    ast.fix_missing_locations(tree)
    doing = "loading " + path
    watched.calling(doing)
    try:
        exec(compile(tree, path, "exec"), module.__dict__)
    except SystemExit as error:
        raise Verdict(2, core.wrapped(
            "%s: cannot judge. It called %s while the checker was %s: outside bptt, only "
            "what is under `if __name__ == \"__main__\":` may exit." % (
                path, core.exit_words(error), doing), ""))
    except BaseException as error:
        raise Verdict(2, core.raised_words(watched, error, doing, watched.raised(error), None))
    finally:
        watched.called()
    if not callable(module.__dict__.get(watched.function.name)):
        raise Verdict(2, "%s defines no function %s" % (
            path, core.SIGNATURES[watched.function.name]))
    return module.__dict__


def check(path, watch=None):
    """The verdict on the bptt in the file at path, judged in this process: (exit status,
    text). watch, if given, is told each call of the learner's code (the child's pipe)."""
    path = short(path)
    try:
        source, tree, function, blanks = read_exercise(path)
    except Verdict as verdict:                 # the file cannot be judged
        return verdict.status, verdict.text
    name = function.name
    unwritten = {quantity for _, _, quantity, _ in blanks}
    if None in unwritten or unwritten and len(unwritten) == len(core.BLANKS[name]):
        return 1, "%s: %s is not finished.\n%s" % (path, name, unfinished(blanks, name))
    try:
        watched = FileSource(path, source, function, watch)
        namespace = load(path, tree, blanks, watched)
        status, text = core.judge(namespace, unwritten, watched, template(name, source), source)
    except Verdict as verdict:
        status, text = verdict.status, verdict.text
    if blanks and status == 1:
        text += "\n\n" + unfinished(blanks, name)
    return status, text


def template(function, learners):
    """The text of the track's starting file for function that is nearest the learner's (the
    one with fewest `# given` lines changed, or marked given but none of its own): bptt has
    two, 2_bptt.py and 3_bptt_loop.py."""
    texts = []
    for path in TEMPLATES:                     # each function has one at least
        with open(path, "rb") as file:
            text = importlib.util.decode_source(file.read())     # as Python reads it
        if "\ndef %s(" % function in text:
            given = core.given_code(text)
            extra = [code for code in core.given_code(learners) if code not in given]
            texts.append((len(core.given_edits(text, learners)) + len(extra), len(texts), text))
    return min(texts)[2]


def short(path):
    """path relative to the current folder when it is inside it: what messages show."""
    try:
        relative = os.path.relpath(path)
    except ValueError:                          # another drive, on Windows
        return path
    return path if relative.startswith(os.pardir) else relative


# ---------------------------------------------------------------------------
# The child process, and the time limits
# ---------------------------------------------------------------------------

def child(channel, path):
    """What the child runs: the check, with each call of the learner's code and the verdict
    written as lines of JSON to the file channel; the learner's printing goes to stdout."""
    with open(channel, "a") as out:
        def send(message):
            out.write(json.dumps(message) + "\n")
            out.flush()
        try:
            status, text = check(path, send)
        except BaseException as error:         # the checker's own failure, not the learner's
            status, text = 2, "cannot judge %s: the checker failed (%s: %s)" % (
                short(path), type(error).__name__, core.message(error))
        sys.stdout.flush()
        send({"verdict": [status, text]})
    os._exit(0)                                # no learner's atexit, no waiting thread


# the child in a session of its own, so that stopping it stops what it started (POSIX)
SESSION = {"start_new_session": True} if os.name == "posix" else {}


def check_in_child(path, call_limit=CALL_LIMIT, check_limit=CHECK_LIMIT):
    """(exit status, text, what the learner's code printed): check(path) run in a child
    process, so that nothing the code does can end or hang this one. A call of the
    learner's code still running after call_limit seconds, or a check after check_limit,
    is stopped, and the verdict says so. It waits 0.01 s between looks at the child, and once
    the child is stopped at most 1 s for the rest of its printing (a process the code started
    in a session of its own may hold the output open: it is not waited for)."""
    shown = short(path)
    handle, channel = tempfile.mkstemp()
    os.close(handle)
    started = time.time()
    process = subprocess.Popen(
        [sys.executable, os.path.abspath(__file__), "--child", channel, path],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **SESSION)
    printed = [b"", 0]
    reader = threading.Thread(target=keep_output, args=(process.stdout, printed))
    reader.daemon = True
    reader.start()
    doing, since, verdict, read = None, None, None, 0
    try:
        while verdict is None:
            ended_now = process.poll() is not None    # before reading: all it wrote is there
            with open(channel, "rb") as file:
                file.seek(read)
                lines = file.read().split(b"\n")
            for line in lines[:-1]:                  # the last is partial, or empty
                read += len(line) + 1
                message = json.loads(line)
                if "doing" in message:
                    doing, since = message["doing"], time.time()
                elif "done" in message:
                    since = None
                elif "verdict" in message:
                    verdict = tuple(message["verdict"])
            now = time.time()
            status = 2 if doing is None or doing.startswith("loading") else 1
            if verdict is not None:
                break
            if since is not None and now - since > call_limit:
                verdict = status, ("%s: stopped. Your code had not returned after %s s while the "
                                   "checker was %s (a loop that never ends?), so the checker "
                                   "stopped it." % (shown, seconds(call_limit), doing))
            elif now - started > check_limit:
                verdict = status, ("%s: stopped. The check had not ended after %s s (it was "
                                   "%s), so the checker stopped it." % (
                                       shown, seconds(check_limit), doing or "starting"))
            elif ended_now:
                verdict = status, ("%s: %s. The process ended (%s) while the checker was %s, "
                                   "before any verdict: nothing in the file may end the "
                                   "process." % (shown, "wrong" if status == 1 else
                                                 "cannot judge", ended(process.returncode),
                                                 doing or "starting"))
            else:
                time.sleep(0.01)
    finally:
        stop(process)
        reader.join(1.0)
        os.remove(channel)
    text = printed[0].decode("utf-8", "replace")
    if printed[1] > len(printed[0]):
        text += "\n[... and %d more bytes your code printed, not shown]\n" % (
            printed[1] - len(printed[0]))
    return verdict[0], verdict[1], text


def seconds(limit):
    return "%g" % limit


def ended(code):
    if code < 0:
        return "killed by signal %d" % -code
    return "exit status %d" % code


def keep_output(stream, printed):
    """Read the child's output to its end, keeping the first SHOWN_OUTPUT bytes."""
    while True:
        chunk = stream.read1(65536)
        if not chunk:
            return
        printed[0] += chunk[:SHOWN_OUTPUT - len(printed[0])]     # nothing once it is full
        printed[1] += len(chunk)


def stop(process):
    """End the child and anything it started (its own session), if still running."""
    try:
        if SESSION:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except OSError:                            # it had ended
        pass
    process.wait()


def main(argv):
    if len(argv) == 3 and argv[0] == "--child":
        child(argv[1], argv[2])
    if len(argv) != 1:
        print("usage: python3 exercises/check.py FILE", file=sys.stderr)
        return 2
    try:
        status, text, printed = check_in_child(argv[0])
    except KeyboardInterrupt:                  # the child is stopped already
        print("%s: not judged: the check was interrupted." % short(argv[0]))
        return 2
    sys.stdout.write(printed)
    print(text)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
