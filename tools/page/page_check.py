"""Open docs/index.html in headless Chromium and check what a reader gets.

    python3 tools/page/page_check.py [PAGE] [SOURCE] [README] [--out DIR]   (`make page-check` runs it)

Playwright for Python drives Debian's chromium-headless-shell (tools/install.py installs
it system-wide when it is missing and we run as root; Playwright's own browser download is
not used). At a desktop (1280 px) and a phone (390 px, mobile) viewport it checks:

- the page loads from file:// with no console error, no page error, and no request
  outside file:// (any is blocked): the page, the runtime beside it (micropython.js) and
  the Worker's blob; its scripts are that runtime, the embedded files and its own;
- its parts are the file's three part banners, in order;
- the code blocks are every line of SOURCE, once and in order: each block's text
  (as rendered and as in the DOM) equals SOURCE's lines at its line numbers;
- every section of README's derivation, its Notation and BPTT by hand is on the
  page: the heading, and every paragraph's words;
- the text (outside code) shows no markdown markup: no * ` _ { } \\ ]( |---;
- the numbers under the lines of forward_pass and bptt equal those of README's
  by-hand tables (which the tests check against the code): each table row found by
  its equation among SOURCE's comment lines, each entry compared;
- desktop: prose and code side by side, and the lesson's lines (88 columns) and
  their numbers show whole, and README's blocks (the unrolled graph, D_k's chain, the
  doctest) too; phone: prose above code, code the full width, the lesson's lines
  wrapped, every green line and term on screen, a wider block scrolling with a shadow
  cue; neither scrolls sideways;
- print: no code or prose box is cut off at the right (the code wraps);
- the pictures (tools/page/pictures.py): every plotted value (data-value) equals, to
  its printed precision, what minirnn's functions return, run here (forward's states,
  gradient_flow, train's losses; the bound from sigma_max(U) computed here), and to the
  demo's precision what `python SOURCE` prints; each mark sits where its value puts it
  (log axes; the heatmap's lightness falls with |a|); without U equal digits give equal
  columns; docs/*.svg are the inline pictures byte for byte; they fit the page at every
  width and in print, their text at least 9 px on the phone;
- desktop, live: the runtime is ready in under 1 s; the embedded minirnn.py (and the
  runtime's copy), exercises/judge.py and mistakes.py are the files byte for byte;
  minirnnPage.run works; every green number is recomputed in the page, labelled (data-quantity, data-t), and
  equals README's tables; an edited weight gives what this Python's minirnn computes;
  live training reaches 100% held out on mod-3 and memory, U = 0 at most 50% on memory;
  Stop stops it; a call running 10 s is stopped and the runtime restarted, with a message;
  the exercise's verdict in the page is exercises/check.py's (but for line numbers) on a
  right bptt, one with a line left `...`, and each catalogued mistake (tests/patches.py);
- scripts off (desktop): the same checks of the page and its numbers (make page's), and
  no live control showing;
- everything in docs/ but the .md files weighs at most 1.5 MB.

It saves desktop.png, phone.png (full page) and print.pdf in DIR. Exit status 1 on
any failure. The last line reads 'page-check: N passed, N failed'.
"""
import argparse
import importlib.util
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent.parent
BROWSERS = ("chromium-headless-shell", "/usr/lib/chromium/chromium-headless-shell",
            "chromium", "/usr/lib/chromium/chromium")

# What the page shows, measured in the browser.
MEASURE = """() => {
  const shown = el => !!el && el.checkVisibility({opacityProperty: true, visibilityProperty: true})
    && el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().height > 0;
  const box = el => { const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top + scrollY, bottom: r.bottom + scrollY, width: r.width}; };
  const doc = document.documentElement;
  scrollTo(10000, 0);
  const scrolledX = scrollX;
  scrollTo(0, 0);
  const proseNoCode = [...document.querySelectorAll('main .prose')].map(p => {
    const copy = p.cloneNode(true); copy.querySelectorAll('code, pre').forEach(c => c.remove());
    return copy.textContent; }).join('\\n');
  return {
    scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, scrolledX,
    scripts: [...document.scripts].map(s => s.src ? s.src.split('/').pop() : s.type || 'inline'),
    parts: [...document.querySelectorAll('main > section.part > h2')].map(h => h.textContent),
    prose: [...document.querySelectorAll('main .prose')].filter(shown).map(p => p.innerText).join('\\n'),
    proseNoCode,
    headings: [...document.querySelectorAll('main .prose h2, main .prose h3')].filter(shown).map(h => h.innerText),
    rows: [...document.querySelectorAll('main .row:not(.wide)')].map(row => {
      const prose = row.querySelector(':scope > .prose'), code = row.querySelector(':scope > .code');
      return {proseText: prose.innerText.trim(), proseShown: shown(prose), prose: box(prose),
              code: box(code), lesson: !!row.closest('.lesson')};
    }),
    blocks: [...document.querySelectorAll('main .code pre')].map(pre => ({
      start: +pre.dataset.start, end: +pre.dataset.end, shown: shown(pre),
      text: pre.textContent, rendered: pre.innerText, lesson: !!pre.closest('.lesson'),
      numbers: [...pre.querySelectorAll('.l')].map(l => +l.dataset.n),
      cutOff: pre.scrollWidth > pre.clientWidth + 1, cue: getComputedStyle(pre).backgroundAttachment.includes('local')})),
    traces: [...document.querySelectorAll('main .tr')].map(tr => ({
      line: +tr.dataset.line, t: tr.dataset.t ? +tr.dataset.t : null, shown: shown(tr),
      values: [...tr.querySelectorAll('.v')].map(v => v.textContent), live: tr.hasAttribute('data-live'),
      labelled: [...tr.querySelectorAll('.v')].every(v => v.dataset.quantity && (v.dataset.t || '') === (tr.dataset.t || '')),
      terms: [...tr.querySelectorAll('.term')].map(v => v.textContent),
      cutOff: tr.scrollWidth > tr.clientWidth + 1})),
    cutOffProse: [...document.querySelectorAll('.prose pre')].filter(p => p.scrollWidth > p.clientWidth + 1).length,
    uncuedProse: [...document.querySelectorAll('.prose pre')].filter(p => p.scrollWidth > p.clientWidth + 1
      && !getComputedStyle(p).backgroundAttachment.includes('local')).length,
    traceRight: Math.max(...[...document.querySelectorAll('main .tr, main .tr .term')].map(t => t.getBoundingClientRect().right)),
  };
}"""

