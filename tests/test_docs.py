"""README and the docs pages: their examples run and show their exact output, the derivation
and BPTT by hand are the code, the demo's transcripts are its real output, the pages keep the
learner's order and their links reach.

    python3 -m pytest tests/test_docs.py
"""
import ast
import doctest
import inspect
import math
import os
import re
import subprocess
import sys

import pytest

import minirnn
from minirnn import RNN
from tests.helpers import ROOT, SOURCE, flat
from tests.patches import PATCHES, patched


# ---------------------------------------------------------------------------
# The demo: `python3 minirnn.py` runs, and docs/demo.md and README show its real output
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_output():
    """What `python minirnn.py` prints, checked to exit 0 and to be plain ASCII."""
    result = subprocess.run([sys.executable, SOURCE], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert result.returncode == 0, result.stderr
    return result.stdout.decode("ascii")          # plain ASCII: any terminal can show it


def test_demo_runs_and_reports_100_percent_held_out(demo_output):
    out = demo_output
    last = out.strip().splitlines()[-1]
    assert last.startswith("held-out accuracy:")
    percentages = [word for word in last.replace(",", " ").split() if word.endswith("%")]
    assert percentages == ["100.0%", "100.0%"]
    assert "largest relative error" in out


def test_demos_gradient_check_line_says_right_in_the_transcripts_words(demo_output):
    transcript = open(os.path.join(ROOT, "docs", "demo.md")).read()
    start = transcript.index("```\nminirnn: a recurrent") + len("```\n")
    shown, = [line for line in transcript[start:transcript.index("```", start)].splitlines()
              if "largest relative" in line]
    actual, = [line for line in demo_output.splitlines() if "largest relative" in line]
    for line in (shown, actual):
        number = line.split()[3]
        assert line == f"  largest relative error: {number}  (right)" and number == f"{float(number):.1e}"
        assert float(number) < minirnn.GRADIENT_CHECK_TOLERANCE / 1000
    assert actual.replace(actual.split()[3], shown.split()[3]) == shown


def code_blocks(text):
    """The plain ``` blocks of a markdown text (not ```python ones), each as a list of lines."""
    blocks, block, fence = [], None, None
    for line in text.splitlines():
        if fence is None and line.lstrip().startswith("```"):
            fence, block = line.lstrip(), []
        elif fence is not None and line.strip() == "```":
            if fence == "```":
                blocks.append(block)
            fence = None
        elif fence is not None:
            block.append(line)
    return blocks


def test_readme_shows_the_demos_real_output(demo_output):
    page = open(os.path.join(ROOT, "docs", "demo.md")).read()
    start = page.index("```\nminirnn: a recurrent") + len("```\n")
    shown = page[start:page.index("```", start)].splitlines()
    actual = demo_output.splitlines()
    assert len(shown) == len(actual)
    for shown_line, actual_line in zip(shown, actual):
        if "largest relative error" in actual_line:   # its last digits depend on the interpreter
            assert float(actual_line.split()[3]) < minirnn.GRADIENT_CHECK_TOLERANCE / 1000
        else:
            assert shown_line == actual_line


def test_readme_excerpts_of_the_demo_are_lines_of_its_real_output(demo_output):
    """Each block of README that starts with a line of the demo's output is an excerpt: its
    lines are the output's, in order, consecutive except where a `...` line leaves some out."""
    actual = demo_output.splitlines()
    excerpts = [block for block in code_blocks(open(os.path.join(ROOT, "README.md")).read())
                if block and block[0] in actual]
    assert [block[0] for block in excerpts][:1] == \
        ["minirnn: a recurrent neural network learns, in pure Python"]
    assert len(excerpts) == 2                           # the demo's heart, and its gradient flow
    for block in excerpts:
        at, skipping = actual.index(block[0]), False
        for line in block[1:]:
            if line == "...":
                skipping = True
                continue
            at += 1
            while skipping and at < len(actual) and actual[at] != line:
                at += 1
            assert at < len(actual) and actual[at] == line, line
            skipping = False


# ---------------------------------------------------------------------------
# README and the docs pages: their examples run, the derivation and BPTT by hand are the code,
# the pages keep the learner's order and their links reach
# ---------------------------------------------------------------------------

def pages_with_examples():
    """README.md and the docs/*.md pages that have doctest examples."""
    docs = sorted("docs/" + name for name in os.listdir(os.path.join(ROOT, "docs"))
                  if name.endswith(".md"))
    return ["README.md"] + [page for page in docs if ">>> " in open(os.path.join(ROOT, page)).read()]


@pytest.mark.parametrize("page", pages_with_examples())
def test_readme_examples_run_and_show_their_exact_output(page):
    failures, tried = doctest.testfile(os.path.join(ROOT, page), module_relative=False,
                                       optionflags=doctest.ELLIPSIS)
    assert tried > 1
    assert failures == 0


def test_the_reference_pages_with_examples_are_all_run():
    assert pages_with_examples() == ["README.md", "docs/api.md", "docs/recurrence.md"]


def readme_tables(page="README.md"):
    """The rows of a page's tables (README's by default), as lists of cell texts."""
    rows = []
    for line in open(os.path.join(ROOT, page)).read().splitlines():
        line = line.strip()                              # a table in a list item is indented
        if line.startswith("|") and not line.startswith("|---"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def as_code_comments(equation):
    """README's Unicode notation as minirnn.py's comments may write it: a sum over t as
    sum_t, or as the += of one step."""
    for unicode, ascii_form in (("−", "-"), ("ŷ", "y_hat"), ("ᵀ", "^T"), ("⊙", "*"), ("²", "^2")):
        equation = equation.replace(unicode, ascii_form)
    return equation.replace("Σ_t", "sum_t"), equation.replace(" = Σ_t ", " += ")


def test_readme_equations_are_in_the_functions_named():
    checked = 0
    for row in readme_tables():
        if len(row) == 3 and row[2].startswith("`") and " = " in row[0]:
            for name in row[2].replace("`", "").split(", "):
                source = inspect.getsource(getattr(minirnn, name))
                comments = [line.split("#", 1)[1] for line in source.splitlines() if "#" in line]
                assert any(form in c for c in comments for form in as_code_comments(row[0])), \
                    (row[0], name)
                checked += 1
    assert checked == 15                             # 6 forward and loss, 9 BPTT


def section(page, title):
    """The text of a page's level-2 section `title`, up to the next level-2 heading."""
    text = open(os.path.join(ROOT, page)).read()
    start = text.index("\n## " + title + "\n")
    end = text.find("\n## ", start + 1)
    return text[start:] if end == -1 else text[start:end]


def table_rows(text):
    """The rows of the tables in a markdown text, as lists of cell texts."""
    return [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in text.splitlines()
            if line.strip().startswith("|") and not line.strip().startswith("|---")]


def by_hand_example():
    """README's BPTT by hand: (model, xs, ys, h0), as its doctest defines them."""
    model = RNN.from_dict({"n_in": 1, "n_hidden": 2, "n_out": 2, "W": [[0.5], [-0.3]],
                           "U": [[0.1, -0.4], [0.2, 0.3]], "V": [[0.6, -0.2], [-0.5, 0.4]],
                           "b_h": [0.0, 0.1], "b_o": [0.1, -0.1]})
    return model, [[1.0], [-1.0]], [1, 0], [0.4, -0.3]


def four_places(v):
    """A number, vector or matrix as README's by-hand tables write it: exactly 4 places."""
    return "[" + ", ".join(four_places(x) for x in v) + "]" if isinstance(v, list) else f"{v:.4f}"


def test_readme_bptt_by_hand_is_what_the_code_computes():
    model, xs, ys, h0 = by_hand_example()
    L, s_h, a_h, s_o, y_hat = minirnn.forward_pass(model, xs, ys, h0)
    grads, ds_o, da_h, ds_h = minirnn.bptt(model, xs, ys, a_h, y_hat)
    V_T, U_T = minirnn.transpose(model.V), minirnn.transpose(model.U)
    per_step = {"s_{h,t}": s_h, "a_{h,t}": a_h, "s_{o,t}": s_o, "ŷ_t": y_hat, "ds_{o,t}": ds_o,
                "Vᵀ ds_{o,t}": [None] + [minirnn.matvec(V_T, ds_o[t]) for t in (1, 2)],
                "Uᵀ ds_{h,t+1}": [None] + [minirnn.matvec(U_T, ds_h[t + 1]) for t in (1, 2)],
                "da_{h,t}": da_h, "1 − a_{h,t}²": [None] + [[1 - a * a for a in a_h[t]] for t in (1, 2)],
                "ds_{h,t}": ds_h}
    terms = {"dV": ("V", lambda t: minirnn.outer(ds_o[t], a_h[t])), "db_o": ("b_o", lambda t: ds_o[t]),
             "dW": ("W", lambda t: minirnn.outer(ds_h[t], xs[t - 1])),
             "dU": ("U", lambda t: minirnn.outer(ds_h[t], a_h[t - 1])), "db_h": ("b_h", lambda t: ds_h[t])}
    text = section("README.md", "BPTT by hand")
    seen, steps = [], None
    for row in table_rows(text):
        quantity = row[0].split(" = ")[0]
        if quantity in ("quantity", "gradient"):         # a header: its steps, in the table's order
            steps = [int(cell.split(" = ")[1]) for cell in row[1:] if cell.startswith("t = ")]
            continue
        elif quantity in per_step:
            assert row[1:] == [four_places(per_step[quantity][t]) for t in steps], quantity
        elif quantity in terms:                          # each step's term, and their sum
            name, term = terms[quantity]
            assert row[1:] == [four_places(term(t)) for t in steps] + [four_places(grads[name])], quantity
            assert all(any(x != 0 for x in flat(term(t))) for t in (1, 2)), quantity  # two nonzero terms
        elif quantity == "dh0":
            assert row[1:] == ["", "", four_places(grads["h0"])]
        else:
            continue
        seen.append(quantity)
    assert sorted(seen) == sorted(list(per_step) + list(terms) + ["dh0"])
    L_1, L_2 = [-math.log(y_hat[t][ys[t - 1]]) for t in (1, 2)]
    assert f"= {L_1:.4f} + {L_2:.4f} = **{L:.4f}**" in text


def test_readme_writes_out_the_by_hand_example_its_tables_are_computed_from():
    text = section("README.md", "BPTT by hand")
    block = text[text.index("    W = "):text.index("\n\n", text.index("    W = "))]
    model, xs, ys, h0 = by_hand_example()
    written = [float(v) for v in re.findall(r"-?\d+\.\d+", block)]
    assert written == flat(model.W) + flat(model.U) + model.b_h + flat(model.V) + model.b_o + flat(xs) + h0
    assert "y_1 = %d, y_2 = %d" % tuple(ys) in block


def test_readme_shows_sum_last_two_mod3_as_the_code():
    assert inspect.getsource(minirnn.sum_last_two_mod3) in open(os.path.join(ROOT, "README.md")).read()


def test_readme_finite_difference_is_what_the_forward_pass_gives():
    model, xs, ys, h0 = by_hand_example()
    L, _, a_h, _, y_hat = minirnn.forward_pass(model, xs, ys, h0)
    dU = minirnn.bptt(model, xs, ys, a_h, y_hat)[0]["U"]
    model.U[0][0] = 0.101                                # U_{1,1} = 0.1, nudged by 1e-3
    nudged = minirnn.forward_pass(model, xs, ys, h0)[0]
    seven = lambda v: f"{v:.7f}".replace("-", "−")       # noqa: E731
    lines = section("README.md", "BPTT by hand").splitlines()
    at, = [i for i, line in enumerate(lines) if line.strip().startswith("L(U_{1,1} = 0.101) =")]
    assert lines[at].split() == ["L(U_{1,1}", "=", "0.101)", "=", seven(nudged),
                                 "L(U_{1,1}", "=", "0.1)", "=", seven(L)]
    shown_change = nudged - L                            # from the unrounded values
    assert lines[at + 1].split() == ["change", seven(shown_change), "≈", "dU_{1,1}", "×", "10⁻³", "=",
                                     seven(dU[0][0] * 1e-3)]
    assert abs((nudged - L) - dU[0][0] * 1e-3) < 0.01 * abs(dU[0][0] * 1e-3)    # "about"


def bptt_with_mistake_2():
    """minirnn's bptt with the notebook's carried term: U ds_{h,t+1} where U^T ds_{h,t+1} is right."""
    source = inspect.getsource(minirnn.bptt)
    namespace = dict(vars(minirnn))
    exec(patched(source, PATCHES["U instead of U^T in the carried term"].plain), namespace)
    return namespace[ast.parse(source).body[0].name]


def test_readme_mistake_2_reaches_every_earlier_step():
    model, xs, ys, h0 = by_hand_example()
    _, _, a_h, _, y_hat = minirnn.forward_pass(model, xs, ys, h0)
    right = minirnn.bptt(model, xs, ys, a_h, y_hat)
    wrong = bptt_with_mistake_2()(model, xs, ys, a_h, y_hat)
    shown = {"ds_{h,1}": lambda b: b[3][1], "dW": lambda b: b[0]["W"], "dU": lambda b: b[0]["U"],
             "db_h": lambda b: b[0]["b_h"], "dh0": lambda b: b[0]["h0"]}
    rows = [row for row in table_rows(section("docs/notebook.md", "Mistake 2 on the by-hand example"))
            if row[0] in shown]
    assert [row[0] for row in rows] == list(shown)
    for row in rows:
        assert row[1:] == [four_places(shown[row[0]](right)), four_places(shown[row[0]](wrong))], row[0]
        assert row[1] != row[2]
    assert wrong[0]["V"] == right[0]["V"] and wrong[0]["b_o"] == right[0]["b_o"]   # "stay right"


LEARNER_ORDER = ["What it is", "Notation", "The derivation", "BPTT by hand", "Write it yourself",
                 "What the recurrence is for", "What the source notebook got wrong", "Write like a text",
                 "More", "License"]
REFERENCE_PAGES = ["docs/demo.md", "docs/engine-room.md", "docs/api.md", "docs/recurrence.md",
                   "docs/tests.md", "docs/runtimes.md", "docs/charlm.md", "docs/speed.md",
                   "docs/notebook.md", "docs/exercises.md", "docs/verdicts.md"]


def test_readme_puts_the_learner_first_and_links_every_reference_page():
    readme = open(os.path.join(ROOT, "README.md")).read()
    sections = [line[3:] for line in readme.splitlines() if line.startswith("## ")]
    assert sections == [title for title in LEARNER_ORDER if title in sections]
    assert set(LEARNER_ORDER) - set(sections) <= {"Write it yourself", "Write like a text"}   # optional
    assert len(readme.splitlines()) <= 460            # room for later issues: reference goes to docs/
    more = section("README.md", "More")
    assert [page for page in REFERENCE_PAGES if "](" + page + ")" in more] == REFERENCE_PAGES
    assert sorted(REFERENCE_PAGES) == sorted("docs/" + name for name in os.listdir(os.path.join(ROOT, "docs"))
                                             if name.endswith(".md"))


def anchor(heading):
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as dashes."""
    return "".join(c for c in heading.lower() if c.isalnum() or c in " -_").replace(" ", "-")


def test_every_link_between_the_pages_reaches_its_file_and_heading():
    checked = 0
    for page in ["README.md"] + REFERENCE_PAGES:
        text = open(os.path.join(ROOT, page)).read()
        for target in [part.split(")", 1)[0] for part in text.split("](")[1:]]:
            if target.startswith("http"):
                continue
            path, _, fragment = target.partition("#")
            path = os.path.normpath(os.path.join(os.path.dirname(page), path)) if path else page
            assert os.path.exists(os.path.join(ROOT, path)), (page, target)
            if fragment:
                headings = [line.lstrip("#").strip() for line in open(os.path.join(ROOT, path))
                            if line.startswith("#")]
                assert fragment in [anchor(h) for h in headings], (page, target)
            checked += 1
    assert checked > 30
