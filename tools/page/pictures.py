"""Draw minirnn's three pictures as SVG, from what its public functions return.

    python3 tools/page/pictures.py [SOURCE] [-o DIR]   (`make page` runs it: DIR/*.svg)

- hidden-state.svg: a_{h,t} of the trained memory model (the demo's `learn`) over the
  demo's gradient-flow sequence (16 steps), units x steps, beside the same for the
  model trained with U held at zero (`recurrent=False`);
- gradient-reach.svg: |dL_T/da_{h,t}| (`gradient_flow`) for the demo's three cases
  (trained, U scaled by 0.1, U = 2 x a permutation with W tiny), on a log scale, each
  beside its bound sigma_max(U)^{T-t} |dL_T/da_{h,T}|;
- loss.svg: the loss per epoch `train` returns for the demo's two tasks, with and
  without U.

Each plotted value is its own mark (rect, circle, path or line) whose data-value is
the value as printed (VALUE_FORMATS), with data-t and what else names it
(data-quantity, data-unit, data-model, data-case, data-task, data-epoch). The
connecting lines and the legends carry no data-value. Nothing here plots what a
function of minirnn.py did not return, except sigma_max(U), by power iteration.

The colours read in grey too: the hidden state's diverging scale mixes white with
one of two colours of equal luminance, in linear light, so its lightness falls
with |a|; the lines differ by marker shape and dash as well as by colour
(Okabe & Ito's colour-blind-safe black, blue and orange). The same module gives the
same bytes: fixed seeds (the demo's), no timestamp. page.py puts the SVGs inline
in docs/index.html (CSS, section_html, inline); page_check.py reads them back.
Live in the page (pictures.js, with the page's runtime): a slider under the
gradient's reach multiplies each case's U by a factor of SCALES, and the runtime
redraws the picture with gradient_reach_at, from live_data, which make page embeds;
when the learner's training run in the page ends, learner_svgs redraws the hidden
state and the loss from it.
The drawing runs on MicroPython too (no html or argparse at import, and no
reliance on a dict's order, which MicroPython does not keep), so that the page's
runtime can draw with the same code; on the same numbers it gives the same bytes.
"""
import math
import re

NAMES = ("hidden-state", "gradient-reach", "loss")
VALUE_FORMATS = {"a_h": "%.4f", "flow": "%.3e", "bound": "%.3e", "loss": "%.4f"}
SEQUENCE = dict(length=16, seed=5)                    # the demo's gradient-flow sequence
FONT = 'font-family="system-ui,-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif"'
INK, BLUE, ORANGE = "#000000", "#0072b2", "#e69f00"  # Okabe & Ito
NEGATIVE, POSITIVE = (33, 102, 172), (160, 77, 11)   # blue, brown: equal luminance, 0.1280
CASES = ("trained", "U scaled by 0.1", "U = 2 \u00d7 permutation, W tiny")
RUNS = (("mod-3", True), ("mod-3", False), ("memory", True), ("memory", False))   # (task, with U)

CSS = """\
.pictures{padding:.6rem 1.25rem 1rem;max-width:62rem;border-top:3px solid #8c959f}
.pictures h2{margin:0 0 .4rem;font-size:1.35rem}
figure[data-picture]{margin:.8rem 0 1.2rem;break-inside:avoid}
figure[data-picture] figcaption{font-size:.92rem;color:#3b4350;margin-top:.3rem;max-width:46rem}
svg.picture{display:block;width:100%;max-width:40rem;height:auto}
.picture-control{font-size:.92rem;margin:.2rem 0}
.picture-control input{vertical-align:middle;width:min(16rem,55vw)}
.picture-control .note{color:#57606a}
.picture-run{font-size:.92rem;margin:.2rem 0;padding:.2rem .5rem;border-left:3px solid #1a7f64;background:#e8f5ef}
@media print{svg.picture{max-width:16cm}.picture-control{display:none}}
"""


