"""The files themselves: minirnn.py imports only math and random, is silent on import, and its
lesson (Part I) reads alone; every test file defines a name above its first use and fits 110
columns.

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


@pytest.mark.parametrize("path", TEST_FILES)
def test_this_file_defines_each_name_above_the_first_test_using_it_and_fits_110_columns(path):
    # A reader never hunts downwards: in each test file, each test, and each statement run at import
    # (a parametrize list, a decorator), uses only module-level names defined above it, itself or
    # through the helpers it calls. (A helper may call one defined below it, if no test gets there
    # first.)
    text = open(os.path.join(ROOT, path)).read()
    tree = ast.parse(text)
    defined, uses, helpers = {}, {}, {}
    for node in tree.body:
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [(alias.asname or alias.name).split(".")[0] for alias in node.names]
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names, helpers[node.name] = [node.name], node
        else:
            names = [n.id for target in getattr(node, "targets", []) for n in ast.walk(target)
                     if isinstance(n, ast.Name)]
        for name in names:
            defined.setdefault(name, start)
        walked = list(ast.walk(node))
        local = {n.id for n in walked if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        arguments = {a.arg for a in walked if isinstance(a, ast.arg)}
        is_test = isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
        fixtures = {a.arg for a in node.args.args} if is_test else set()     # pytest passes them
        uses[node] = {n.id for n in walked if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} \
            - local - arguments | fixtures
    late = []
    for node in tree.body:
        if node in helpers.values() and not node.name.startswith("test_"):
            continue                                     # judged where a test or a statement uses it
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        reached, todo = set(), list(uses[node])
        while todo:
            name = todo.pop()
            if name in defined and name not in reached:
                reached.add(name)
                todo += uses[helpers[name]] if name in helpers else []
        late += [(name, defined[name], start) for name in sorted(reached) if defined[name] > start]
    assert late == []                                    # (name, defined at line, used from line)
    assert [i + 1 for i, line in enumerate(text.splitlines()) if len(line) > 110] == []
