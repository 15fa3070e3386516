"""Write docs/index.html: minirnn.py as one annotated page, its prose beside its code.

    python3 tools/page.py [SOURCE] [-o OUT]      (`make page` runs it in .venv-page)

Everything comes from the source file's own structure; it needs no markers:

- Sections are the file's banner comments: a `# ----` rule, `# Title`, optional
  `# prose` lines, a closing `# ----` rule, all at column 0. What comes before
  the first banner (the module docstring, the imports) is the Introduction.
- Inside a section, pycco-style, each top-level definition starts a row: the
  comment lines just above it (at its own indentation), its docstring, and the
  docstrings of definitions nested in it are the prose on the left; all of its
  lines are the code on the right. A class is split into its head (class line
  and docstring) and one row per method or statement of its body. Plain
  statements with no comment above them join the row before, unless that row
  holds a definition.
- Comments on or inside the code (`x = ...  # equation`) stay in the code and
  are also listed under the row's prose with their line numbers, so the
  equations the code carries can be read down the left column.
- Docstrings and comments are plain text: blank lines separate paragraphs;
  indented or column-aligned lines (equation tables) stay monospace, exactly as
  written; `code` in backquotes and *emphasis* are marked up; a comment that
  reads `-- title -----` is a sub-heading.

The code column is every line of the file, once and in order, with the file's
line numbers (drawn by CSS, so they are not part of the text): concatenated,
the code blocks are the file byte for byte. The page is self-contained (one
inline stylesheet, no script, no font or image to fetch) and has no timestamp:
the same source gives the same bytes.

Why Pygments, pinned, rather than the standard library: highlighting Python
well (keywords, builtins, names being defined, docstrings, f-strings) is what
Pygments does, and its lexer is pure Python whose output depends only on its
own version, which the Makefile pins. The standard library's `tokenize` would
need a hand-written classifier on top, and its tokens differ between CPython
versions (3.12 splits f-strings into FSTRING_START/MIDDLE/END), so the page
would change with the interpreter. Structure comes from the standard library
(`ast` line numbers and docstrings), which is stable across CPython 3.8+; the
comments come from Pygments' own tokens. `make page` still always runs one
interpreter, `python3`, in .venv-page.
"""
import argparse
import ast
import html
import os
import re
import sys

import pygments
from pygments.lexers import PythonLexer
from pygments.token import Comment, Keyword, Name, Number, Operator, String

RULE = re.compile(r"# -{20,}\s*$")                  # a banner's rule line, at column 0
SUBHEADING = re.compile(r"-{1,3}\s*(.*?)\s*-{3,}$")  # a comment `-- title -------`
ALIGNED = re.compile(r"^\s|\S {2,}\S")               # indented, or columns lined up
BULLET = re.compile(r"([-*\u2022]|\d+[.)])\s+\S")

# Token types that get a colour, most specific first; the rest stays plain text.
CLASSES = [
    (String.Doc, "sd"), (String.Interpol, "si"), (String.Escape, "se"), (String.Affix, "k"),
    (String, "s"), (Comment, "c"), (Number, "m"), (Keyword.Constant, "kc"), (Keyword, "k"),
    (Operator.Word, "k"), (Name.Function, "nf"), (Name.Class, "nc"), (Name.Decorator, "nd"),
    (Name.Builtin.Pseudo, "bp"), (Name.Builtin, "nb"), (Name.Exception, "nb"),
]