def load(path):
    """minirnn from the file at `path` (the page's own copy)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("minirnn", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sigma_max(M):
    """M's largest singular value: power iteration on M^T M from all ones."""
    n = len(M[0])
    v = [1.0] * n
    sigma = 0.0
    for _ in range(2000):
        Mv = [sum(r[j] * v[j] for j in range(n)) for r in M]
        w = [sum(M[i][j] * Mv[i] for i in range(len(M))) for j in range(n)]
        size = math.sqrt(sum(x * x for x in w))
        if size == 0.0:
            return 0.0
        v = [x / size for x in w]
        sigma = math.sqrt(size)
    return sigma


def gradient_cases(m, model):
    """The demo's three versions of the trained memory model (demo_gradient_flow's)."""
    vanishing, exploding = m.RNN.from_dict(model.to_dict()), m.RNN.from_dict(model.to_dict())
    vanishing.U = [[0.1 * u for u in row] for row in model.U]
    n = model.n_hidden
    exploding.U = [[2.0 * (j == (i + 1) % n) for j in range(n)] for i in range(n)]
    exploding.W = [[1e-6 * w for w in row] for row in model.W]
    exploding.b_h = m.zeros(n)
    return dict(zip(CASES, (model, vanishing, exploding)))     # read in the order of CASES


def results(m):
    """Everything the pictures plot, from minirnn's functions, as the demo computes it."""
    tasks = {name: task for name, _, task in m.TASKS}
    runs = {(name, recurrent): m.learn(tasks[name], recurrent=recurrent) for name, recurrent in RUNS}
    xs, ys = m.make_data(m.sum_last_two_mod3, 1, SEQUENCE["length"], m.make_rng(SEQUENCE["seed"]))[0]
    digits = [m.argmax(x) for x in xs]
    memory = {"with U": runs[("memory", True)][0], "U = 0": runs[("memory", False)][0]}
    cases = gradient_cases(m, memory["with U"])
    return {
        "digits": digits,
        "model": memory["with U"].to_dict(),
        "states": {label: model.forward(xs)[1] for label, model in memory.items()},
        "flows": {case: model.gradient_flow(xs, ys) for case, model in cases.items()},
        "sigmas": {case: sigma_max(model.U) for case, model in cases.items()},
        "losses": {key: losses for key, (_, _, losses) in runs.items()},
    }


# ---------------------------------------------------------------------------
# Drawing
# ---------------------------------------------------------------------------

def escape(s):
    """s as HTML text or attribute (html.escape's, which MicroPython lacks)."""
    for old, new in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;")):
        s = s.replace(old, new)
    return s


def value(quantity, v):
    return VALUE_FORMATS[quantity] % v


def srgb(linear):
    """A linear-light channel in 0..1 as an 8-bit sRGB value."""
    c = 12.92 * linear if linear <= 0.0031308 else 1.055 * linear ** (1 / 2.4) - 0.055
    return round(255 * min(1.0, max(0.0, c)))


def linear(channel):
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def diverging(a):
    """The colour of a in [-1, 1]: white at 0, mixed in linear light toward NEGATIVE or
    POSITIVE in proportion to |a|, so luminance falls linearly with |a|."""
    end = NEGATIVE if a < 0 else POSITIVE
    k = min(1.0, abs(a))
    return "#%02x%02x%02x" % tuple(srgb(1 - k * (1 - linear(c))) for c in end)


def svg(width, height, label, body):
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="picture" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}" {FONT} '
            f'font-size="12">\n<rect width="{width}" height="{height}" fill="#ffffff"/>\n'
            + "".join(body) + "</svg>\n")


def text(x, y, content, anchor="start", size=None, extra=""):
    size = f' font-size="{size}"' if size else ""
    return f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}"{size}{extra}>{content}</text>\n'


def a_ht():
    return 'a<tspan baseline-shift="sub" font-size="10">h,t</tspan>'


