"""Regenerate every printed block of README.md and docs/*.md from the command that prints it.

    python3 tools/docs.py            (or: make docs) rewrite each marked block with what its
                                     command prints now
    python3 tools/docs.py --check    (CI) change nothing; exit 1, naming each stale block and
                                     `make docs`, if any block is not what its command prints

A block is marked by the line just above its opening fence (plain backticks, no language):

    <!-- make docs: COMMAND -->

COMMAND is a bash command (with pipefail) run from the repository root; the block becomes
exactly its standard output, fenced with ``` (or with one backtick more than the longest run
of backticks that opens a line of the output). A command that fails stops the run and changes nothing. A command shared by
several blocks runs once. Times, speed ratios and the runtime matrix are measurements, shown
with their command, machine and date: they carry no marker, and nothing here rewrites them.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARKER = re.compile(r"^<!-- make docs: ([^\n]+) -->\n(`{3,})\n(.*?)^\2$", re.M | re.S)


def pages():
    """README.md and docs/*.md, as paths from the repository root."""
    docs = sorted(name for name in os.listdir(os.path.join(ROOT, "docs")) if name.endswith(".md"))
    return ["README.md"] + ["docs/" + name for name in docs]


def output(command, cache):
    """What command prints, run from the repository root (once per command)."""
    if command not in cache:
        print("  " + command, file=sys.stderr, flush=True)
        result = subprocess.run(["bash", "-c", "set -o pipefail; " + command], cwd=ROOT,
                                stdout=subprocess.PIPE)
        if result.returncode != 0:
            sys.exit("make docs: `%s` failed (exit %d); nothing was changed"
                     % (command, result.returncode))
        text = result.stdout.decode()
        cache[command] = text if text.endswith("\n") or not text else text + "\n"
    return cache[command]


def regenerated(text, cache):
    """(the page with each marked block replaced by its command's output, [stale commands])."""
    stale = []

    def block(match):
        command, fence, shown = match.groups()
        printed = output(command, cache)
        runs = re.findall(r"^(`{3,})", printed, re.M)
        fence = "`" * max([3] + [len(run) + 1 for run in runs])
        if (fence, printed) != (match.group(2), shown):
            stale.append(command)
        return "<!-- make docs: %s -->\n%s\n%s%s" % (command, fence, printed, fence)

    return MARKER.sub(block, text), stale


def main(argv):
    check = "--check" in argv
    cache, new, stale = {}, {}, []
    for page in pages():
        with open(os.path.join(ROOT, page), encoding="utf-8") as f:
            text = f.read()
        new[page], stale_here = regenerated(text, cache)
        stale += ["%s: the block of `%s`" % (page, command) for command in stale_here]
    if check:
        if stale:
            sys.exit("not what their commands print now (run make docs):\n  " + "\n  ".join(stale))
        print("make docs: every printed block is current (%d commands)" % len(cache))
        return
    for page, text in new.items():
        if any(line.startswith(page + ":") for line in stale):
            with open(os.path.join(ROOT, page), "w", encoding="utf-8") as f:
                f.write(text)
    print("make docs: %d commands; %s" % (len(cache), "rewrote:\n  " + "\n  ".join(stale)
                                          if stale else "every block was current"))


if __name__ == "__main__":
    main(sys.argv[1:])