CSS = """\
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;color:#1f2328;background:#fff;
 font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
code,pre{font-family:ui-monospace,SFMono-Regular,"DejaVu Sans Mono",Menlo,Consolas,monospace}
a{color:#0b57d0}
.top{padding:1.25rem 1.25rem .5rem;max-width:60rem}
.top h1{margin:0 0 .25rem;font-size:1.6rem}
.top p{margin:.25rem 0}
.toc ol{margin:.5rem 0 1rem;padding-left:1.5rem}
h2{margin:.25rem 0 .5rem;font-size:1.3rem;line-height:1.3}
h3{margin:.75rem 0 .25rem;font-size:1rem}
.row{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);border-top:1px solid #e6e8eb}
.sec>.row:first-child{border-top:2px solid #c9ced4}
.prose{padding:.6rem 1.25rem .8rem;min-width:0;overflow-wrap:anywhere}
.prose p{margin:.4rem 0}
.prose ul{margin:.4rem 0;padding-left:1.25rem}
.prose code{font-size:.9em;background:#f2f4f6;padding:0 .2em;border-radius:3px}
.prose pre{margin:.4rem 0;padding:.4rem .6rem;background:#f7f7f2;border-left:3px solid #d9d6c3;
 font-size:12.5px;line-height:1.45;overflow-x:auto}
.prose .def{font-weight:600;margin:.6rem 0 .2rem}
.prose .def code{background:none;padding:0;font-size:.95em}
.notes{margin:.5rem 0 0;padding:0;list-style:none;font:12.5px/1.5 ui-monospace,SFMono-Regular,
 "DejaVu Sans Mono",Menlo,Consolas,monospace;color:#3b4350}
.notes li{display:flex;gap:.6em}
.notes a{flex:none;min-width:3.2ch;text-align:right;color:#6e7781;text-decoration:none}
.notes span{white-space:pre-wrap;min-width:0}
.code{background:#f6f8fa;border-left:1px solid #e1e4e8;min-width:0}
.code pre{margin:0;padding:.5rem 0;font-size:12.5px;line-height:1.5;overflow-x:auto;tab-size:4}
.l::before{content:attr(data-n);display:inline-block;width:4ch;margin-right:1.5ch;
 text-align:right;color:#8c959f;-webkit-user-select:none;user-select:none}
.l:target{background:#fff2a8}
.c{color:#57606a;font-style:italic}.s,.sd{color:#0a3069}.sd{color:#116329}
.si,.se{color:#8250df}.k,.kc{color:#cf222e}.m{color:#0550ae}
.nf,.nc{color:#6639ba;font-weight:600}.nd{color:#953800}.nb,.bp{color:#953800}
footer{padding:1rem 1.25rem;color:#57606a;font-size:.9rem;border-top:2px solid #c9ced4}
@media (max-width:60rem){
 .row{grid-template-columns:minmax(0,1fr)}
 .row.bare>.prose{display:none}
 .code{border-left:0;border-top:1px solid #e1e4e8}
 .prose,.top{padding-left:1rem;padding-right:1rem}
}
@media print{
 body{font-size:10pt}
 a{color:inherit;text-decoration:none}
 .row{display:block;border-top:1px solid #999}
 .row.bare>.prose{display:none}
 .code{border:0;background:none}
 .prose pre,.code pre{white-space:pre-wrap;overflow:visible;overflow-wrap:anywhere;font-size:7.5pt}
 .l{display:inline-block;width:100%;padding-left:5.5ch;text-indent:-5.5ch}
 .l::before{width:4ch;margin-right:1.5ch;text-indent:0}
 h2,h3,.def{break-after:avoid}
 .toc{display:none}
}
"""


def cleandoc(doc):
    """The docstring without its indentation and outer blank lines (inspect.cleandoc's rule,
    written out so the page cannot change when a CPython version changes cleandoc)."""
    lines = doc.expandtabs().split("\n")
    margins = [len(line) - len(line.lstrip()) for line in lines[1:] if line.strip()]
    margin = min(margins) if margins else 0
    lines = [lines[0].strip()] + [line[margin:].rstrip() for line in lines[1:]]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def inline(text):
    """One paragraph of plain text as HTML: `code` and *emphasis* marked up."""
    text = html.escape(text, quote=False)
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    return re.sub(r"(?<![\w*])\*([A-Za-z][\w-]*)\*(?![\w*])", r"<em>\1</em>", text)


def text_html(lines):
    """Plain-text lines (docstring or comment) as HTML paragraphs, lists and preformatted blocks."""
    out, para = [], []
    for line in lines + [""]:
        if line.strip():
            para.append(line)
            continue
        if len(para) >= 2 and re.fullmatch(r"[-=~]{3,}", para[1].strip()):
            out.append(f"<h3>{inline(para[0].strip())}</h3>")      # Title / ----- (reST style)
            para = para[2:]
        if para and BULLET.match(para[0]) and all(
                BULLET.match(p) or p.startswith(" ") for p in para):
            items = []
            for p in para:
                if BULLET.match(p):
                    items.append(re.sub(r"^\S+\s+", "", p))
                else:
                    items[-1] += " " + p.strip()
            out.append("<ul>" + "".join(f"<li>{inline(i)}</li>" for i in items) + "</ul>")
        elif para:
            out.extend(runs_html(para))
        para = []
    return out