def hidden_state_svg(r):
    """Two heatmaps, units x steps, one above the other so that step t's columns line up
    (r["titles"], if there, names the two models)."""
    digits, states = r["digits"], r["states"]
    titles = r.get("titles", ("trained with U", "trained with U held at 0"))
    T, n = len(digits), len(states["with U"][0])
    cell_w, cell_h, left, top = 20, 14, 60, 24
    width = left + T * cell_w + 12
    body, y = [], top
    for label, title in zip(("with U", "U = 0"), titles):
        body.append(text(8, y, f'<tspan font-weight="600">{title}</tspan>: {a_ht()}, '
                                  f'unit \u00d7 step', size=14))
        y += 18
        body.append(text(left - 8, y, "t", "end", 11))
        body.append(text(left - 8, y + 13, "digit", "end", 11))
        for t in range(T):
            cx = left + t * cell_w + cell_w / 2
            body.append(text(cx, y, str(t + 1), "middle", 11, ' fill="#57606a"'))
            body.append(text(cx, y + 13, str(digits[t]), "middle", 12, ' font-weight="600"'))
        y += 20
        body.append(f'<g data-model="{label}">\n')
        for i in range(n):
            body.append(text(left - 8, y + i * cell_h + 10.5, f"unit {i + 1}", "end", 11))
            for t in range(T):
                a = states[label][t][i]
                body.append(f'<rect x="{left + t * cell_w}" y="{y + i * cell_h}" width="{cell_w}" '
                            f'height="{cell_h}" fill="{diverging(a)}" data-quantity="a_h" '
                            f'data-model="{label}" data-unit="{i + 1}" data-t="{t + 1}" '
                            f'data-digit="{digits[t]}" data-value="{value("a_h", a)}"/>\n')
        body.append("</g>\n")
        body.append(f'<rect x="{left}" y="{y}" width="{T * cell_w}" height="{n * cell_h}" fill="none" '
                    f'stroke="#8c959f" stroke-width="0.5"/>\n')
        y += n * cell_h + 30
    # the legend: the scale from -1 to 1, in 40 steps
    steps, bar_w = 40, T * cell_w / 2
    body.append(text(left, y, f"{a_ht()} (tanh: from \u22121 to 1)", size=12))
    y += 9
    for k in range(steps):
        a = -1 + (2 * k + 1) / steps
        body.append(f'<rect x="{left + k * bar_w / steps:g}" y="{y}" width="{bar_w / steps + 0.3:g}" '
                    f'height="12" fill="{diverging(a)}"/>\n')
    for a in (-1, -0.5, 0, 0.5, 1):
        x = left + (a + 1) / 2 * bar_w
        body.append(f'<line x1="{x:g}" y1="{y + 12}" x2="{x:g}" y2="{y + 16}" stroke="#57606a"/>\n')
        body.append(text(x, y + 27, f"{a:g}".replace("-", "\u2212"), "middle", 11))
    height = y + 36
    return svg(width, height, "The hidden state a_{h,t} of the memory model over 16 steps, "
                              "trained with U and with U held at 0", body)


def log_axis(low, high, y_of, x0, x1, every):
    """Horizontal grid lines and labels at the powers of 10 from low to high."""
    out = []
    for e in range(low, high + 1):
        if e % every:
            continue
        y = y_of(10.0 ** e)
        out.append(f'<line x1="{x0}" y1="{y:.2f}" x2="{x1}" y2="{y:.2f}" stroke="#e1e4e8"/>\n')
        label = "1" if e == 0 else f'10<tspan dy="-5" font-size="9">{str(e).replace("-", chr(0x2212))}</tspan>'
        out.append(text(x0 - 6, y + 4, label, "end", 11))
    return out


