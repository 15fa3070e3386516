"""Write docs/index.html: README's derivation beside the code of minirnn.py, with the numbers.

    python3 tools/page/page.py [SOURCE] [--readme README] [--engine-room MD] [--exercises DIR] [-o OUT]
    (`make page` runs it in .venv-page)

The page has three parts, the file's own: Part I, the lesson; Part II, the library;
Part III, the demo (the file's `# ====` banners). Nothing on it is typed here twice:

- The left column of Part I is README's text, split at its headings and rendered
  as markdown (markdown-it-py): each piece of "The derivation" stands beside the
  lines whose equations it derives. The join is what README already says: an
  equation table's "where" column names the function, and each equation is a
  comment line in it; the piece starts beside the statement holding the first
  such line. Pieces without a table go with the next piece that has one, those
  after the last beside the rest of Part I; "Notation" stands beside the
  vocabulary (Part I before the first such function), "BPTT by hand" after.
- Under each line of those functions: the values it takes in README's by-hand
  example, at each step t, found by running the file's own code on the example
  (the statements of the doctest in "BPTT by hand"): a copy of each function with a
  recorder's call after each assignment (Trace). A line `z = add(u, v)` (or sub, mul,
  +=) shows its terms too. 4 places, as in README.
- The page runs minirnn.py itself when scripts are on: tools/page/live.js, inlined,
  starts MicroPython's WebAssembly port (docs/micropython.js, tools/page/runtime.py's)
  in a Worker with the page's embedded files: minirnn.py byte for byte, the traced
  copies (page_trace.py, the same code make page ran), and exercises/ judge.py and
  mistakes.py. It recomputes every green number from the example's inputs
  (a form under "The example") and trains the demo's tasks live.
- Part II and Part III follow, compact: each section's title and the names it
  defines on the left; in the engine room, each trick of docs/engine-room.md
  beside the first function it names.

- The pictures (tools/page/pictures.py, drawn from the file's functions), inline SVG:
  one that README shows as an image (docs/NAME.svg) in that image's place, the
  others in a section of their own before Part I.

The code column is every line of the file, once and in order, with the file's
line numbers (drawn by CSS, so they are not part of the text). With scripts off the
page is whole: one inline stylesheet, no font or image to fetch; math is Unicode text
with <sub> and <sup>; the live controls stay hidden. It has no timestamp: the same
inputs give the same bytes.

Why Pygments and markdown-it-py, pinned, rather than the standard library:
highlighting Python well is what Pygments does, rendering CommonMark with tables
is what markdown-it-py does; both are pure Python whose output depends only on
their versions, which the Makefile pins. Structure comes from the standard
library (`ast` line numbers), stable across CPython 3.8+. `make page` always runs
one interpreter, `python3`, in .venv-page.
"""
import argparse
import ast
import copy as copy_module
import doctest
import html
import importlib.util
import json
import os
import re
import sys

import markdown_it
import pygments
from markdown_it import MarkdownIt
from pygments.lexers import PythonLexer
from pygments.token import Comment, Keyword, Name, Number, Operator, String

import pictures
import runtime