def runs_html(para):
    """A paragraph as <p> for flowing text and <pre> for runs of aligned lines (equations)."""
    out, i = [], 0
    while i < len(para):
        aligned = bool(ALIGNED.search(para[i]))
        j = i
        while j < len(para) and bool(ALIGNED.search(para[j])) == aligned:
            j += 1
        run = para[i:j]
        if aligned:
            margin = min(len(r) - len(r.lstrip()) for r in run)
            body = "\n".join(html.escape(r[margin:], quote=False) for r in run)
            out.append(f"<pre>{body}</pre>")
        else:
            out.append(f"<p>{inline(' '.join(r.strip() for r in run))}</p>")
        i = j
    return out


def unique(base, taken):
    """`base`, or `base-2`, `base-3`...: the first not in `taken` (which then holds it)."""
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name


def slug(title, taken):
    """A unique id for a section heading."""
    return unique(re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:48].rstrip("-") or "section", taken)


class Source:
    """The file's lines, its comments and its syntax tree, with 1-based line numbers."""

    def __init__(self, text):
        self.text = text
        self.lines = text.splitlines(keepends=True)
        self.tree = ast.parse(text)
        self.tokens = list(PythonLexer(stripnl=False, ensurenl=False).get_tokens(text))
        if "".join(value for _, value in self.tokens) != text:
            raise SystemExit("page.py: the lexer did not give back the file exactly")
        self.comments = {}                           # line -> (column, text after '#')
        line = col = 1
        for ttype, value in self.tokens:
            if ttype in Comment and value.startswith("#"):
                self.comments[line] = (col, value[1:])
            newlines = value.count("\n")
            line += newlines
            col = len(value) - value.rfind("\n") if newlines else col + len(value)
        col0 = {n: len(s) - len(s.lstrip()) + 1 for n, s in enumerate(self.lines, 1)}
        self.comment_lines = {n for n, (c, _) in self.comments.items() if c == col0[n]}

    def line(self, n):
        return self.lines[n - 1]

    def blank(self, n):
        return not self.line(n).strip()

    def indent(self, n):
        return len(self.line(n)) - len(self.line(n).lstrip())

    def comment_text(self, n):
        """A comment's text without '#' and the one space after it."""
        text = self.comments[n][1]
        return text[1:] if text.startswith(" ") else text

    def banners(self):
        """(first line, last line, title, prose lines) of each section banner."""
        found, n = [], 1
        while n < len(self.lines):
            if n in self.comment_lines and RULE.match(self.line(n)) and n + 1 in self.comment_lines \
                    and not RULE.match(self.line(n + 1)):
                end = n + 2
                while end in self.comment_lines and not RULE.match(self.line(end)):
                    end += 1
                if end in self.comment_lines and RULE.match(self.line(end)):
                    prose = [self.comment_text(k) for k in range(n + 2, end)]
                    found.append((n, end, self.comment_text(n + 1).strip(), prose))
                    n = end
            n += 1
        return found


class Unit:
    """A statement the page can show as (part of) a row: start..end, and what it defines."""

    def __init__(self, start, end, node, name, is_def, doc_node=None):
        self.start, self.end, self.node, self.name, self.is_def = start, end, node, name, is_def
        self.doc_node = doc_node if doc_node is not None else node
        self.lead = start                            # first line of the comments above it


def docstring(node):
    """The raw docstring of a module, class or function node, or None."""
    body = getattr(node, "body", None)
    if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
            and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
        return body[0].value.value
    return None


