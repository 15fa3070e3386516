"""The files themselves: minirnn.py imports only math and random, is silent on import, and its
lesson (Part I) reads alone; every test file binds each module-level name once, defines it above
its first use and fits 110 columns; and the line budgets hold (minirnn.py 1,400, Part I 240 at 88
columns, section 6 200, every function 45; test_minirnn.py 1,400, each file of tests/ 900).

    python3 -m pytest tests/test_layout.py
"""
import ast
import os
import subprocess
import sys

import pytest

from tests.helpers import ROOT, SOURCE


# ---------------------------------------------------------------------------
# The files themselves: minirnn.py imports only math and random and prints nothing on import,
# its lesson (Part I) reads alone; every test file's own layout
# ---------------------------------------------------------------------------

def test_imports_only_math_and_random():
    tree = ast.parse(open(SOURCE).read())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "__import__":
            imported.add("__import__")
    assert imported == {"math", "random"}


def test_import_prints_nothing_and_leaves_random_alone():
    code = ("import random; random.seed(1); state = random.getstate(); import minirnn; "
            "assert random.getstate() == state")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert result.returncode == 0, result.stderr
    assert result.stdout == b"" and result.stderr == b""


def parts_of_the_file():
    """minirnn.py's lines, and the line numbers (1-based) where Parts II and III begin."""
    lines = open(SOURCE).read().splitlines()
    part2, = [i + 1 for i, line in enumerate(lines) if line.startswith("# PART II. ")]
    part3, = [i + 1 for i, line in enumerate(lines) if line.startswith("# PART III. ")]
    return lines, part2, part3


def test_the_lesson_uses_only_its_own_names_but_for_the_checked_helpers_first_lines():
    lines, part2, _ = parts_of_the_file()
    tree = ast.parse("\n".join(lines))
    defined_where = {}
    for node in tree.body:
        targets = [node] if isinstance(node, (ast.FunctionDef, ast.ClassDef)) else \
            getattr(node, "targets", [])
        for target in targets:
            name = getattr(target, "name", None) or getattr(target, "id", None)
            assert name not in defined_where, f"{name} is defined twice"
            defined_where[name] = node.lineno
    lesson = [node for node in tree.body if node.lineno < part2 and isinstance(node, ast.FunctionDef)]
    assert {f.name for f in lesson} >= {"matvec", "softmax", "forward_pass", "bptt", "sgd_update"}
    checked_helpers = {"softmax", "log_softmax", "one_hot"}
    reached = set()
    for function in lesson:
        body = function.body[1:] if ast.get_docstring(function) else function.body
        opening = body[:2] if function.name in checked_helpers else []   # their argument checks
        for statement in body:
            for node in ast.walk(statement):
                if isinstance(node, ast.Name) and defined_where.get(node.id, 0) >= part2:
                    reached.add(node.id)
                    assert statement in opening, (function.name, node.id, node.lineno)
    assert reached == {"_vector", "_scores", "_int", "LARGEST_MODEL", "_class_index"}


def test_every_line_of_the_lesson_fits_88_columns_and_the_file_110():
    lines, part2, _ = parts_of_the_file()
    assert [i + 1 for i, line in enumerate(lines[:part2]) if len(line) > 88] == []
    assert [i + 1 for i, line in enumerate(lines) if len(line) > 110] == []


TEST_FILES = ["test_minirnn.py"] + sorted("tests/" + name for name in os.listdir(os.path.join(ROOT, "tests"))
                                          if name.endswith(".py"))


def start_of(node):
    """The first line of a module-level statement, its decorators included."""
    return min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])


def bindings(tree):
    """(name, line) for each module-level binding of a name: imports, defs, classes and assignments,
    and the statements that build on a name already bound (X[k] = ..., X.attr = ..., X += ...,
    X.append(...)), which count as binding it again."""
    found = []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found += [((alias.asname or alias.name).split(".")[0], node.lineno) for alias in node.names]
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            found.append((node.name, start_of(node)))
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            for target in getattr(node, "targets", None) or [node.target]:
                while isinstance(target, (ast.Subscript, ast.Attribute)):
                    target = target.value                      # X[k] = ... and X.a = ... bind X again
                found += [(n.id, node.lineno) for n in ast.walk(target) if isinstance(n, ast.Name)]
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and \
                isinstance(node.value.func, ast.Attribute) and isinstance(node.value.func.value, ast.Name):
            found.append((node.value.func.value.id, node.lineno))      # X.append(...) at import
    return found