WEIGHT = 1_500_000                     # bytes: what docs/ may weigh, its .md files aside

MARKUP = ("*", "`", "_", "{", "}", "\\", "](", "|---")
UNICODE = (("\u2212", "-"), ("\u0177", "y_hat"), ("\u1d40", "^T"), ("\u2299", "*"), ("\u00b2", "^2"),
           ("\u03a3_t", "sum_t"))


class Checks:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, ok, what, detail=""):
        if ok:
            self.passed += 1
            print(f"  ok    {what}")
        else:
            self.failed += 1
            print(f"  FAIL  {what}" + (f": {detail}" if detail else ""))
        return ok


def browser_path():
    """The system Chromium; tools/install.py installs Debian's if there is none."""
    found = os.environ.get("CHROMIUM") or next(
        (shutil.which(b) for b in BROWSERS if shutil.which(b)), None)
    if not found:
        install = [sys.executable, str(ROOT / "tools" / "install.py"), "debian",
                   "chromium-headless-shell", "chromium-headless-shell"]
        if subprocess.run(install).returncode != 0:
            sys.exit("page_check: no Chromium: set CHROMIUM to one, or install one as above")
        found = shutil.which("chromium-headless-shell")
    print(f"page_check: the browser is {found}")
    return found


def plain(text):
    """Words only: markdown marks, link targets, subscript braces and whitespace dropped."""
    text = re.sub(r"\]\([^)]*\)", "", text)
    return " ".join(re.sub(r"[*`_{}\\\[\]^]", "", text).split())


def expected(source):
    """From SOURCE, read independently of the generator: its lines and part titles."""
    lines = Path(source).read_text(encoding="utf-8").splitlines(keepends=True)
    rules = [i for i, line in enumerate(lines) if re.match(r"# ={20,}\s*$", line)]
    parts = [lines[i + 1][1:].strip() for i, j in zip(rules[::2], rules[1::2])]   # rule, title, prose, rule
    return lines, parts


def readme_sections(readme):
    """{title: body} of README's Notation, the ### sections of The derivation, and BPTT by hand."""
    text = Path(readme).read_text(encoding="utf-8")
    found, fenced = {}, False
    title = None
    for line in text.splitlines():
        fenced ^= line.startswith("```")
        heading = re.match(r"(#{2,3}) (.*)", line) if not fenced else None
        if heading:
            title = heading.group(2)
            found[title] = []
        elif title:
            found[title].append(line)
    titles = list(found)
    start = titles.index("The derivation")
    end = next(i for i in range(start + 1, len(titles)) if titles[i] in ("BPTT by hand",))
    wanted = ["Notation"] + titles[start:end + 1]
    return {t: found[t] for t in wanted}


def paragraphs(body):
    """The prose paragraphs of a markdown body (no tables, code blocks, fences or images)."""
    out, para, fenced = [], [], False
    for line in body + [""]:
        fenced ^= line.startswith("```")
        if fenced or line.startswith("```") or line.startswith("    ") or line.startswith("|") or not line.strip() \
                or re.fullmatch(r"!\[[^\]]*\]\([^)]*\)", line.strip()):     # a picture, inline on the page
            if para:
                out.append(" ".join(para))
            para = []
        else:
            item = re.match(r"(- |\d+\. )", line)
            if item and para:
                out.append(" ".join(para))
                para = []
            para.append(line[item.end():].strip() if item else line.strip())
    return out


def numbers(text):
    return [float(x) for x in re.findall(r"-?\d+\.\d+|-?\d+", text)]


def as_code(expression):
    for unicode, ascii_form in UNICODE:
        expression = expression.replace(unicode, ascii_form)
    return expression.strip()


def top_terms(rhs):
    """An expression's terms at the top level, split at ' + ', ' - ', ' * ', parentheses dropped."""
    terms, depth, current = [], 0, ""
    i = 0
    while i < len(rhs):
        c = rhs[i]
        depth += (c in "([{") - (c in ")]}")
        if depth == 0 and rhs[i:i + 3] in (" + ", " - ", " * "):
            terms.append(current)
            current, i = "", i + 3
            continue
        current += c
        i += 1
    return [t.strip()[1:-1] if t.strip().startswith("(") and t.strip().endswith(")") else t.strip()
            for t in terms + [current]]