RULE = re.compile(r"# ([-=])\1{19,}\s*$")         # a banner's rule line, at column 0: - section, = part
TERMS = {"add": " + ", "sub": " \u2212 ", "mul": " \u2299 "}   # calls whose arguments are shown

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
sub,sup{font-size:.72em;line-height:0}
.top{padding:1.25rem 1.25rem .5rem;max-width:62rem}
.top h1{margin:0 0 .25rem;font-size:1.6rem}
.top p{margin:.35rem 0}
.toc ol{margin:.5rem 0 1rem;padding-left:1.5rem}
.part>h2{margin:0;padding:.9rem 1.25rem .5rem;font-size:1.35rem;border-top:3px solid #8c959f}
.prose h2{margin:.4rem 0 .4rem;font-size:1.25rem;line-height:1.3}
.prose h3{margin:.6rem 0 .3rem;font-size:1.05rem;line-height:1.3}
.row{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);border-top:1px solid #e6e8eb}
.part .row{grid-template-columns:minmax(0,1fr) auto}
.row.wide{display:block}
.row.wide>.prose{max-width:62rem}
.prose{padding:.6rem 1.25rem .8rem;min-width:0;overflow-wrap:break-word}
.prose p{margin:.45rem 0}
.prose ul,.prose ol{margin:.45rem 0;padding-left:1.4rem}
.prose li{margin:.2rem 0}
.prose code{font-size:.88em;background:#f2f4f6;padding:0 .2em;border-radius:3px}
.prose pre{margin:.45rem 0;padding:.4rem .6rem;background:#f7f7f2;border-left:3px solid #d9d6c3;
 font-size:12.5px;line-height:1.45;overflow-x:auto}
.prose pre code{background:none;padding:0;font-size:inherit}
.prose{container-type:inline-size}
.prose pre.wrap{white-space:pre-wrap;overflow-wrap:anywhere}
.prose pre.fit{font-size:max(8.5px,min(12.5px,calc((100cqi - 1.2rem - 4px) / var(--w) / .61)))}
.prose pre{--bg:#f7f7f2}.code pre{--bg:#f6f8fa}
.prose pre,.code pre{background:linear-gradient(to right,var(--bg) 30%,rgba(255,255,255,0)) left center/1.5em 100% no-repeat local,
 linear-gradient(to left,var(--bg) 30%,rgba(255,255,255,0)) right center/1.5em 100% no-repeat local,
 radial-gradient(farthest-side at 0 50%,rgba(0,0,0,.3),rgba(0,0,0,0)) left center/.7em 100% no-repeat scroll,
 radial-gradient(farthest-side at 100% 50%,rgba(0,0,0,.3),rgba(0,0,0,0)) right center/.7em 100% no-repeat scroll,var(--bg)}
.prose .tw{overflow-x:auto;margin:.45rem 0}
.prose table{border-collapse:collapse;font-size:.88rem}
.prose th,.prose td{border:1px solid #d0d7de;padding:.2rem .45rem;text-align:left;vertical-align:top}
.prose th{background:#f6f8fa}
.prose .defs{font-size:.9rem;color:#3b4350}
.prose .defs a{text-decoration:none}
.prose .defs code{background:none;padding:0}
.code{background:#f6f8fa;border-left:1px solid #e1e4e8;min-width:0;padding:.5rem 0;font-size:12.5px;
 font-family:ui-monospace,SFMono-Regular,"DejaVu Sans Mono",Menlo,Consolas,monospace}
.part .code{width:calc(var(--columns) * 1ch + 5.5ch + 1.5rem)}
.tr+pre{margin-top:.1rem}
.code pre{margin:0;font-size:12.5px;line-height:1.5;overflow-x:auto;tab-size:4}
.l::before{content:attr(data-n);display:inline-block;width:4ch;margin-right:1.5ch;
 text-align:right;color:#8c959f;-webkit-user-select:none;user-select:none}
.l:target{background:#fff2a8}
.tr{margin:0 .5rem 0 0;padding:0 .4rem;border-left:3px solid #1a7f64;background:#e8f5ef;
 font-family:ui-monospace,SFMono-Regular,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12.5px;
 color:#0f3d2e;white-space:pre-wrap;overflow-wrap:anywhere}
.tr>span{font-size:11px;line-height:1.5}
.tr .t{color:#57606a}
.tr .v{font-weight:600}
.tr .term{white-space:nowrap}
.c{color:#57606a;font-style:italic}.s,.sd{color:#0a3069}.sd{color:#116329}
.si,.se{color:#8250df}.k,.kc{color:#cf222e}.m{color:#0550ae}
.nf,.nc{color:#6639ba;font-weight:600}.nd{color:#953800}.nb,.bp{color:#953800}
[hidden]{display:none!important}
#live-status{margin:.5rem 0;padding:.35rem .6rem;background:#e8f5ef;border-left:3px solid #1a7f64}
.live label{display:inline-block;margin:.15rem .8rem .15rem 0;white-space:nowrap;max-width:100%}
.live input{font:12.5px ui-monospace,SFMono-Regular,"DejaVu Sans Mono",Menlo,Consolas,monospace;max-width:100%}
#example-inputs input{width:15em}
#live-training input{width:4.5em}
.live h2{font-size:1.15rem;margin:.8rem 0 .3rem}
#live-exercise textarea{display:block;width:100%;max-width:62rem;font:12.5px/1.45 ui-monospace,SFMono-Regular,
 "DejaVu Sans Mono",Menlo,Consolas,monospace;white-space:pre;overflow-x:auto;tab-size:4}
#live-exercise .verdict{white-space:pre-wrap;overflow-wrap:anywhere;font-size:12.5px;background:#f6f8fa;padding:.4rem .6rem;max-width:62rem}
#live-exercise .verdict:empty{display:none}
#live-training table{border-collapse:collapse;font-size:.88rem}
#live-training td,#live-training th{border:1px solid #d0d7de;padding:.15rem .45rem;text-align:right}
footer{padding:1rem 1.25rem;color:#57606a;font-size:.9rem;border-top:2px solid #c9ced4}
@media (max-width:70rem){
 .row,.part .row{grid-template-columns:minmax(0,1fr)}
 .part .code{width:auto}
 .tr{margin-left:5.5ch!important}
 .code{border-left:0;border-top:1px solid #e1e4e8}
 .lesson .code pre{white-space:pre-wrap;overflow-wrap:anywhere}
 .lesson .l{display:inline-block;width:100%;padding-left:5.5ch;text-indent:-5.5ch}
 .lesson .l::before{text-indent:0}
 .prose,.top,.part>h2{padding-left:1rem;padding-right:1rem}
}
@media print{
 body{font-size:10pt}
 a{color:inherit;text-decoration:none}
 .row,.part .row{display:block;border-top:1px solid #999}
 .part .code{width:auto}
 .code{border:0;background:none}
 .prose pre,.code pre{background:none}
 .prose pre,.code pre{white-space:pre-wrap;overflow:visible;overflow-wrap:anywhere;font-size:7.5pt}
 .prose .tw{overflow:visible}
 .tr{font-size:7pt}
 .l{display:inline-block;width:100%;padding-left:5.5ch;text-indent:-5.5ch}
 .l::before{width:4ch;margin-right:1.5ch;text-indent:0}
 h2,h3{break-after:avoid}
 .toc{display:none}
}
"""


# ---------------------------------------------------------------------------
# The source file: lines, comments, banners, highlighting
# ---------------------------------------------------------------------------

class Source:
    """The file's lines, comments and syntax tree, with 1-based line numbers."""

    def __init__(self, text):
        self.lines = text.splitlines(keepends=True)
        self.tree = ast.parse(text)
        self.tokens = list(PythonLexer(stripnl=False, ensurenl=False).get_tokens(text))
        if "".join(value for _, value in self.tokens) != text:
            raise SystemExit("page.py: the lexer did not give back the file exactly")
        self.comments = {}                           # line -> text after '#', for whole-line comments
        line = 1
        for ttype, value in self.tokens:
            if ttype in Comment and value.startswith("#") and self.lines[line - 1].lstrip().startswith("#"):
                self.comments[line] = value[1:].strip()
            line += value.count("\n")

    def banners(self):
        """(first line, last line, kind '-' or '=', title) of each banner: rule, `# Title`,
        optional `# prose` lines, rule."""
        found, n = [], 1
        while n < len(self.lines):
            rule = RULE.match(self.lines[n - 1])
            if rule and n + 1 in self.comments and not RULE.match(self.lines[n]):
                end = n + 1
                while end in self.comments and not RULE.match(self.lines[end - 1]):
                    end += 1
                if RULE.match(self.lines[end - 1]):
                    found.append((n, end, rule.group(1), self.comments[n + 1]))
                    n = end
            n += 1
        return found

    def function(self, name):
        """The top-level function called `name`."""
        for node in self.tree.body:
            if isinstance(node, ast.FunctionDef) and node.name == name:
                return node
        raise SystemExit(f"page.py: README names {name}, which the file does not define")


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


# ---------------------------------------------------------------------------
# README: pieces split at headings, rendered as markdown
# ---------------------------------------------------------------------------

MD = MarkdownIt("commonmark").enable("table")
SUB = re.compile(r"(?<=[\w)\]\u220f])_(\{[^{}]+\}|[A-Za-z0-9]+)")
NOTATION_UNDERSCORE = re.compile(r"(?<=[\w)\]\u220f])_(?=[\w{])")
SUP = re.compile(r"\^\{([^{}]+)\}")


def github_slug(title):
    """The anchor GitHub gives a heading."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


class Piece:
    """README from one heading to the next: level (2 or 3), title, markdown body."""

    def __init__(self, level, title, body):
        self.level, self.title, self.body, self.slug = level, title, body, github_slug(title)

    def equations(self):
        """{equation: [function names]} from the body's tables with a "where" column."""
        found = {}
        for line in self.body.splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if line.startswith("|") and len(cells) == 3 and " = " in cells[0] and cells[2].startswith("`"):
                found[cells[0]] = cells[2].replace("`", "").split(", ")
        return found


def pieces(text):
    """README's ## and ### sections, in order, split where markdown-it finds the headings."""
    lines = text.splitlines(keepends=True)
    heads = [(t.map[0], int(t.tag[1])) for t in MD.parse(text) if t.type == "heading_open" and t.tag in ("h2", "h3")]
    found = []
    for (start, level), following in zip(heads, heads[1:] + [(len(lines), 0)]):
        title = lines[start].lstrip("#").strip()
        found.append(Piece(level, title, "".join(lines[start + 1:following[0]])))
    return found


def math_html(text):
    """Plain text as HTML with the notation's subscripts and superscripts typeset:
    a_{h,t-1} and x_t as subscripts, ^{T-t} as a superscript."""
    text = html.escape(text, quote=False)
    text = SUB.sub(lambda m: "<sub>" + m.group(1).strip("{}") + "</sub>", text)
    return SUP.sub(r"<sup>\1</sup>", text)


def protect_subscripts(body):
    """The markdown with each subscript's underscore (s_{o,j}, z_k, outside code) escaped:
    README's emphasis is *asterisks*, and `(z)_k ... s_` must not read as _emphasis_."""
    out, fenced = [], False
    for line in body.splitlines(keepends=True):
        fenced ^= line.startswith("```")
        if fenced or line.startswith("```") or line.startswith("    "):
            out.append(line)
            continue
        spans = re.split(r"(`+[^`]*`+)", line)
        out.append("".join(s if i % 2 else NOTATION_UNDERSCORE.sub(r"\\_", s) for i, s in enumerate(spans)))
    return "".join(out)


def markdown_html(body, link):
    """A piece's markdown as HTML: math typeset in text, tables in a scroller, links through `link`."""
    tokens = MD.parse(protect_subscripts(body))
    for token in tokens:
        for child in token.children or []:
            if child.type == "text":
                child.type, child.content = "html_inline", math_html(child.content)
            elif child.type == "link_open":
                child.attrSet("href", link(child.attrGet("href")))
    out = MD.renderer.render(tokens, MD.options, {})
    out = re.sub(r"<pre><code([^>]*)>(.*?)</code></pre>", lambda m: pre_html(m.group(2), m.group(1)), out, flags=re.S)
    return out.replace("<table>", '<div class="tw"><table>').replace("</table>", "</table></div>")


def pre_html(body, attrs=""):
    """A preformatted block of the text, escaped as `body`: one laid out in columns (a run of
    spaces inside a line: a diagram, a table) keeps its lines, in a font made small enough
    to fit its column down to 8.5 px (--w, its longest line), past that it scrolls, with a
    shadow at the edge that has more; any other (equations, code) wraps."""
    lines = html.unescape(re.sub(r"<[^>]+>", "", body)).splitlines()
    if any(re.search(r"\S {3,}\S", line) for line in lines):
        kind = f' class="fit" style="--w:{max(len(line) for line in lines)}"'
    else:
        kind = ' class="wrap"'
    return f"<pre{kind}><code{attrs}>{body}</code></pre>"


def piece_html(piece, link, level=None):
    level = level or piece.level
    return (f'<h{level} id="{piece.slug}">{math_html(piece.title)}</h{level}>\n'
            + markdown_html(piece.body, link))


def readme_link(ids):
    """Links in README's text, for a page in docs/: README's own anchors go to the page's
    headings where it has them, else to README; paths are made relative to docs/."""
    def link(href):
        if re.match(r"[a-z]+:", href):
            return href
        path, _, anchor = href.partition("#")
        if not path:
            return href if anchor in ids else "../README.md#" + anchor
        path = path[len("docs/"):] if path.startswith("docs/") else "../" + path
        return path + ("#" + anchor if anchor else "")
    return link


def docs_link(href):
    """Links in a docs/*.md page: already relative to docs/."""
    return href


# ---------------------------------------------------------------------------
# The trace: README's example, run through the file's code
# ---------------------------------------------------------------------------

# The recorder the traced copies call: Python that runs on CPython (make page) and on the
# page's MicroPython alike, so the numbers printed in the page and those it computes live
# come from one piece of code. A value shows as README writes it (4 places).
RECORDER = '''\
import minirnn
globals().update((k, v) for k, v in minirnn.__dict__.items() if not k.startswith("__"))
records = []


def number_text(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return "%.4f" % v
    if isinstance(v, list) and v:
        items = [number_text(x) for x in v]
        return None if None in items else "[" + ", ".join(items) + "]"
    return None


def record(line, t, targets, terms, joint):
    """A row under `line`: its step, each target's value, and its terms when it has one target."""
    shown = [(name, number_text(v)) for name, v in targets]
    shown = [[name, text] for name, text in shown if text is not None]
    texts = [v[1] if v[0] else number_text(v[1]) for v in terms]
    if shown:
        keep = terms and None not in texts and len(shown) == 1
        records.append([line, t, shown, [[joint if i else "", x] for i, x in enumerate(texts)] if keep else []])
'''


class Trace:
    """Per line of the traced functions: the steps it ran at, its values and its terms.

    Each traced function is copied with a call of the recorder after each assignment
    (and one at its start, for its arguments): `source` is those copies, with RECORDER,
    as one module that imports minirnn; the page runs the same module in the browser."""

    def __init__(self, src, names):
        self.names = names
        self.statements = {}                         # line -> its innermost simple statement
        self.rows = {}                               # last line of a statement -> [(t, [(name, value)], terms)]
        copies = []
        for name in names:
            node = src.function(name)
            for stmt in ast.walk(node):
                if isinstance(stmt, ast.stmt) and not isinstance(stmt, ast.FunctionDef):
                    first = stmt.body[0].lineno if hasattr(stmt, "body") else stmt.end_lineno + 1
                    for n in range(stmt.lineno, min(stmt.end_lineno + 1, first)):
                        self.statements[n] = stmt
            copy = copy_module.deepcopy(node)
            body = copy.body[1:] if ast.get_docstring(copy) else copy.body
            copy.body = [self.call(node.lineno, None, [(a.arg, ast.Name(a.arg)) for a in node.args.args], [], "")] \
                + self.instrumented(body, False)
            copies.append(ast.unparse(ast.fix_missing_locations(copy)))
        self.source = RECORDER + "\n\n" + "\n\n\n".join(copies) + "\n"

    @staticmethod
    def call(line, t, targets, terms, joint):
        pairs = lambda items: ast.List([ast.Tuple([ast.Constant(a), b]) for a, b in items])
        return ast.Expr(ast.Call(ast.Name("record"), [
            ast.Constant(line), ast.Name("t") if t else ast.Constant(None), pairs(targets), pairs(terms),
            ast.Constant(joint)], []))

    def instrumented(self, body, in_loop):
        """The statements of `body`, each assignment followed by the recorder's call."""
        out = []
        for stmt in body:
            if isinstance(stmt, (ast.Assign, ast.AugAssign)):
                target = stmt.targets[0] if isinstance(stmt, ast.Assign) else stmt.target
                names = target.elts if isinstance(target, ast.Tuple) else [target]
                terms, joint = self.terms(stmt)
                text = ast.unparse(target)
                before = [(ast.unparse(a) == text, ast.Constant(text) if ast.unparse(a) == text else a)
                          for a in terms]
                if before:                          # the terms, evaluated before the line runs
                    out.append(ast.Assign([ast.Name("_terms", ast.Store())],
                                          ast.List([ast.Tuple([ast.Constant(k), v]) for k, v in before])))
                out.append(stmt)
                targets = [(ast.unparse(e), e) for e in names]
                call = self.call(stmt.end_lineno, in_loop, targets, [], joint)
                if before:
                    call.value.args[3] = ast.Name("_terms")
                out.append(call)
                continue
            for field in ("body", "orelse"):
                if getattr(stmt, field, None):
                    setattr(stmt, field, self.instrumented(getattr(stmt, field), in_loop or isinstance(stmt, ast.For)))
            out.append(stmt)
        return out

    @staticmethod
    def terms(stmt):
        """What `z = add(u, v)`, `z = sub(u, v)`, `z = mul(u, v)` or `z += v` adds up."""
        if isinstance(stmt, ast.AugAssign) and isinstance(stmt.op, ast.Add):
            return [stmt.target, stmt.value], " + "
        if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call) \
                and isinstance(stmt.value.func, ast.Name) and stmt.value.func.id in TERMS:
            return stmt.value.args, TERMS[stmt.value.func.id]
        return [], ""

    def run(self, examples, namespace):
        """Run the doctest's statements with the traced copies in place of the functions."""
        traced = {"__name__": "page_trace"}
        exec(compile(self.source, "<page_trace>", "exec"), traced)
        for example in examples:
            exec(compile(example.source, "<README>", "exec"), namespace)
            namespace.update((name, traced[name]) for name in self.names if name in namespace)
        for line, t, shown, terms in traced["records"]:
            self.rows.setdefault(line, []).append((t, [tuple(s) for s in shown], [tuple(x) for x in terms]))


def example(readme_pieces, source_path):
    """The doctest of README's "BPTT by hand": its statements, and a namespace in which
    `import minirnn` is the file at source_path."""
    by_hand = next((p for p in readme_pieces if p.title == "BPTT by hand"), None)
    if by_hand is None:
        raise SystemExit('page.py: README has no "BPTT by hand" section')
    code = next(t.content for t in MD.parse(by_hand.body) if t.type == "fence" and t.info == "python")
    spec = importlib.util.spec_from_file_location("minirnn", source_path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["minirnn"] = module
    spec.loader.exec_module(module)
    return doctest.DocTestParser().get_examples(code), {"__name__": "README"}


def trace_html(rows, line, indent):
    """The trace rows of one line as HTML, under it and indented like it. A row shows the
    step, the value (each name's when the line sets several) and the terms it adds up."""
    out = []
    for t, shown, terms in rows:
        step = f'<span class="t">t = {t}</span>  ' if t is not None else ""
        t_attr = f' data-t="{t}"' if t is not None else ""
        values = "   ".join((f"{html.escape(name)} = " if len(shown) > 1 else "")
                            + f'<span class="v" data-quantity="{html.escape(name)}"{t_attr}>{text}</span>'
                            for name, text in shown)
        sums = "".join(f'{op}<span class="term">{html.escape(text)}</span>' for op, text in terms)
        out.append(f'<div class="tr" data-line="{line}"{t_attr} style="margin-left:{indent + 5.5}ch">'
                   f'<span>{step}{values}{" = " + sums if sums else ""}</span></div>')
    return "".join(out)


# ---------------------------------------------------------------------------
# The page: parts, rows, and what stands beside what
# ---------------------------------------------------------------------------

class Row:
    """Lines start..end of the file, with the HTML on their left; `wide` rows have no code."""

    def __init__(self, start, end, prose, wide=False):
        self.start, self.end, self.prose, self.wide = start, end, prose, wide


def as_comment(equation):
    """README's equation as minirnn.py's comments write it, and its one-step += form."""
    for unicode, ascii_form in (("\u2212", "-"), ("\u0177", "y_hat"), ("\u1d40", "^T"), ("\u2299", "*"),
                                ("\u00b2", "^2")):
        equation = equation.replace(unicode, ascii_form)
    return equation.replace("\u03a3_t", "sum_t"), equation.replace(" = \u03a3_t ", " += ")


def anchor(src, piece):
    """(function, first line of the statement holding the first comment line that is one of
    the piece's equations), or None for a piece without an equation table."""
    equations = piece.equations()
    if not equations:
        return None
    names = {name for found in equations.values() for name in found}
    if len(names) != 1:
        raise SystemExit(f'page.py: README\'s "{piece.title}" names {sorted(names)}, not one function')
    node = src.function(names.pop())
    forms = [form for equation in equations for form in as_comment(equation)]
    lines = [n for n in range(node.lineno, node.end_lineno + 1)
             if n in src.comments and any(src.comments[n].startswith(form) for form in forms)]
    if not lines:
        raise SystemExit(f'page.py: no equation of README\'s "{piece.title}" is a comment in {node.name}')
    start = next(s for s in node.body if s.end_lineno >= lines[0]).lineno
    while start - 1 in src.comments:                # the comments above a statement belong to it
        start -= 1
    return node, start


def lesson_rows(src, part_first, part_last, sections, readme_pieces, link):
    """Part I's rows: README's derivation beside the functions it derives."""
    by_title = {p.title: p for p in readme_pieces}
    derivation = readme_pieces[readme_pieces.index(by_title["The derivation"]) + 1:]
    derivation = derivation[:next((i for i, p in enumerate(derivation) if p.level == 2), len(derivation))]
    section_of = lambda line: max(s for s in sections if s <= line)
    title = by_title["The derivation"]            # its heading goes with the first piece, its text if any
    pending = [title] if title.body.strip() else []
    placed = []                                      # (section start, anchor line, pieces before, piece)
    for piece in derivation:
        found = anchor(src, piece)
        if found is None:
            pending.append(piece)
        else:
            placed.append((section_of(found[0].lineno), found[1], pending, piece))
            pending = []
    if not title.body.strip():
        placed[0] = placed[0][:2] + ([title] + placed[0][2], placed[0][3])
    if not placed:
        raise SystemExit("page.py: no piece of README's derivation has an equation table")
    html_of = lambda ps: "\n".join(piece_html(p, link) for p in ps)
    first_section = min(s for s in sections if s >= part_first)
    rows = [Row(part_first, first_section - 1, None),
            Row(first_section, placed[0][0] - 1, piece_html(by_title["Notation"], link, 3))]
    for i, (start, line, before, piece) in enumerate(placed):
        later = [s for s in sections if s > start]
        end = placed[i + 1][0] - 1 if i + 1 < len(placed) else (later[0] - 1 if later else part_last)
        if before == [title]:
            piece_start = piece_html(title, link)
        elif before:
            rows.append(Row(start, line - 1, html_of(before)))
            start, piece_start = line, ""
        else:
            piece_start = ""
        rows.append(Row(start, end, piece_start + piece_html(piece, link)))
    if pending:
        rows.append(Row(rows[-1].end + 1, part_last, html_of(pending)))
    else:
        rows[-1].end = part_last
    rows.append(Row(None, None, piece_html(by_title["BPTT by hand"], link, 3), wide=True))
    return rows


def definitions(src, first, last):
    """Links to the top-level names defined in lines first..last (methods under their class)."""
    links = []
    for node in src.tree.body:
        if first <= node.lineno <= last and isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            links.append((node.name, node.lineno))
            if isinstance(node, ast.ClassDef):
                links.extend((f"{node.name}.{m.name}", m.lineno) for m in node.body
                             if isinstance(m, ast.FunctionDef) and not m.name.startswith("__"))
    if not links:
        return ""
    return '<p class="defs">' + ", ".join(f'<a href="#L{n}"><code>{html.escape(name)}</code></a>' for name, n in links) + "</p>"


def lead(src, line):
    """The first line of the comment lines directly above `line` (or `line`)."""
    while line - 1 in src.comments and not RULE.match(src.lines[line - 2]):
        line -= 1
    return line


def engine_room_tricks(text, src):
    """docs/engine-room.md as (intro HTML, [(line, HTML)]): its paragraphs after the title and
    the back link, and each bullet, a trick, at the first definition in the file it names."""
    defined = {}
    for node in src.tree.body:
        names = [node.name] if isinstance(node, (ast.FunctionDef, ast.ClassDef)) else \
            [t.id for t in node.targets if isinstance(t, ast.Name)] if isinstance(node, ast.Assign) else []
        defined.update((name, node.lineno) for name in names)
    head, _, bullets = text.partition("\n- ")
    paragraphs = [p for p in head.split("\n\n")[1:] if not p.startswith("[")]
    tricks = []
    for bullet in ("- " + bullets).split("\n- ") if bullets else []:
        lines = [defined[n] for n in re.findall(r"`(\w+)`", bullet) if n in defined]
        if not lines:
            raise SystemExit("page.py: an engine-room trick names no definition of the file: " + bullet[:60])
        tricks.append((min(lines), markdown_html("- " + bullet.lstrip("- "), docs_link)))
    return markdown_html("\n\n".join(paragraphs), docs_link), sorted(tricks)


def library_rows(src, first, last, banners, engine_room):
    """Part II or III, compact: each section's title and the names it defines, the part's
    banner with its first section; the engine room's tricks beside what each names."""
    starts = [b[0] for b in banners if b[2] == "-" and first < b[0] <= last]
    starts = [first] + starts[1:] if starts else [first]
    titles = {b[0]: b[3] for b in banners}
    intro, tricks = engine_room
    rows = []
    for i, start in enumerate(starts):
        end = starts[i + 1] - 1 if i + 1 < len(starts) else last
        title = next((titles[n] for n in range(start, end + 1) if n in titles and titles[n][0].isdigit()), None)
        heading = f"<h3>{math_html(title)}</h3>\n" if title else ""
        mine = [(lead(src, line), text) for line, text in tricks if start <= line <= end]
        if not mine:
            rows.append(Row(start, end, heading + definitions(src, start, end)))
            continue
        rows.append(Row(start, mine[0][0] - 1, heading + intro + definitions(src, start, mine[0][0] - 1)))
        for j, (line, text) in enumerate(mine):
            trick_end = mine[j + 1][0] - 1 if j + 1 < len(mine) else end
            rows.append(Row(line, trick_end, text + definitions(src, line, trick_end)))
    return rows


def code_html(src, code, row, trace):
    """Lines row.start..row.end, numbered, with each traced line's values under it."""
    out, chunk = [], []
    def flush():
        if chunk:
            out.append(f'<pre data-start="{chunk[0]}" data-end="{chunk[-1]}">' + "".join(
                f'<span class="l" id="L{n}" data-n="{n}">{code[n - 1]}</span>'
                + ("\n" if src.lines[n - 1].endswith("\n") else "") for n in chunk) + "</pre>")
            chunk.clear()
    for n in range(row.start, row.end + 1):
        chunk.append(n)
        if n in trace.rows:
            flush()
            line = src.lines[trace.statements[n].lineno - 1] if n in trace.statements else src.lines[n - 1]
            out.append(trace_html(trace.rows[n], n, len(line) - len(line.lstrip())))
    flush()
    return "".join(out)


# ---------------------------------------------------------------------------
# The live page: the runtime, the files it runs, and the controls tools/page/live.js drives
# ---------------------------------------------------------------------------

EXERCISE_FILES = ("judge.py", "mistakes.py", "2_bptt.py")   # the judging core, its catalogue, bptt's exercise
EXERCISE = "2_bptt.py"
EXAMPLE_INPUTS = ("W", "U", "V", "b_h", "b_o", "xs", "ys", "h0")

TRAINING = """\
<section id="live-training" class="live" hidden>
<h2>Train it here</h2>
<p>minirnn.py's own <code>train</code>, one epoch per call, with U and with U held at zero (the
ablation), on the demo's data: 40 sequences of length 10, 10 hidden units, lr 0.05. Then the
held-out accuracy on 100 new sequences of length 50.</p>
<p><button type="button" class="train" data-task="next_mod3">Train mod-3</button>
<button type="button" class="train" data-task="sum_last_two_mod3">Train memory</button>
<button type="button" class="stop" disabled>Stop</button>
<label>epochs <input name="epochs" type="number" min="1" max="300" value="12"></label>
<span class="note"></span></p>
<div class="tw"><table><thead><tr><th>epoch</th><th>loss with U</th><th>loss, U = 0</th></tr></thead>
<tbody></tbody></table></div>
</section>
"""


def exercise_html(template):
    """The exercise in the page: the bptt of exercises/2_bptt.py (from its import of
    minirnn's vocabulary to the function's end), to edit, and a Check button."""
    start = template.index("from minirnn import")
    code = template[start:template.index("\n\n\nif __name__", start)] + "\n"
    return (f'<section id="live-exercise" class="live" hidden>\n<h2>Write bptt here</h2>\n'
            f"<p>exercises/{EXERCISE}, in the page: replace each <code>...</code> with the right-hand side "
            f"of its equation (<a href=\"#bptt-line-by-line\">BPTT, line by line</a>) and press Check. "
            f"The verdict is exercises/check.py's, from the same judging core (exercises/judge.py) and "
            f"catalogue of mistakes (exercises/mistakes.py), run here by MicroPython.</p>\n"
            f'<textarea spellcheck="false" autocomplete="off" rows="{code.count(chr(10)) + 1}">'
            f"{html.escape(code, quote=False)}</textarea>\n"
            f'<p><button type="button" class="check">Check</button> '
            f'<button type="button" class="reset">Start again</button></p>\n'
            f'<pre class="verdict" aria-live="polite"></pre>\n</section>\n')


def example_inputs(namespace):
    """The form of the live example: README's example's inputs, each editable, as JSON."""
    model = namespace["model"]
    values = {"W": model.W, "U": model.U, "V": model.V, "b_h": model.b_h, "b_o": model.b_o,
              "xs": namespace["xs"], "ys": namespace["ys"], "h0": namespace["h0"]}
    fields = "\n".join(f'<label><span>{math_html(name)}</span> <input name="{name}" value="{html.escape(json.dumps(values[name]))}" '
                       f'spellcheck="false" autocomplete="off"></label>' for name in EXAMPLE_INPUTS)
    return (f'<form id="example-inputs" class="live" hidden>\n<p>Change the example: every green number '
            f'below follows (the lists are JSON).</p>\n{fields}\n<p><button type="button">README\'s example'
            f'</button> <span id="example-note"></span></p>\n</form>')


def scripts(text, trace, exercises):
    """The runtime, the embedded files (minirnn.py byte for byte) and the page's script."""
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "page_exercise.py"), encoding="utf-8") as f:
        files = {"minirnn.py": text, "page_trace.py": trace.source, "pictures.py": pictures.source(),
                 "page_exercise.py": f.read(), **exercises}
    data = json.dumps(dict(files, version=runtime.VERSION, exercise=EXERCISE), ensure_ascii=False, sort_keys=True)
    data = data.replace("<", "\\u003c")             # no </script> inside the element
    with open(os.path.join(here, "live.js"), encoding="utf-8") as f:
        live = f.read()
    return (f'<script src="micropython.js"></script>\n<script type="application/json" id="page-files">'
            f"{data}</script>\n<script>\n{live}</script>\n")


def page(text, name, readme, engine_room, source_path, exercises):
    """The whole page for the source `text` of the file called `name`."""
    src = Source(text)
    code = highlighted_lines(src)
    banners = src.banners()
    parts = [b for b in banners if b[2] == "="]
    if len(parts) != 3:
        raise SystemExit(f"page.py: {name} has {len(parts)} part banners, not 3")
    bounds = [(1 if i == 0 else b[0], parts[i + 1][0] - 1 if i + 1 < len(parts) else len(src.lines), b[3])
              for i, b in enumerate(parts)]
    readme_pieces = pieces(readme)
    examples, namespace = example(readme_pieces, source_path)
    derivation_names = sorted({f for p in readme_pieces for found in p.equations().values() for f in found})
    trace = Trace(src, derivation_names)
    trace.run(examples, namespace)
    setup = [e.source for e in examples[:next(i for i, e in enumerate(examples) if "(model" in e.source)]]
    link = readme_link({p.slug for p in readme_pieces})
    sections = [b[0] for b in banners if b[2] == "-"]
    rows = lesson_rows(src, bounds[0][0], bounds[0][1], sections, readme_pieces, link)
    rows[0].prose = (f'<h3>The example</h3>\n<p>The green lines under the code of '
                     + ", ".join(f"<code>{n}</code>" for n in derivation_names)
                     + ' are what each line computes, step by step, when README\'s worked example runs '
                     'through them: <a href="#bptt-by-hand">BPTT by hand</a>, whose doctest sets it up:</p>\n'
                     + pre_html(html.escape("".join(setup), quote=False)) + "\n"
                     + example_inputs(namespace))
    lesson_ids = [(p.slug, p.title) for row in rows for p in readme_pieces
                  if row.prose and f'id="{p.slug}"' in row.prose]
    engine = engine_room_tricks(engine_room, src) if engine_room else ("", [])
    body, toc = [], []
    for i, (first, last, title) in enumerate(bounds):
        pid = ("lesson", "library", "demo")[i]
        part_rows = rows if i == 0 else library_rows(src, first, last, banners, engine)
        toc.append(f'<li><a href="#{pid}">{html.escape(title.title() if title.isupper() else title)}</a>'
                   + ("<ol>" + "".join(f'<li><a href="#{s}">{math_html(t)}</a></li>' for s, t in lesson_ids)
                      + "</ol>" if i == 0 else "") + "</li>")
        columns = max(len(line.rstrip("\n")) for line in src.lines[first - 1:last])
        body.append(f'<section class="part{" lesson" if i == 0 else ""}" id="{pid}" style="--columns:{columns}">'
                    f'\n<h2>{html.escape(title)}</h2>')
        for row in part_rows:
            if row.wide:
                body.append(f'<div class="row wide">\n<div class="prose">\n{row.prose}\n</div>\n</div>')
                continue
            body.append(f'<div class="row">\n<div class="prose">\n{row.prose or ""}\n</div>\n'
                        f'<div class="code">{code_html(src, code, row, trace)}</div>\n</div>')
        body.append("</section>")
    head = (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(name)}: the derivation beside the code</title>\n"
            f"<style>\n{CSS}</style>\n</head>\n<body>\n")
    top = (f'<header class="top">\n<h1>{html.escape(name)}: the derivation beside the code</h1>\n'
           f"<p>Part I, the lesson: on the left, README's derivation, each piece beside the lines of "
           f"<code>{html.escape(name)}</code> whose equations it derives; under those lines, in green, "
           f"the numbers each computes in README's worked example, at each step t. A line that adds, "
           f"subtracts or multiplies shows its terms too. Then Part II, the library, and Part III, the demo, "
           f"compact. Every line of the file is here once, in order, with its line number.</p>\n"
           f'<p>Write it yourself: five exercises, from the forward pass to training with your own BPTT, '
           f'each checker naming the first wrong quantity, its step, your line and the mistake (README\'s '
           f'<a href="../README.md#write-it-yourself">Write it yourself</a>, and '
           f'<a href="exercises.md">the track</a>).</p>\n'
           f'<p id="live-status" hidden></p>\n'
           f'<nav class="toc"><ol>\n' + "\n".join(toc) + "\n</ol></nav>\n"
           + TRAINING + exercise_html(exercises[EXERCISE]) + "</header>\n<main>\n")
    foot = (f"</main>\n<footer>Generated from {html.escape(name)} ({len(src.lines)} lines), README.md and "
            f"docs/engine-room.md by tools/page/page.py with Pygments {pygments.__version__} and markdown-it-py "
            f"{markdown_it.__version__}; the numbers come from running the file's code on README's example. "
            f"<code>make page</code> regenerates it.</footer>\n" + scripts(text, trace, exercises)
            + "</body>\n</html>\n")
    return with_pictures(head + top + "\n".join(body) + "\n" + foot, sys.modules["minirnn"])


def with_pictures(page_html, module):
    """The page with minirnn's pictures (tools/page/pictures.py), inline: each one README
    shows as an image in its place, the others in a section of their own before Part I."""
    r = pictures.results(module)
    drawn = pictures.svgs(r)
    page_html, placed = pictures.inline(page_html, drawn)
    before, _, after = page_html.rpartition("</body>")
    page_html = before + pictures.live_html(r) + "</body>" + after
    page_html = page_html.replace("</style>", pictures.CSS + "</style>", 1)
    page_html = page_html.replace('<nav class="toc"><ol>\n', '<nav class="toc"><ol>\n'
                                  '<li><a href="#pictures">Pictures</a></li>\n', 1)
    return page_html.replace("<main>\n", "<main>\n" + pictures.section_html(drawn, placed), 1)


def main(argv=None):
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", nargs="?", default=os.path.join(root, "minirnn.py"))
    parser.add_argument("--readme", default=os.path.join(root, "README.md"))
    parser.add_argument("--engine-room", default=os.path.join(root, "docs", "engine-room.md"))
    parser.add_argument("--exercises", default=os.path.join(root, "exercises"))
    parser.add_argument("-o", "--out", default=os.path.join(root, "docs", "index.html"))
    args = parser.parse_args(argv)
    texts = []
    for path in (args.source, args.readme, args.engine_room):
        with open(path, encoding="utf-8", newline="") as f:
            texts.append(f.read())
    exercises = {}
    for name in EXERCISE_FILES:
        with open(os.path.join(args.exercises, name), encoding="utf-8", newline="") as f:
            exercises[name] = f.read()
    result = page(texts[0], os.path.basename(args.source), texts[1], texts[2], os.path.abspath(args.source),
                  exercises)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(result)


if __name__ == "__main__":
    sys.exit(main())