@pytest.mark.parametrize("path", TEST_FILES)
def test_no_module_level_name_is_bound_twice_in_a_test_file(path):
    # One name, one meaning: a table is built in one expression, never bound and then changed.
    seen, twice = {}, []
    for name, line in bindings(ast.parse(open(os.path.join(ROOT, path)).read())):
        twice += [(name, seen[name], line)] if name in seen else []
        seen.setdefault(name, line)
    assert twice == []                                   # (name, bound at line, bound again at line)


@pytest.mark.parametrize("path", TEST_FILES)
def test_this_file_defines_each_name_above_the_first_test_using_it_and_fits_110_columns(path):
    # A reader never hunts downwards: in each test file, every module-level statement (a test, a
    # helper, a table, a decorator) uses only module-level names defined above it, or itself.
    text = open(os.path.join(ROOT, path)).read()
    tree = ast.parse(text)
    defined = {}
    for name, line in bindings(tree):
        defined.setdefault(name, line)
    late = []
    for node in tree.body:
        walked = list(ast.walk(node))
        local = {n.id for n in walked if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        arguments = {a.arg for a in walked if isinstance(a, ast.arg)}
        used = {n.id for n in walked if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        used -= local | arguments
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            used |= {a.arg for a in node.args.args}      # pytest passes the fixtures a test names
        late += [(name, defined[name], start_of(node)) for name in sorted(used)
                 if defined.get(name, 0) > start_of(node)]
    assert late == []                                    # (name, defined at line, used from line)
    assert [i + 1 for i, line in enumerate(text.splitlines()) if len(line) > 110] == []


# ---------------------------------------------------------------------------
# The line budgets: what a reader is asked to hold
# ---------------------------------------------------------------------------

def test_the_test_files_fit_their_line_budgets():
    # test_minirnn.py is read in one sitting; each file of tests/ does one job.
    assert len(open(os.path.join(ROOT, "test_minirnn.py")).read().splitlines()) <= 1400
    sizes = {name: len(open(os.path.join(ROOT, "tests", name), "rb").read().splitlines())
             for name in os.listdir(os.path.join(ROOT, "tests"))
             if os.path.isfile(os.path.join(ROOT, "tests", name))}
    assert {name: size for name, size in sizes.items() if size > 900} == {}


def end_of(node, lines):
    """node's last line: end_lineno from Python 3.8; before, the last line one of its nodes
    starts on, and the more deeply indented lines that follow it (a statement's continuation)."""
    if getattr(node, "end_lineno", None) is not None:
        return node.end_lineno
    end = max(getattr(part, "lineno", 0) for part in ast.walk(node))
    indent = len(lines[node.lineno - 1]) - len(lines[node.lineno - 1].lstrip())
    while end < len(lines) and lines[end].strip() and \
            len(lines[end]) - len(lines[end].lstrip()) > indent:
        end += 1
    return end


def functions_of(tree, lines):
    """(name, lines from its first decorator to its last line) of every function and method."""
    return [(node.name, end_of(node, lines) - start_of(node) + 1) for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef)]


def test_minirnn_fits_its_line_budgets():
    # The lesson is short, the library beside it small: 1,400 lines in all, Part I 240 (at 88
    # columns: test_every_line_of_the_lesson_fits_…), section 6 (checking inputs) 200, the
    # module's private helpers (its functions named _…; RNN's own _methods are the class's) 190
    # in all, and no function over 45.
    lines, part2, _ = parts_of_the_file()
    part1, = [i + 1 for i, line in enumerate(lines) if line.startswith("# PART I. ")]
    section6, = [i + 1 for i, line in enumerate(lines) if line.startswith("# 6. ")]
    section7, = [i + 1 for i, line in enumerate(lines) if line.startswith("# 7. ")]
    assert len(lines) <= 1400
    assert part2 - part1 <= 240
    assert section7 - section6 <= 200
    tree = ast.parse("\n".join(lines))
    sizes = functions_of(tree, lines)
    assert [(name, size) for name, size in sizes if size > 45] == []
    assert sum(end_of(node, lines) - start_of(node) + 1 for node in tree.body
               if isinstance(node, ast.FunctionDef) and node.name.startswith("_")) <= 190
