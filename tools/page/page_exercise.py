"""The page's check of a bptt written in it: exercises/judge.py's core, run on MicroPython.

    import page_exercise; page_exercise.main(LEARNERS, TEMPLATE)   (the page's Check button)

The page's micropython runs tools/page/page_exercise.py, embedded in docs/index.html.

It prints the exit status exercises/check.py would give, then the report. What check.py
does around the core is done here without ast, which MicroPython lacks: each line whose
right-hand side is `...` and whose target is one of bptt's quantities (`da_h[t] = ...`)
stands for its right value (the core's FILL), found by the line's text. The core's Source
knows no line numbers here, so a report names the quantity and not your line's number.
tools/page/page.py embeds this file in docs/index.html; it is never run by CPython's tools.
"""
import judge


def blank(line):
    """(quantity, index) for a line `X = ...` of one of bptt's quantities, else None."""
    code = line.split("#")[0].strip()
    if "=" not in code or code.split("=", 1)[1].strip() != "...":
        return None
    target = code.split("=", 1)[0].strip()
    name, _, index = target.partition("[")
    for quantity, text in judge.BLANKS["bptt"].items():
        if text.split("[")[0] == name and ("[" in text) == bool(index):
            return quantity, index[:-1] if index else judge.BLANK_STEP.get(quantity)
    return None


def verdict(learners, template):
    """(exit status, report) for the bptt in learners, check.py's words where it can."""
    lines, unwritten, others, left = learners.split("\n"), set(), [], []
    for n, line in enumerate(lines):
        found = blank(line)
        if found:
            unwritten.add(found[0])
            left.append("  not written yet: %s (line %d)" % (
                line.split("#", 1)[1].strip() if "#" in line else line.split("=")[0].strip(), n + 1))
            lines[n] = line.split("...")[0] + "%s(%r, %s)" % (judge.FILL, found[0], found[1])
        elif "..." in line.split("#")[0]:
            others.append("  not written yet: line %d: %s" % (n + 1, line.strip()))
    if others or len(unwritten) == len(judge.BLANKS["bptt"]):
        return 1, "your bptt is not finished.\n" + "\n".join(others) + (
            "\n" if others else "") + judge.wrapped("Replace each `...` with " + judge.TO_WRITE["bptt"], indent="")
    namespace = {"__name__": "2_bptt"}      # as check.py names it: after the file, 2_bptt.py
    try:
        exec("\n".join(lines), namespace)
    except SyntaxError as error:
        return 2, "your bptt: syntax error: %s" % (error,)
    except Exception as error:
        return 2, "your bptt: cannot judge: loading it raised %s: %s" % (type(error).__name__, error)
    status, text = judge.judge(namespace, unwritten, judge.Source("your bptt"), template, learners)
    if left and status == 1:
        text += "\n\n" + "\n".join(left + [judge.wrapped("Replace each `...` with " + judge.TO_WRITE["bptt"],
                                                           indent="")])
    return status, text


def main(learners, template):
    status, text = verdict(learners, template)
    print(status)
    print(text)