def units(src, body, prefix=""):
    """The statements of `body` as Units, a class split into its head and its body's statements."""
    out = []
    for node in body:
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        if isinstance(node, ast.ClassDef) and node.body[0].lineno == node.lineno:
            out.append(Unit(start, node.end_lineno, node, prefix + node.name, True))
        elif isinstance(node, ast.ClassDef):
            name = prefix + node.name
            rest = node.body[1:] if docstring(node) is not None else node.body
            head_end = node.body[0].end_lineno if docstring(node) is not None else node.lineno
            if not rest:
                head_end = node.end_lineno
            out.append(Unit(start, head_end, node, name, True))
            out.extend(units(src, rest, name + "."))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out.append(Unit(start, node.end_lineno, node, prefix + node.name, True))
        elif isinstance(node, ast.Expr) and not prefix and node is body[0] \
                and docstring(src.tree) is not None:
            out.append(Unit(start, node.end_lineno, node, None, True, doc_node=src.tree))
        else:
            out.append(Unit(start, node.end_lineno, node, None, False))
    return out


def nested_defs(node, prefix):
    """(qualified name, node) of each function or class defined inside `node`, in order."""
    found = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            name = prefix + child.name
            found.append((name, child))
            found.extend(nested_defs(child, name + "."))
        else:
            found.extend(nested_defs(child, prefix))
    return found


class Row:
    def __init__(self, start, units_=()):
        self.start, self.end, self.units, self.heading = start, None, list(units_), None


def sections(src):
    """[(title, banner or None, [Row])]: the file cut into sections and rows, every line once."""
    banners = src.banners()
    n_lines = len(src.lines)
    bounds = [(1, None)] + [(b[0], b) for b in banners]
    all_units = units(src, src.tree.body)
    result = []
    for i, (first, banner) in enumerate(bounds):
        last = bounds[i + 1][0] - 1 if i + 1 < len(bounds) else n_lines
        body_first = banner[1] + 1 if banner else first
        mine = [u for u in all_units if body_first <= u.start <= last]
        previous_end = body_first - 1
        for u in mine:                                # comment lines above, at the unit's indentation
            col = src.indent(u.start)
            k = u.start - 1
            while k > previous_end and (src.blank(k) or (k in src.comment_lines and src.indent(k) == col)):
                k -= 1
            k += 1
            while k < u.start and src.blank(k):
                k += 1
            u.lead = k
            previous_end = u.end
        rows = []
        if banner:
            rows.append(Row(first))
        for u in mine:
            shares_line = rows and rows[-1].units and u.start <= rows[-1].units[-1].end
            if not shares_line and (not rows or u.is_def or u.lead < u.start
                                    or any(v.is_def for v in rows[-1].units)):
                rows.append(Row(u.lead if rows or banner else first, [u]))
            else:
                rows[-1].units.append(u)
        if not rows:
            rows.append(Row(first))
        for row, following in zip(rows, rows[1:] + [None]):
            row.end = following.start - 1 if following else last
        title = banner[2] if banner else "Introduction"
        rows[0].heading = (title, banner[3] if banner else [])
        result.append((title, banner, rows))
    covered = [n for _, _, rows in result for row in rows for n in range(row.start, row.end + 1)]
    if covered != list(range(1, n_lines + 1)):
        raise SystemExit("page.py: the rows do not cover the file exactly once, in order")
    return result