def marker(shape, x, y, colour, attrs, hollow=False):
    """One plotted value: a circle, a square or a triangle centred on (x, y)."""
    fill = "#ffffff" if hollow else colour
    style = f'fill="{fill}" stroke="{colour}" stroke-width="1.4"'
    if shape == "circle":
        return f'<circle cx="{x:.2f}" cy="{y:.2f}" r="3.6" {style} {attrs}/>\n'
    if shape == "square":
        return f'<rect x="{x - 3.3:.2f}" y="{y - 3.3:.2f}" width="6.6" height="6.6" {style} {attrs}/>\n'
    return (f'<path d="M{x:.2f} {y - 4:.2f}L{x + 4.4:.2f} {y + 4:.2f}L{x - 4.4:.2f} {y + 4:.2f}Z" '
            f'{style} {attrs}/>\n')


def log_scale(values, top, bottom):
    """(low, high decade exponents, y_of) for a log axis covering values from top to bottom."""
    low = math.floor(math.log10(min(values)))
    high = max(low + 1, math.ceil(math.log10(max(values))))
    y_of = lambda v: bottom - (math.log10(v) - low) / (high - low) * (bottom - top)
    return low, high, y_of


def gradient_reach_svg(r, scale=1):
    """The gradient's reach of r's flows and sigmas; `scale` is only named, in the title
    (the page's slider multiplies each case's U by it)."""
    flows, sigmas = r["flows"], r["sigmas"]
    T = len(flows[CASES[0]])
    bounds = {case: [sigmas[case] ** (T - t) * flows[case][-1] for t in range(1, T + 1)] for case in CASES}
    left, right, top, bottom = 52, 376, 40, 340
    width = right + 16
    low, high, y_of = log_scale([v for case in CASES for v in flows[case] + bounds[case]], top, bottom)
    x_of = lambda t: left + (t - 1) / (T - 1) * (right - left)
    body = [text(8, 16, f'<tspan font-weight="600">The gradient\u2019s reach</tspan>: '
                        f'|\u2202L<tspan baseline-shift="sub" font-size="10">T</tspan>/\u2202{a_ht()}|, '
                        + (f'U \u00d7 {scale:g}, ' if scale != 1 else '') + 'log scale', size=14)]
    body += log_axis(low, high, y_of, left, right, 2 if high - low <= 16 else 4 if high - low <= 32 else 8)
    for t in range(1, T + 1):
        body.append(text(x_of(t), bottom + 16, str(t), "middle", 11))
    body.append(text((left + right) / 2, bottom + 32, f"step t (the gradient flows from T = {T} back to 1)",
                     "middle", 12))
    styles = dict(zip(CASES, ((INK, "circle"), (BLUE, "square"), (ORANGE, "triangle"))))
    for case in CASES:
        flow, (colour, shape) = flows[case], styles[case]
        points = " ".join(f"{x_of(t + 1):.2f},{y_of(b):.2f}" for t, b in enumerate(bounds[case]))
        body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1" '
                    f'stroke-dasharray="4 3"/>\n')
        points = " ".join(f"{x_of(t + 1):.2f},{y_of(v):.2f}" for t, v in enumerate(flow))
        body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.4"/>\n')
        body.append(f'<g data-case="{escape(case)}" data-sigma="{sigmas[case]:.4f}">\n')
        for t, b in enumerate(bounds[case], 1):
            body.append(f'<line x1="{x_of(t) - 5:.2f}" y1="{y_of(b):.2f}" x2="{x_of(t) + 5:.2f}" '
                        f'y2="{y_of(b):.2f}" stroke="{colour}" stroke-width="1.4" data-quantity="bound" '
                        f'data-case="{escape(case)}" data-t="{t}" data-value="{value("bound", b)}"/>\n')
        for t, v in enumerate(flow, 1):
            body.append(marker(shape, x_of(t), y_of(v), colour,
                               f'data-quantity="flow" data-case="{escape(case)}" data-t="{t}" '
                               f'data-value="{value("flow", v)}"'))
        body.append("</g>\n")
    y = bottom + 52
    for case in CASES:
        colour, shape = styles[case]
        body.append(marker(shape, left + 6, y - 4, colour, 'aria-hidden="true"'))
        body.append(text(left + 18, y, f"{escape(case)}: \u03c3<tspan baseline-shift=\"sub\" "
                                       f"font-size=\"10\">max</tspan>(U) = {sigmas[case]:.3g}", size=12))
        y += 18
    body.append(f'<line x1="{left}" y1="{y - 4}" x2="{left + 12}" y2="{y - 4}" stroke="{INK}" '
                f'stroke-dasharray="4 3"/>\n')
    body.append(text(left + 18, y, "dashed: the bound \u03c3<tspan baseline-shift=\"sub\" font-size=\"10\">max"
                                   "</tspan>(U)<tspan dy=\"-5\" font-size=\"9\">T\u2212t</tspan>"
                                   "<tspan dy=\"5\"> |\u2202L</tspan><tspan baseline-shift=\"sub\" "
                                   "font-size=\"10\">T</tspan>/\u2202a<tspan baseline-shift=\"sub\" "
                                   "font-size=\"10\">h,T</tspan>|", size=12))
    return svg(width, y + 12, "The gradient's reach |dL_T/da_{h,t}| on a log scale for three versions "
                              "of the memory model, each with its bound", body)