def check_trace(c, traces, lines, readme):
    """The page's numbers against README's by-hand tables, row by row, entry by entry."""
    text = Path(readme).read_text(encoding="utf-8")
    by_hand = text[text.index("\n## BPTT by hand\n"):]
    by_hand = by_hand[:by_hand.index("\n## ", 5)]
    comments = {}                            # code line -> comment text above it (equation, then notes)
    for n, line in enumerate(lines[:-1], 1):
        if line.strip().startswith("#"):
            comments[n + 1] = line.strip()[1:].strip().split(": ")[0]
    at = {}
    for tr in traces:
        at.setdefault(tr["line"], []).append(tr)

    def line_of(lhs):
        return next((n for n, eq in comments.items()
                     if eq.startswith(lhs + " = ") or eq.startswith(lhs + " += ")), None)

    compared, missing, wrong = 0, [], []
    header = None
    for row in [r for r in by_hand.splitlines() if r.startswith("|")]:
        cells = [x.strip() for x in row.strip().strip("|").split("|")]
        if row.startswith("|---"):
            continue
        if cells[0] in ("quantity", "gradient"):
            header = cells
            continue
        quantity = as_code(cells[0])
        if " = " in quantity:
            line, index = line_of(quantity.split(" = ")[0]), None
        else:                                # a term: where an equation's right side has it
            line = index = None
            for n, eq in comments.items():
                if " = " in eq and quantity in top_terms(eq.split(" = ", 1)[1]):
                    line, index = n, top_terms(eq.split(" = ", 1)[1]).index(quantity)
                    break
        rows = at.get(line, [])
        if not rows:
            missing.append(cells[0])
            continue
        accumulates = "sum" in header
        for column, cell in zip(header[1:], cells[1:]):
            if not cell:
                continue
            if column == "sum":
                got = rows[-1]["values"][-1]
            else:
                step = [r for r in rows if r["t"] == int(column.split("=")[1])]
                if not step:
                    missing.append(f"{cells[0]} at {column}")
                    continue
                r = step[0]
                got = r["terms"][index] if index is not None else r["terms"][-1] if accumulates else r["values"][-1]
            compared += 1
            if numbers(got) != numbers(cell):
                wrong.append(f"{cells[0]} {column}: page {got}, README {cell}")
    loss = re.search(r"= (\d+\.\d+) \+ (\d+\.\d+) = \*\*(\d+\.\d+)\*\*", by_hand)
    for lhs, want in (("L_t", loss.groups()[:2]), ("L", loss.groups()[2:])):
        rows = at.get(line_of(lhs), [])
        got = [r["values"][-1] for r in rows][-len(want):]
        compared += len(want)
        if [numbers(g) for g in got] != [numbers(w) for w in want]:
            wrong.append(f"{lhs}: page {got}, README {list(want)}")
    c.check(compared and not missing and not wrong,
            f"the numbers under the code equal README's by-hand tables ({compared} entries)",
            f"not on the page: {missing[:3]}; different: {wrong[:3]}")


def example_expected(source, U):
    """L and da_{h,t} of README's example with U changed, by the file's code in this Python."""
    spec = importlib.util.spec_from_file_location("minirnn_checked", source)
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    model = m.RNN.from_dict({"n_in": 1, "n_hidden": 2, "n_out": 2, "W": [[0.5], [-0.3]], "U": U,
                             "V": [[0.6, -0.2], [-0.5, 0.4]], "b_h": [0.0, 0.1], "b_o": [0.1, -0.1]})
    xs, ys, h0 = [[1.0], [-1.0]], [1, 0], [0.4, -0.3]
    L, s_h, a_h, s_o, y_hat = m.forward_pass(model, xs, ys, h0)
    grads, ds_o, da_h, ds_h = m.bptt(model, xs, ys, a_h, y_hat)
    text = lambda v: "[" + ", ".join("%.4f" % x for x in v) + "]"
    return "%.4f" % L, {t: text(da_h[t]) for t in (1, 2)}


def trained(c, page, task, epochs, stop_after=None):
    """Press a task's Train button; return (rows of the loss table, the held-out row)."""
    page.wait_for_function("!document.querySelector('#live-training button.train').disabled")
    page.fill("#live-training input[name=epochs]", str(epochs))
    page.click(f"#live-training button[data-task={task}]")
    page.wait_for_function("!document.querySelector('#live-training tr.held-out')")
    if stop_after:
        page.wait_for_function(f"document.querySelectorAll('#live-training tbody tr[data-epoch]').length >= {stop_after}")
        page.click("#live-training button.stop")
    page.wait_for_function("document.querySelector('#live-training tr.held-out')", timeout=120000)
    return page.evaluate("""() => [[...document.querySelectorAll('#live-training tbody tr[data-epoch]')]
      .map(r => [...r.cells].map(c => c.textContent)),
      [...document.querySelector('#live-training tr.held-out').cells].map(c => c.textContent)]""")


