"""Open docs/index.html in headless Chromium and check what a reader gets.

    python3 tools/page_check.py [PAGE] [SOURCE] [--out DIR]   (`make page-check` runs it in .venv-page)

Playwright for Python drives Debian's chromium-headless-shell (installed here with
apt-get when missing and running as root; Playwright's own browser download is not
used). At a desktop (1280 px) and a phone (390 px, mobile) viewport it checks:

- the page loads from file:// with no console error, no page error, and no request
  but the page itself (any other request is also blocked);
- its sections are the file's banner titles, in order, after an Introduction, and
  each shows prose and code;
- every docstring's first paragraph is visible in the prose column;
- the code blocks are every line of SOURCE, once and in order: each block's text
  (as rendered and as in the DOM) equals SOURCE's lines at its line numbers;
- desktop: prose and code side by side; phone: prose above code, code the full
  width, and the page does not scroll sideways;
- print: no code or prose box is cut off at the right (the code wraps).

It saves desktop.png, phone.png (full page) and print.pdf in DIR. Exit status 1 on
any failure. The last line reads 'page-check: N passed, N failed'.
"""
import argparse
import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
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
  return {
    scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, scrolledX,
    scripts: document.scripts.length,
    prose: [...document.querySelectorAll('main .prose')].filter(shown).map(p => p.innerText).join('\\n'),
    sections: [...document.querySelectorAll('main > section')].map(sec => ({
      id: sec.id,
      title: sec.querySelector('h2') ? sec.querySelector('h2').textContent : null,
      titleShown: shown(sec.querySelector('h2')),
      rows: [...sec.querySelectorAll(':scope > .row')].map(row => {
        const prose = row.querySelector(':scope > .prose'), pre = row.querySelector(':scope > .code pre');
        return {
          proseText: prose ? prose.innerText.trim() : '', proseShown: shown(prose), prose: prose && box(prose),
          codeShown: shown(pre), code: pre && box(pre),
          start: pre ? +pre.dataset.start : 0, end: pre ? +pre.dataset.end : -1,
          text: pre ? pre.textContent : '', rendered: pre ? pre.innerText : '',
          numbers: pre ? [...pre.querySelectorAll('.l')].map(l => +l.dataset.n) : [],
          cutOff: pre ? pre.scrollWidth > pre.clientWidth + 1 : false,
        };
      }),
    })),
    cutOffProse: [...document.querySelectorAll('.prose pre')].filter(p => p.scrollWidth > p.clientWidth + 1).length,
  };
}"""


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
    """The system Chromium, installed with apt-get if missing and we are root."""
    found = os.environ.get("CHROMIUM") or next(
        (shutil.which(b) for b in BROWSERS if shutil.which(b)), None)
    if found:
        print(f"page_check: the browser is {found}")
        return found
    if os.geteuid() != 0:
        sys.exit("page_check: no chromium-headless-shell; install it system-wide (as root:"
                 " apt-get install chromium-headless-shell), or set CHROMIUM to a Chromium")
    print("page_check: installing chromium-headless-shell system-wide with apt-get (we are root;"
          " it is not in the project: apt-get remove chromium-headless-shell removes it)", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", "-q", "chromium-headless-shell"], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    return shutil.which("chromium-headless-shell") or sys.exit("page_check: install did not give a browser")


def plain(text):
    """Text with its whitespace collapsed and the `code` and *emphasis* marks dropped."""
    return " ".join(text.replace("`", "").replace("*", "").split())


def expected(source):
    """From SOURCE, read independently of the generator: its lines, banner titles, first
    docstring paragraphs."""
    text = Path(source).read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    rule = re.compile(r"# -{20,}\s*$")
    titles, i = [], 0
    while i < len(lines) - 2:                   # rule, '# Title', '# prose'..., rule
        j = i + 1
        while j < len(lines) and lines[j].startswith("#") and not rule.match(lines[j]):
            j += 1
        if rule.match(lines[i]) and j > i + 1 and j < len(lines) and rule.match(lines[j]):
            titles.append(lines[i + 1][1:].strip())
            i = j
        i += 1
    docs = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            doc = ast.get_docstring(node)
            if doc:
                docs.append(plain(doc.split("\n\n")[0]))
    return lines, titles, docs


def check_view(c, m, lines, titles, docs, layout):
    """The checks on one viewport's measurements `m`; layout is 'desktop', 'phone' or 'print'."""
    sections = m["sections"]
    if layout != "print":
        got = [s["title"] for s in sections]
        c.check(got == ["Introduction"] + titles, "sections are the file's banners, in order",
                f"page {got}, file {titles}")
        bad = [s["title"] for s in sections if not (
            s["titleShown"] and any(r["proseShown"] and r["proseText"] != s["title"] for r in s["rows"])
            and any(r["codeShown"] and r["text"].strip() for r in s["rows"]))]
        c.check(not bad, "every section shows its title, prose and code", f"not in {bad}")
        prose = plain(m["prose"])
        missing = [d[:60] for d in docs if d not in prose]
        c.check(not missing, f"all {len(docs)} docstrings shown as prose", f"missing {missing[:3]}")
        rows = [r for s in sections for r in s["rows"]]
        wrong = [f"{r['start']}-{r['end']}" for r in rows if not (
            r["codeShown"] and r["numbers"] == list(range(r["start"], r["end"] + 1))
            and r["text"] == "".join(lines[r["start"] - 1:r["end"]])
            and r["rendered"].rstrip("\n") == "".join(lines[r["start"] - 1:r["end"]]).rstrip("\n"))]
        c.check(not wrong, "each code block shows its lines of the file, numbered as in the file",
                f"lines {wrong[:5]}")
        order = [n for r in rows for n in r["numbers"]]
        c.check(order == list(range(1, len(lines) + 1)) and "".join(r["text"] for r in rows) == "".join(lines),
                f"the code blocks together are the whole file ({len(lines)} lines), once, in order")
        c.check(m["scrollWidth"] <= m["clientWidth"] and m["scrolledX"] == 0,
                "the page does not scroll sideways",
                f"scrollWidth {m['scrollWidth']} > {m['clientWidth']}, scrollX {m['scrolledX']}")
        c.check(m["scripts"] == 0, "the page has no script")
    if layout == "desktop":
        apart = [f"{r['start']}" for r in rows if r["proseShown"] and not (
            r["prose"]["right"] <= r["code"]["left"] + 1 and abs(r["prose"]["top"] - r["code"]["top"]) < 20)]
        c.check(not apart, "desktop: prose and code side by side", f"rows at lines {apart[:5]}")
    if layout == "phone":
        width = m["clientWidth"]
        unstacked = [f"{r['start']}" for r in rows if not (
            r["code"]["width"] >= 0.95 * width
            and (not r["proseShown"] or r["prose"]["bottom"] <= r["code"]["top"] + 1))]
        c.check(not unstacked, "phone: prose above code, code the full width", f"rows at lines {unstacked[:5]}")
    if layout == "print":
        cut = [f"{r['start']}" for s in sections for r in s["rows"] if r["cutOff"]]
        c.check(not cut and not m["cutOffProse"], "print: code and equations wrap, nothing cut off",
                f"code rows at lines {cut[:5]}, {m['cutOffProse']} prose blocks")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("page", nargs="?", default=str(ROOT / "docs" / "index.html"))
    parser.add_argument("source", nargs="?", default=str(ROOT / "minirnn.py"))
    parser.add_argument("--out", default=str(ROOT / ".page-check"))
    args = parser.parse_args(argv)
    lines, titles, docs = expected(args.source)
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
            context.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
            page = context.new_page()
            page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            response = page.goto(url, wait_until="load")
            c.check(response is not None and response.ok, "loads from file://")
            m = page.evaluate(MEASURE)
            check_view(c, m, lines, titles, docs, layout)
            page.screenshot(path=str(out / f"{layout}.png"), full_page=True)
            if layout == "desktop":
                page.emulate_media(media="print")
                page.set_viewport_size({"width": 718, "height": 1000})  # A4 less Chromium's margins
                check_view(c, page.evaluate(MEASURE), lines, titles, docs, "print")
                page.pdf(path=str(out / "print.pdf"), format="A4", print_background=True)
            c.check(not errors, "no console or page errors", "; ".join(errors[:3]))
            others = [r for r in requests if r != url]
            c.check(requests == [url], "no network: one request, the page itself",
                    f"{len(others)} more: {others[:3]}")
            context.close()
        chromium.close()
    print(f"page_check: screenshots and print.pdf in {out}")
    print(f"page-check: {c.passed} passed, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