def loss_svg(r):
    """The loss curves of r["runs"] (RUNS if not there), with r["places"] if there (the
    format of a loss's data-value) and r["whose"] in the title."""
    losses, runs, places = r["losses"], r.get("runs", RUNS), r.get("places", VALUE_FORMATS["loss"])
    epochs = len(losses[runs[0]])
    left, right, top, bottom = 52, 376, 40, 260
    width = right + 16
    low, high, y_of = log_scale([v for run in runs for v in losses[run]], top, bottom)
    x_of = lambda e: left + (e - 1) / max(1, epochs - 1) * (right - left)
    body = [text(8, 16, '<tspan font-weight="600">The loss per epoch</tspan>: ' + r.get("whose", "L")
                 + ', log scale', size=14)]
    body += log_axis(low, high, y_of, left, right, 1 if high - low <= 8 else 2)
    every = 1 if epochs <= 15 else math.ceil(epochs / 50) * 5
    for e in range(1, epochs + 1):
        if e == 1 or e % every == 0:
            body.append(text(x_of(e), bottom + 16, str(e), "middle", 11))
    body.append(text((left + right) / 2, bottom + 32, "epoch", "middle", 12))
    styles = {"mod-3": (BLUE, "square"), "memory": (ORANGE, "circle")}
    for task, recurrent in runs:
        curve, (colour, shape) = losses[(task, recurrent)], styles[task]
        model = "with U" if recurrent else "U = 0"
        points = " ".join(f"{x_of(e + 1):.2f},{y_of(v):.2f}" for e, v in enumerate(curve))
        dash = "" if recurrent else ' stroke-dasharray="5 3"'
        body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.4"{dash}/>\n')
        body.append(f'<g data-task="{task}" data-model="{model}">\n')
        for e, v in enumerate(curve, 1):
            body.append(marker(shape, x_of(e), y_of(v), colour,
                               f'data-quantity="loss" data-task="{task}" data-model="{model}" '
                               f'data-epoch="{e}" data-t="{e}" data-value="{places % v}"',
                               hollow=not recurrent))
        body.append("</g>\n")
    y = bottom + 52
    for task, recurrent in runs:
        curve, (colour, shape) = losses[(task, recurrent)], styles[task]
        dash = "" if recurrent else ' stroke-dasharray="5 3"'
        body.append(f'<line x1="{left - 4}" y1="{y - 4}" x2="{left + 16}" y2="{y - 4}" stroke="{colour}" '
                    f'stroke-width="1.4"{dash}/>\n')
        body.append(marker(shape, left + 6, y - 4, colour, 'aria-hidden="true"', hollow=not recurrent))
        body.append(text(left + 24, y, f"{task}, {'with U' if recurrent else 'U held at 0'}: "
                                       f"{curve[0]:.1f} \u2192 {curve[-1]:.2f}", size=12))
        y += 18
    return svg(width, y, "The total loss per epoch while mod-3 and memory train, with U and with U "
                         "held at 0", body)