def check_live(c, page, source, lines, readme):
    """The page runs minirnn.py itself: the runtime, the hook, the live example, training."""
    ready = page.evaluate("minirnnPage.ready.then(() => minirnnPage.readyMs)")
    c.check(ready < 1000, f"the runtime is ready {ready:.0f} ms after the page opens (under 1 s)")
    text = Path(source).read_text(encoding="utf-8")
    embedded = page.evaluate("minirnnPage.files['minirnn.py']")
    inside = page.evaluate("minirnnPage.run(\"print(open('/lib/minirnn.py').read(), end='')\")")
    c.check(embedded == text and inside == text,
            "the page's embedded minirnn.py, and the runtime's, are the file byte for byte")
    exercise = ROOT / "exercises"
    same = [n for n in ("judge.py", "mistakes.py")
            if page.evaluate(f"minirnnPage.files['{n}']") == (exercise / n).read_text(encoding="utf-8")]
    c.check(len(same) == 2, "its exercises/judge.py and mistakes.py are the files", f"same: {same}")
    out = page.evaluate("minirnnPage.run('import sys, minirnn; print(sys.implementation.name, minirnn.add([1.0], [2.0]))')")
    c.check(out == "micropython [3.0]\n", "minirnnPage.run(source) runs Python with minirnn importable, "
            "and gives its output", repr(out))
    page.evaluate("minirnnPage.example")
    m = page.evaluate(MEASURE)
    c.check(m["traces"] and all(t["live"] and t["labelled"] for t in m["traces"]),
            f"every green line ({len(m['traces'])}) is computed in the page, each value with data-quantity, data-t")
    check_trace(c, m["traces"], lines, readme)
    U = [[0.25, -0.4], [0.2, 0.3]]
    page.fill("#example-inputs input[name=U]", json.dumps(U))
    page.wait_for_function("document.getElementById('example-note').textContent.includes('Computed') && "
                           "minirnnPage.example && true")
    page.wait_for_timeout(400)
    page.evaluate("minirnnPage.example")
    L, da_h = example_expected(source, U)
    got = page.evaluate("""() => ({L: [...document.querySelectorAll('.v[data-quantity="L"]')].map(v => v.textContent).pop(),
      da: Object.fromEntries([...document.querySelectorAll('.v[data-quantity="da_h[t]"]')].map(v => [v.dataset.t, v.textContent]))})""")
    c.check(got["L"] == L and got["da"] == {str(t): v for t, v in da_h.items()},
            "an edited weight (U_{1,1} = 0.25): the numbers follow, as this Python's minirnn computes them",
            f"page {got}, here L {L} da_h {da_h}")
    page.click("#example-inputs button")
    page.wait_for_timeout(400)
    page.evaluate("minirnnPage.example")
    rows, held = trained(c, page, "next_mod3", 12)
    c.check(len(rows) == 12 and held[1] == "100.0%", "live training, mod-3: 12 epochs, 100% held out",
            f"{len(rows)} epochs, held out {held}")
    rows, held = trained(c, page, "sum_last_two_mod3", 12)
    losses = [float(r[1]) for r in rows]
    c.check(len(rows) == 12 and held[1] == "100.0%" and float(held[2].rstrip("%")) <= 50 and losses[-1] < losses[0],
            "live training, memory: the loss falls, 100% held out; U = 0 at most 50%",
            f"{len(rows)} epochs, losses {losses[0]} .. {losses[-1]}, held out {held}")
    rows, held = trained(c, page, "sum_last_two_mod3", 300, stop_after=2)
    c.check(2 <= len(rows) < 300, f"Stop stops training (after {len(rows)} of 300 epochs)")
    started = page.evaluate("performance.now()")
    message = page.evaluate("minirnnPage.run('while True: pass').then(() => 'returned', e => e.message)")
    took = page.evaluate("performance.now()") - started
    after = page.evaluate("minirnnPage.run('import minirnn; print(minirnn.dot([1.0], [2.0]))')")
    status = page.evaluate("document.getElementById('live-status').textContent")
    c.check("stopped" in message and 10000 <= took < 12000 and after == "2.0\n" and "restarted" in status,
            f"a call running 10 s is stopped ({took / 1000:.1f} s), the runtime restarted, with a message",
            f"{message!r}, {took:.0f} ms, then {after!r}, status {status!r}")


def learners_bptt(template, source_text):
    """A learner's file as the page's exercise holds it: the template's import of minirnn's
    vocabulary (and math, which a catalogued mistake calls), then the bptt of source_text."""
    start = template.index("from minirnn import")
    head = template[start:template.index("\n\n\ndef bptt", start)]
    a = source_text.index("def bptt(")
    return "import math\n" + head + "\n\n\n" + source_text[a:source_text.index("\n\n\n", a)] + "\n"


def comparable(report):
    """A report without what differs by design: the file's name, and "your line N" lines."""
    lines = report.splitlines()
    return [lines[0].split(": ", 1)[1]] + [l for l in lines[1:] if not l.strip().startswith("your line ")
                                           and "(line " not in l]


def check_exercise(c, page, source):
    """The page's verdict on minirnn's bptt, on each catalogued mistake written into it, and on
    one line left `...`, against exercises/check.py's on the same code."""
    sys.path.insert(0, str(ROOT))
    from exercises import check as checker
    from tests.patches import PATCHES, patched
    text = Path(source).read_text(encoding="utf-8")
    template = (ROOT / "exercises" / "2_bptt.py").read_text(encoding="utf-8")
    right = learners_bptt(template, text)
    one_blank = right.replace(right[right.index("        dV = "):right.index("\n", right.index("        dV = "))],
                              "        dV = ...  # dV")
    cases = [("a right bptt", right), ("dV left ...", one_blank)] + [
        (name, learners_bptt(template, patched(text, patch.plain))) for name, patch in PATCHES.items()]
    differ = []
    with tempfile.TemporaryDirectory() as folder:
        for name, code in cases:
            path = os.path.join(folder, "learner.py")
            Path(path).write_text(code, encoding="utf-8")
            status, report = checker.check(path)
            page.fill("#live-exercise textarea", code)
            page.evaluate("document.querySelector('#live-exercise .verdict').removeAttribute('data-checks')")
            page.click("#live-exercise button.check")
            page.wait_for_function("document.querySelector('#live-exercise .verdict').dataset.checks")
            got = page.evaluate("(el => [el.dataset.status, el.textContent])"
                                "(document.querySelector('#live-exercise .verdict'))")
            if got[0] != str(status) or comparable(got[1]) != comparable(report):
                differ.append(f"{name}: page {got[0]} {comparable(got[1])[:4]}, check.py {status} {comparable(report)[:4]}")
    c.check(not differ, f"the page's verdict is exercises/check.py's on {len(cases)} bptts (a right one, "
            f"one line left ..., each of the {len(PATCHES)} catalogued mistakes)", "; ".join(differ[:2]))