def prose_html(src, row, banner):
    """The left column of a row: heading, comments above, docstrings, then the code's comments."""
    out, used = [], set()
    if banner:
        used.update(range(banner[0], banner[1] + 1))
    first_unit = row.units[0].start if row.units else row.end + 1
    lead = [n for n in range(row.start, first_unit) if n in src.comment_lines and n not in used]
    used.update(lead)
    block, banner_state = [], 0                 # an indented `# ----` banner: 1 title next, 2 inside
    for n in lead + [None]:
        if n is not None and n - 1 in range(row.start, first_unit) and n - 1 not in lead:
            block.append("")                         # a blank line between comment paragraphs
        text = src.comment_text(n).strip() if n is not None else ""
        match = SUBHEADING.match(text)
        rule = re.fullmatch(r"-{10,}", text)
        title = banner_state == 1 and bool(text) and not rule
        if n is None or match or rule or title:
            out.extend(text_html(block))
            block = []
            if match or title:
                out.append(f"<h3>{inline(match.group(1) if match else text)}</h3>")
            banner_state = 2 if title else (1 if rule and banner_state == 0 else 0 if rule else banner_state)
        else:
            block.append(src.comment_text(n))
    for u in row.units:
        defs = []
        if u.is_def and u.name:
            defs.append((u.name, u.node))
        elif u.is_def:
            defs.append((None, u.doc_node))
        prefix = u.name.rsplit(".", 1)[0] + "." if u.name and "." in u.name else ""
        if isinstance(u.node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            defs.extend(nested_defs(u.node, u.name + "."))
        elif not isinstance(u.node, ast.ClassDef) and u.name is None:
            defs.extend(nested_defs(u.node, prefix))
        for name, node in defs:
            if name is not None:
                label = f"class {name}" if isinstance(node, ast.ClassDef) else f"{name}()"
                out.append(f'<p class="def"><code>{html.escape(label, quote=False)}</code></p>')
            doc = docstring(node)
            if doc is not None:
                out.extend(text_html(cleandoc(doc)))
    notes = [n for n in range(row.start, row.end + 1) if n in src.comments and n not in used]
    if notes:
        out.append('<ol class="notes">' + "".join(
            f'<li><a href="#L{n}">{n}</a><span>{html.escape(src.comment_text(n), quote=False)}</span></li>'
            for n in notes) + "</ol>")
    return out


def highlighted_lines(src):
    """The file's lines as HTML, one string per line, coloured by token type."""
    lines, current = [], []
    for ttype, value in src.tokens:
        css = next((c for t, c in CLASSES if ttype in t), None)
        for i, piece in enumerate(value.split("\n")):
            if i:
                lines.append("".join(current))
                current = []
            if piece:
                piece = html.escape(piece, quote=False)
                current.append(f'<span class="{css}">{piece}</span>' if css else piece)
    if current:
        lines.append("".join(current))
    return lines


def page(text, name):
    """The whole page for the source `text` of the file called `name`."""
    src = Source(text)
    code = highlighted_lines(src)
    parts = sections(src)
    taken, toc, body = set(), [], []
    for title, banner, rows in parts:
        sid = slug(title, taken)
        toc.append(f'<li><a href="#{sid}">{html.escape(title, quote=False)}</a></li>')
        body.append(f'<section class="sec" id="{sid}">')
        for row in rows:
            prose = []
            if row.heading:
                prose.append(f"<h2>{html.escape(title, quote=False)}</h2>")
                prose.extend(text_html(row.heading[1]))
            prose.extend(prose_html(src, row, banner))
            names = [u.name for u in row.units if u.is_def and u.name]
            rid = f' id="{unique(names[0], taken)}"' if names else ""
            bare = "" if prose else " bare"
            lines = "".join(f'<span class="l" id="L{n}" data-n="{n}">{code[n - 1]}</span>'
                            + ("\n" if src.line(n).endswith("\n") else "")
                            for n in range(row.start, row.end + 1))
            body.append(f'<div class="row{bare}"{rid}>\n<div class="prose">\n' + "\n".join(prose)
                        + f'\n</div>\n<div class="code"><pre data-start="{row.start}" data-end="{row.end}">'
                        + lines + "</pre></div>\n</div>")
        body.append("</section>")
    n_lines = len(src.lines)
    head = (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(name)}, annotated: the derivation beside the code</title>\n"
            f"<style>\n{CSS}</style>\n</head>\n<body>\n")
    top = (f'<header class="top">\n<h1>{html.escape(name)}, annotated</h1>\n'
           f"<p>Every line of <code>{html.escape(name)}</code>, in order, with line numbers: "
           f"its docstrings and comments on the left, the code they explain on the right.</p>\n"
           f'<nav class="toc"><ol>\n' + "\n".join(toc) + "\n</ol></nav>\n</header>\n<main>\n")
    foot = (f"</main>\n<footer>Generated from {html.escape(name)} ({n_lines} lines) by tools/page.py "
            f"with Pygments {pygments.__version__}; <code>make page</code> regenerates it.</footer>\n"
            "</body>\n</html>\n")
    return head + top + "\n".join(body) + "\n" + foot


def main(argv=None):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", nargs="?", default=os.path.join(root, "minirnn.py"))
    parser.add_argument("-o", "--out", default=os.path.join(root, "docs", "index.html"))
    args = parser.parse_args(argv)
    with open(args.source, encoding="utf-8", newline="") as f:
        text = f.read()
    result = page(text, os.path.basename(args.source))
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(result)


if __name__ == "__main__":
    sys.exit(main())