def svgs(r):
    """{name: SVG text} of the three pictures of results(m)."""
    return {"hidden-state": hidden_state_svg(r), "gradient-reach": gradient_reach_svg(r), "loss": loss_svg(r)}


# ---------------------------------------------------------------------------
# In the page
# ---------------------------------------------------------------------------

CAPTIONS = {
    "hidden-state": "The hidden state a<sub>h,t</sub> of the memory model, y<sub>t</sub> = (d<sub>t</sub> + "
                    "d<sub>t\u22121</sub>) mod 3, over the demo's 16-step sequence: above, trained with U; "
                    "below, the same training with U held at 0. Without U each column depends on the "
                    "current digit only: equal digits, equal columns. With U a column also shows the "
                    "digit before, which the task needs. Dark is a large |a<sub>h,t</sub>|; blue is "
                    "negative, brown positive.",
    "gradient-reach": "How far back the last step's loss teaches: |\u2202L<sub>T</sub>/\u2202a<sub>h,t"
                      "</sub>| from <code>gradient_flow</code>, for the demo's three versions of the "
                      "trained memory model, each beside its bound \u03c3<sub>max</sub>(U)<sup>T\u2212t"
                      "</sup> |\u2202L<sub>T</sub>/\u2202a<sub>h,T</sub>| (dashed). U scaled by 0.1 "
                      "vanishes; U = 2 \u00d7 a permutation explodes, on its bound; the trained model "
                      "falls far below its bound.",
    "loss": "The total loss <code>train</code> returns per epoch, for the demo's two tasks, with U "
            "(solid) and with U held at 0 (dashed, hollow). Without U, mod-3 still falls; the "
            "memory task's loss stays near where it started.",
}


def figure_html(name, drawn):
    return (f'<figure id="picture-{name}" data-picture="{name}">\n{drawn[name]}' + LIVE_CONTROLS.get(name, "")
            + f'<figcaption>{CAPTIONS[name]} <a href="{name}.svg">{name}.svg</a></figcaption>\n</figure>\n')


def section_html(drawn, inline_elsewhere=()):
    """The page's section of pictures: each one not placed elsewhere (see inline)."""
    figures = "".join(figure_html(name, drawn) for name in NAMES if name not in inline_elsewhere)
    return (f'<section class="pictures" id="pictures">\n<h2>Pictures</h2>\n<p>Drawn by '
            f'<code>make page</code> from what minirnn\'s functions return, with the demo\'s seeds; '
            f'every plotted value carries its number.</p>\n{figures}</section>\n')


def inline(page_html, drawn):
    """The page with each paragraph that is only an image of a picture (README's
    ![...](docs/NAME.svg)) replaced by the picture's figure, inline: the page fetches
    nothing. Returns (page, the names placed)."""
    placed = []
    def figure(match):
        placed.append(match.group(1))
        return figure_html(match.group(1), drawn)
    image = re.compile(r'<p><img src="(?:docs/)?(%s)\.svg" alt="[^"]*" */?></p>\n' % "|".join(NAMES))
    return image.sub(figure, page_html), placed


# ---------------------------------------------------------------------------
# Live in the page: pictures.js asks the page's runtime to redraw
# ---------------------------------------------------------------------------