def check_view(c, m, lines, parts, sections, layout):
    """The checks on one viewport's measurements `m`; layout is 'desktop', 'phone' or 'print'."""
    blocks = m["blocks"]
    if layout != "print":
        c.check(m["parts"] == parts, "the page's parts are the file's part banners, in order",
                f"page {m['parts']}, file {parts}")
        wrong = [f"{b['start']}-{b['end']}" for b in blocks if not (
            b["shown"] and b["numbers"] == list(range(b["start"], b["end"] + 1))
            and b["text"] == "".join(lines[b["start"] - 1:b["end"]])
            and b["rendered"].rstrip("\n") == "".join(lines[b["start"] - 1:b["end"]]).rstrip("\n"))]
        c.check(not wrong, "each code block shows its lines of the file, numbered as in the file",
                f"lines {wrong[:5]}")
        order = [n for b in blocks for n in b["numbers"]]
        c.check(order == list(range(1, len(lines) + 1)) and "".join(b["text"] for b in blocks) == "".join(lines),
                f"the code blocks together are the whole file ({len(lines)} lines), once, in order")
        prose, headings = plain(m["prose"]), [plain(h) for h in m["headings"]]
        absent = [t for t, body in sections.items() if plain(t) not in headings
                  or any(plain(p) not in prose for p in paragraphs(body))]
        c.check(not absent, f"README's {len(sections)} derivation sections are on the page, every paragraph",
                f"missing or incomplete: {absent}")
        marks = sorted({mark for mark in MARKUP if mark in m["proseNoCode"]})
        c.check(not marks, "no markdown markup shows in the text", f"found {marks}")
        c.check(m["scrollWidth"] <= m["clientWidth"] and m["scrolledX"] == 0,
                "the page does not scroll sideways",
                f"scrollWidth {m['scrollWidth']} > {m['clientWidth']}, scrollX {m['scrolledX']}")
        c.check(m["scripts"] == ["micropython.js", "application/json", "inline"] + ["application/json", "inline"],
                "the page's scripts: the runtime beside it, the embedded files, its own; the live pictures' "
                "data and script", f"{m['scripts']}")
    rows = m["rows"]
    if layout == "desktop":
        apart = [r["proseText"][:30] for r in rows if r["proseShown"] and not (
            r["prose"]["right"] <= r["code"]["left"] + 1 and abs(r["prose"]["top"] - r["code"]["top"]) < 20)]
        c.check(not apart, "desktop: prose and code side by side", f"rows {apart[:3]}")
        longest = max(len(line.rstrip("\n")) for b in blocks if b["lesson"]
                      for line in lines[b["start"] - 1:b["end"]])
        cut = [f"{b['start']}" for b in blocks if b["cutOff"]]
        cut += [f"trace of {t['line']}" for t in m["traces"] if t["cutOff"] or not t["shown"]]
        c.check(not cut, f"desktop: every line shows whole, the lesson's ({longest} columns at most) with its numbers",
                f"cut off: {cut[:5]}")
    if layout == "desktop":
        c.check(not m["cutOffProse"], "desktop: every block of README's text shows whole in its column",
                f"{m['cutOffProse']} cut off")
    if layout == "phone":
        cut = [b["start"] for b in blocks if b["lesson"] and b["cutOff"]]
        c.check(not cut and m["traceRight"] <= m["clientWidth"],
                "phone: the lesson's lines wrap, none cut off, and every green line with its terms shows",
                f"cut at lines {cut[:5]}; green lines reach {m['traceRight']:.0f} px of {m['clientWidth']}")
        uncued = [b["start"] for b in blocks if b["cutOff"] and not b["cue"]]
        c.check(not uncued and not m["uncuedProse"],
                "phone: a block wider than the screen scrolls with a shadow at the edge that has more",
                f"code at lines {uncued[:5]}, {m['uncuedProse']} prose blocks")
        width = m["clientWidth"]
        unstacked = [r["proseText"][:30] for r in rows if not (
            r["code"]["width"] >= 0.95 * width
            and (not r["proseShown"] or r["prose"]["bottom"] <= r["code"]["top"] + 1))]
        c.check(not unstacked, "phone: prose above code, code the full width", f"rows {unstacked[:3]}")
    if layout == "print":
        cut = [f"{b['start']}" for b in blocks if b["cutOff"]]
        c.check(not cut and not m["cutOffProse"], "print: code and equations wrap, nothing cut off",
                f"code at lines {cut[:5]}, {m['cutOffProse']} prose blocks")


# The pictures (tools/page/pictures.py): each inline SVG's plotted marks and text.
MEASURE_PICTURES = """() => [...document.querySelectorAll('figure[data-picture] svg.picture')].map(svg => {
  const r = svg.getBoundingClientRect(), scale = r.width / svg.viewBox.baseVal.width;
  return {name: svg.closest('figure').dataset.picture, right: r.right, width: r.width,
    clientWidth: document.documentElement.clientWidth, shown: r.width > 0 && r.height > 0,
    minFont: Math.min(...[...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale)),
    marks: [...svg.querySelectorAll('[data-value]')].map(el => { const b = el.getBBox();
      return {tag: el.tagName, data: {...el.dataset}, x: b.x + b.width / 2, y: b.y + b.height / 2,
              fill: el.getAttribute('fill'), sigma: el.closest('[data-sigma]')?.dataset.sigma}; })};
})"""
PICTURE_NAMES = ("hidden-state", "gradient-reach", "loss")