SCALES = (0.1, 0.2, 0.3, 0.5, 0.7, 1, 1.5, 2, 3)   # the slider's factors for U
RUN_NOTE = '<p class="live picture-run" hidden></p>\n'     # pictures.js says when it redrew from a run
LIVE_CONTROLS = {"hidden-state": RUN_NOTE, "loss": RUN_NOTE, "gradient-reach": (
    '<p class="live picture-control" hidden><label>U \u00d7 <output id="u-scale-value">1</output> '
    f'<input id="u-scale" type="range" min="0" max="{len(SCALES) - 1}" step="1" value="{SCALES.index(1)}" '
    f'data-scales="{" ".join("%g" % s for s in SCALES)}"></label> <span class="note">drag: each case\u2019s '
    'U scaled, the picture redrawn in this page by minirnn.py\u2019s <code>gradient_flow</code>. Past \u00d7 1 '
    'the permutation\u2019s states grow until tanh saturates (D<sub>k</sub> near 0), and its gradient falls '
    'away from the bound: exploding needs an unsaturated tanh.</span></p>\n')}


def live_data(r):
    """What the page's runtime needs to redraw the gradient's reach, as JSON-able data: the
    trained memory model, the sequence's digits, each case's sigma_max(U) (which scales
    with U, and takes too long to recompute at every step of a drag)."""
    return {"model": r["model"], "digits": r["digits"], "sigmas": [r["sigmas"][case] for case in CASES]}


def live_html(r):
    """The live pictures' data and script (pictures.js), for the end of the page's body."""
    import json
    import os
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pictures.js"), encoding="utf-8") as f:
        script = f.read()
    data = json.dumps(live_data(r), sort_keys=True)
    return f'<script type="application/json" id="picture-data">{data}</script>\n<script>\n{script}</script>\n'


def source():
    """This file's text, which the page's runtime imports as pictures."""
    with open(__file__, encoding="utf-8") as f:
        return f.read()


def gradient_reach_at(m, data, scale):
    """The gradient's reach with each case's U multiplied by `scale`, from live_data:
    gradient_flow run here, and sigma_max(scale U) = scale sigma_max(U)."""
    model = m.RNN.from_dict(data["model"])
    xs = [m.one_hot(d, 3) for d in data["digits"]]
    ys = m.sum_last_two_mod3(data["digits"])
    cases = gradient_cases(m, model)
    flows, sigmas = {}, {}
    for case, sigma in zip(CASES, data["sigmas"]):
        if scale != 1:
            cases[case].U = [[scale * u for u in row] for row in cases[case].U]
        flows[case], sigmas[case] = cases[case].gradient_flow(xs, ys), scale * sigma
    return gradient_reach_svg({"flows": flows, "sigmas": sigmas}, scale)


TASK_NAMES = {"next_mod3": "mod-3", "sum_last_two_mod3": "memory"}


def learner_svgs(m, runs, task, rows, digits):
    """The hidden state and the loss of the learner's own run in the page, separated by a
    form feed: runs {True: (model, data), False: ...}, as the page's training (live.js)
    keeps them; rows, its table's [epoch, loss with U, loss U = 0] as it prints them."""
    name = TASK_NAMES[task]
    xs = [m.one_hot(d, 3) for d in digits]
    r = {"digits": digits, "titles": ("your %s run, with U" % name, "your %s run, U held at 0" % name),
         "states": {"with U": runs[True][0].forward(xs)[1], "U = 0": runs[False][0].forward(xs)[1]},
         "losses": {(name, True): [float(row[1]) for row in rows], (name, False): [float(row[2]) for row in rows]},
         "runs": ((name, True), (name, False)), "places": "%.2f", "whose": "your " + name + " run"}
    return hidden_state_svg(r) + "\f" + loss_svg(r)


def main(argv=None):
    import argparse
    import os
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", nargs="?", default=os.path.join(root, "minirnn.py"))
    parser.add_argument("-o", "--out", default=os.path.join(root, "docs"))
    args = parser.parse_args(argv)
    for name, drawn in svgs(results(load(os.path.abspath(args.source)))).items():
        with open(os.path.join(args.out, name + ".svg"), "w", encoding="utf-8", newline="\n") as f:
            f.write(drawn)


if __name__ == "__main__":
    main()