def picture_truth(source):
    """What the pictures must show, computed here: the demo's runs by minirnn's own learn,
    forward and gradient_flow, and the demo's printed output (`python SOURCE`)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("minirnn_for_pictures", source)
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    runs = {(name, recurrent): m.learn(task, recurrent=recurrent) for name, _, task in m.TASKS
            for recurrent in (True, False)}
    demo = subprocess.run([sys.executable, source], capture_output=True, text=True, check=True).stdout
    flow = demo[demo.index("\nGradient flow:"):].splitlines()[2:]
    table = {int(row.split()[0]): re.findall(r"\d(?:\.\d+)?e[+-]\d+", row)
             for row in flow if re.match(r"\s+\d+\s", row)}
    return m, runs, table, re.findall(r"epoch 1: (\S+)  ->  epoch \d+: (\S+)", demo)


def largest_singular_value(M):
    """sigma_max(M), by power iteration on M M^T (pictures.py iterates on M^T M)."""
    v = [1.0] * len(M)
    for _ in range(3000):
        w = [sum(M[i][j] * sum(M[k][j] * v[k] for k in range(len(M))) for j in range(len(M[0])))
             for i in range(len(M))]
        size = sum(x * x for x in w) ** 0.5
        v = [x / size for x in w]
    return size ** 0.5


def luminance(fill):
    channels = [int(fill[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def check_picture_values(c, svgs, source):
    """Every plotted value equals, to its printed precision, what minirnn's functions return
    (and, to the demo's precision, what the demo prints); the marks sit where they say."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import pictures                                  # the formats, and the demo's sequence and cases
    fmt = pictures.VALUE_FORMATS
    m, runs, table, printed_losses = picture_truth(source)
    marks = {s["name"]: s["marks"] for s in svgs}
    c.check(sorted(marks) == sorted(PICTURE_NAMES), f"the page shows the pictures {list(PICTURE_NAMES)}",
            f"found {sorted(marks)}")
    xs, ys = m.make_data(m.sum_last_two_mod3, 1, pictures.SEQUENCE["length"],
                         m.make_rng(pictures.SEQUENCE["seed"]))[0]
    T = len(xs)

    # the hidden state: forward's states, cell by cell
    cells = marks.get("hidden-state", [])
    wrong = []
    models = {"with U": runs[("memory", True)][0], "U = 0": runs[("memory", False)][0]}
    for label, model in models.items():
        states = model.forward(xs)[1]
        for i in range(model.n_hidden):
            for t in range(1, T + 1):
                mine = [k for k in cells if k["data"].get("model") == label and k["data"].get("unit") == str(i + 1)
                        and k["data"].get("t") == str(t)]
                want = fmt["a_h"] % states[t - 1][i]
                if len(mine) != 1 or mine[0]["data"]["value"] != want or \
                        mine[0]["data"]["digit"] != str(m.argmax(xs[t - 1])):
                    wrong.append(f"{label} unit {i + 1} t={t}: {[k['data'].get('value') for k in mine]} != {want}")
    c.check(cells and not wrong and len(cells) == 2 * T * models["with U"].n_hidden,
            f"hidden state: all {len(cells)} cells are forward's a_h,t of the memory model, with U and U = 0",
            "; ".join(wrong[:3]))
    cells = [k for k in cells if re.fullmatch(r"-?\d+\.\d+", k["data"].get("value", ""))
             and re.fullmatch(r"#[0-9a-f]{6}", k["fill"] or "")]
    by_abs = sorted(cells, key=lambda k: abs(float(k["data"]["value"])))
    lum = [luminance(k["fill"]) for k in by_abs]
    darker = sum(a < b - 0.006 for a, b in zip(lum, lum[1:]))
    hue = [k for k in cells if abs(float(k["data"]["value"])) > 0.05 and
           (int(k["fill"][1:3], 16) > int(k["fill"][5:7], 16)) != (float(k["data"]["value"]) > 0)]
    c.check(cells and not darker and not hue,
            "hidden state: lightness falls with |a| (it reads in grey), hue gives the sign",
            f"{darker} cells lighter than a smaller |a|, {len(hue)} of the wrong hue")
    columns = {(k["data"]["model"], k["data"]["t"]): [] for k in cells}
    for k in sorted(cells, key=lambda k: int(k["data"]["unit"])):
        columns[(k["data"]["model"], k["data"]["t"])].append(k["data"]["value"])
    digits = [m.argmax(x) for x in xs]
    same = [(t, u) for t in range(1, T + 1) for u in range(1, T + 1) if digits[t - 1] == digits[u - 1]]
    column = lambda label, t: columns.get((label, str(t)))
    c.check(same and all(column("U = 0", t) == column("U = 0", u) is not None for t, u in same)
            and all(column("with U", t) != column("with U", u) for t, u in same
                    if t > 1 and u > 1 and digits[t - 2] != digits[u - 2]),
            "hidden state: without U equal digits give equal columns; with U the digit before shows")

    # the gradient's reach: gradient_flow, the demo's printed table, and the bound
    cases = pictures.gradient_cases(m, models["with U"])
    points, wrong = marks.get("gradient-reach", []), []
    for column, (case, model) in enumerate(cases.items()):
        flow = model.gradient_flow(xs, ys)
        sigma = largest_singular_value(model.U)
        shown = {k["sigma"] for k in points if k["data"].get("case") == case}
        if shown != {"%.4f" % sigma}:
            wrong.append(f"{case}: sigma_max(U) shown {shown}, computed {sigma:.4f}")
        for t in range(1, T + 1):
            bound = sigma ** (T - t) * flow[-1]
            for quantity, want in (("flow", flow[t - 1]), ("bound", bound)):
                mine = [k["data"]["value"] for k in points if k["data"].get("case") == case
                        and k["data"].get("quantity") == quantity and k["data"].get("t") == str(t)]
                if mine != [fmt[quantity] % want]:
                    wrong.append(f"{case} {quantity} t={t}: {mine} != {fmt[quantity] % want}")
            if "%.0e" % flow[t - 1] != table[t][column]:
                wrong.append(f"{case} t={t}: the demo prints {table[t][column]}, gradient_flow {flow[t - 1]:.0e}")
            if flow[t - 1] > bound * (1 + 1e-9):
                wrong.append(f"{case} t={t}: {flow[t - 1]} above its bound {bound}")
    c.check(points and not wrong and len(points) == 2 * 3 * T,
            f"gradient's reach: all {len(points)} marks are gradient_flow's |dL_T/da_h,t| (the demo's table too) "
            f"and sigma_max(U)^(T-t) |dL_T/da_h,T| (computed here), each flow under its bound", "; ".join(wrong[:3]))

    # the loss per epoch: train's losses, and the demo's first and last
    points, wrong = marks.get("loss", []), []
    for (task, recurrent), (_, _, losses) in runs.items():
        for epoch, loss in enumerate(losses, 1):
            mine = [k["data"]["value"] for k in points if k["data"].get("task") == task
                    and k["data"].get("model") == ("with U" if recurrent else "U = 0")
                    and k["data"].get("epoch") == str(epoch) == k["data"].get("t")]
            if mine != [fmt["loss"] % loss]:
                wrong.append(f"{task} {recurrent} epoch {epoch}: {mine} != {fmt['loss'] % loss}")
    for (name, _, _), (first, last) in zip(m.TASKS, printed_losses):
        losses = runs[(name, True)][2]
        if (f"{losses[0]:.1f}", f"{losses[-1]:.2f}") != (first, last):
            wrong.append(f"{name}: the demo prints {first} -> {last}")
    c.check(points and not wrong and len(points) == sum(len(r[2]) for r in runs.values()),
            f"loss: all {len(points)} marks are train's losses per epoch, both tasks with and without U",
            "; ".join(wrong[:3]))

    # the line plots: each mark at its value on the log axis and its step on the x axis
    for name in ("gradient-reach", "loss"):
        points = marks.get(name, [])
        points = [k for k in points if re.fullmatch(r"\d\.\d+e[+-]\d+|\d+\.\d+", k["data"].get("value", ""))
                  and float(k["data"]["value"]) > 0]
        ok = len(points) > 2
        for axis, of in (("y", lambda k: math.log10(float(k["data"]["value"]))), ("x", lambda k: int(k["data"]["t"]))):
            lo, hi = min(points, key=of, default=None), max(points, key=of, default=None)
            if not ok or of(hi) == of(lo):
                ok = False
                break
            slope = (hi[axis] - lo[axis]) / (of(hi) - of(lo))
            ok = ok and all(abs(lo[axis] + slope * (of(k) - of(lo)) - k[axis]) < 0.75 for k in points)
        series = {}
        for k in points:
            if k["data"]["quantity"] != "bound":
                series.setdefault((k["data"].get("case"), k["data"].get("task"), k["data"].get("model")),
                                  set()).add((k["tag"], k["fill"] == "#ffffff"))
        ok = ok and all(len(v) == 1 for v in series.values()) and \
            len({next(iter(v)) for v in series.values()}) == len(series)
        c.check(ok, f"{name}: each mark is at its value (log scale) and step, each line its own marker shape")


def check_picture_live(c, page, source, static):
    """The slider under the gradient's reach: dragged, the page's runtime redraws the picture
    for each case's U times the factor, every mark what gradient_flow gives for it here."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import pictures
    m, runs = picture_truth(source)[:2]
    xs, ys = m.make_data(m.sum_last_two_mod3, 1, pictures.SEQUENCE["length"],
                         m.make_rng(pictures.SEQUENCE["seed"]))[0]
    page.evaluate("minirnnPage.ready")
    c.check(page.evaluate("!document.querySelector('.picture-control').hidden"),
            "live: the slider under the gradient's reach shows once the runtime is ready")
    scales = page.evaluate("document.getElementById('u-scale').dataset.scales").split()
    fmt, wrong = pictures.VALUE_FORMATS, []
    for scale in (scales[0], scales[-1], "1"):
        page.evaluate("""scale => { const s = document.getElementById('u-scale');
            s.value = s.dataset.scales.split(' ').indexOf(scale); s.dispatchEvent(new Event('input')); }""", scale)
        page.wait_for_function("s => document.getElementById('picture-gradient-reach').dataset.scale === s",
                               arg=scale, timeout=10000)
        marks = [s for s in page.evaluate(MEASURE_PICTURES) if s["name"] == "gradient-reach"][0]["marks"]
        trained = m.RNN.from_dict(runs[("memory", True)][0].to_dict())
        for case, model in pictures.gradient_cases(m, trained).items():
            model.U = [[float(scale) * u for u in row] for row in model.U]
            flow, sigma = model.gradient_flow(xs, ys), largest_singular_value(model.U)
            T = len(flow)
            for t in range(1, T + 1):
                bound = sigma ** (T - t) * flow[-1]
                for quantity, want in (("flow", flow[t - 1]), ("bound", bound)):
                    mine = [k["data"]["value"] for k in marks if k["data"].get("case") == case
                            and k["data"].get("quantity") == quantity and k["data"].get("t") == str(t)]
                    if mine != [fmt[quantity] % want]:
                        wrong.append(f"U x {scale}, {case} {quantity} t={t}: {mine} != {fmt[quantity] % want}")
                if flow[t - 1] > bound * (1 + 1e-9):
                    wrong.append(f"U x {scale}, {case} t={t}: above its bound")
        if scale == "1" and [k["data"] for k in marks] != [k["data"] for k in static]:
            wrong.append("U x 1: not the picture make page drew")
    c.check(not wrong, f"live: dragged to U x {scales[0]}, x {scales[-1]} and back to x 1, the page redraws the "
            "gradient's reach: every mark is gradient_flow's for that U here, x 1 the static picture",
            "; ".join(wrong[:3]))


def check_picture_run(c, page, source):
    """After the learner trains memory in the page, its hidden state and loss are redrawn from
    that run: every loss the table's, every state what forward gives here for the page's models."""
    m = picture_truth(source)[0]
    rows, _ = trained(c, page, "sum_last_two_mod3", 12)
    page.wait_for_function("document.getElementById('picture-loss').dataset.run === 'sum_last_two_mod3 12'",
                           timeout=30000)
    marks = {s["name"]: s["marks"] for s in page.evaluate(MEASURE_PICTURES)}
    wrong = []
    for column, model in ((1, "with U"), (2, "U = 0")):
        mine = [k["data"]["value"] for k in marks["loss"] if k["data"].get("model") == model]
        if mine != [row[column] for row in rows]:
            wrong.append(f"loss {model}: {mine[:3]} != the table's {[row[column] for row in rows][:3]}")
    models = json.loads(page.evaluate("minirnnPage.run('import json; print(json.dumps("
                                      "[_runs[u][0].to_dict() for u in (True, False)]))')"))
    cells = marks["hidden-state"]
    digits = [int(k["data"]["digit"]) for k in cells if k["data"]["unit"] == "1" and k["data"]["model"] == "with U"]
    xs = [m.one_hot(d, 3) for d in digits]
    for label, d in zip(("with U", "U = 0"), models):
        states = m.RNN.from_dict(d).forward(xs)[1]
        mine = {(k["data"]["unit"], k["data"]["t"]): k["data"]["value"] for k in cells if k["data"]["model"] == label}
        want = {(str(i + 1), str(t + 1)): "%.4f" % a for t, state in enumerate(states) for i, a in enumerate(state)}
        if mine != want or len(cells) != 2 * len(want):
            wrong.append(f"hidden state {label}: not forward's states of the page's model")
    c.check(rows and not wrong, f"live: after training memory in the page ({len(rows)} epochs), the hidden state and "
            "the loss are redrawn from that run: its table's losses, forward's states of its two models",
            "; ".join(wrong[:3]))


def check_picture_files(c, page_path, readme):
    """docs/NAME.svg is the page's inline picture, byte for byte; README shows the gradient's reach."""
    text = Path(page_path).read_text(encoding="utf-8")
    differ = []
    for name in PICTURE_NAMES:
        inline = re.search(r'<figure id="picture-%s" data-picture="%s">\n(<svg .*?</svg>\n)' % (name, name),
                           text, re.S)
        path = Path(page_path).parent / (name + ".svg")
        if not inline or not path.exists() or path.read_text(encoding="utf-8") != inline.group(1):
            differ.append(name)
    c.check(not differ, "docs/*.svg are the page's pictures, byte for byte", f"differ: {differ}")
    c.check("](docs/gradient-reach.svg)" in Path(readme).read_text(encoding="utf-8"),
            "README shows the gradient's reach (docs/gradient-reach.svg)")


def check_picture_view(c, svgs, layout):
    """Each picture is on the page and fits it; at phone width its text stays at least 9 px."""
    wide = [s["name"] for s in svgs if not s["shown"] or s["right"] > s["clientWidth"] + 1]
    c.check(svgs and not wide, f"{layout}: the pictures show whole, within the page's width", f"{wide}")
    if layout == "phone":
        small = [f"{s['name']} {s['minFont']:.1f} px" for s in svgs if s["minFont"] < 9]
        c.check(not small, "phone: the pictures' text is at least 9 px", ", ".join(small))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("page", nargs="?", default=str(ROOT / "docs" / "index.html"))
    parser.add_argument("source", nargs="?", default=str(ROOT / "minirnn.py"))
    parser.add_argument("readme", nargs="?", default=str(ROOT / "README.md"))
    parser.add_argument("--out", default=str(ROOT / ".page-check"))
    args = parser.parse_args(argv)
    lines, parts = expected(args.source)
    sections = readme_sections(args.readme)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    url = Path(args.page).resolve().as_uri()
    browser = browser_path()
    c = Checks()
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=browser)
        print(f"page_check: {url} in {browser} {chromium.version}")
        views = (("desktop", dict(viewport={"width": 1280, "height": 900})),
                 ("phone", dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)))
        for layout, options in views:
            print(f"{layout}:")
            context = chromium.new_context(**options)
            requests, errors = [], []
            context.on("request", lambda r: requests.append(r.url))
            context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                          else route.abort())
            page = context.new_page()
            page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            response = page.goto(url, wait_until="load")
            c.check(response is not None and response.ok, "loads from file://")
            page.evaluate("minirnnPage.ready.then(() => minirnnPage.example)")   # measured with the live parts shown
            m = page.evaluate(MEASURE)
            check_view(c, m, lines, parts, sections, layout)
            svgs = page.evaluate(MEASURE_PICTURES)
            check_picture_view(c, svgs, layout)
            if layout == "desktop":
                check_trace(c, m["traces"], lines, args.readme)
                check_picture_values(c, svgs, args.source)
                check_picture_files(c, args.page, args.readme)
                check_live(c, page, args.source, lines, args.readme)
                check_picture_live(c, page, args.source, [s for s in svgs if s["name"] == "gradient-reach"][0]["marks"])
                check_exercise(c, page, args.source)
                check_picture_run(c, page, args.source)
            page.screenshot(path=str(out / f"{layout}.png"), full_page=True)
            if layout == "desktop":
                page.emulate_media(media="print")
                page.set_viewport_size({"width": 718, "height": 1000})  # A4 less Chromium's margins
                check_view(c, page.evaluate(MEASURE), lines, parts, sections, "print")
                check_picture_view(c, page.evaluate(MEASURE_PICTURES), "print")
                page.pdf(path=str(out / "print.pdf"), format="A4", print_background=True)
            c.check(not errors, "no console or page errors", "; ".join(errors[:3]))
            runtime = url.rsplit("/", 1)[0] + "/micropython.js"
            others = [r for r in requests if r not in (url, runtime) and not r.startswith("blob:")]
            c.check(requests[:2] == [url, runtime] and not others,
                    "no network: the page and the runtime beside it, from file:// (and the Worker's blob)",
                    f"{len(others)} more: {others[:3]}")
            context.close()
        print("scripts off:")
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                      else route.abort())
        page = context.new_page()
        page.goto(url, wait_until="load")
        m = page.evaluate(MEASURE)
        check_view(c, m, lines, parts, sections, "desktop")
        check_trace(c, m["traces"], lines, args.readme)
        shown = page.evaluate("[...document.querySelectorAll('.live, #live-status, .live-only')]"
                              ".filter(el => el.checkVisibility()).map(el => el.id || el.className)")
        c.check(not shown and not any(t["live"] for t in m["traces"]),
                "scripts off: the page as make page wrote it, its numbers, no live control showing", f"{shown}")
        context.close()
        chromium.close()
    docs = Path(args.page).resolve().parent
    weight = sum(f.stat().st_size for f in docs.iterdir() if f.is_file() and f.suffix != ".md")
    c.check(weight <= WEIGHT, f"everything in docs/ but the .md files weighs {weight / 1e6:.2f} MB "
            f"(at most {WEIGHT / 1e6:.1f} MB)")
    print(f"page_check: screenshots and print.pdf in {out}")
    print(f"page-check: {c.passed} passed, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
