"""The toolbox: the Makefile's targets say what they do, tools/ installs in one place only, and
every tool says how to run it."""
import os
import re
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAKEFILE = os.path.join(ROOT, "Makefile")
INSTALLER = "tools/install.py"
INSTALL_WORDS = r"\b(apt-get|apt|npm|pip3?)\b"


def phony_targets(makefile=None):
    """The targets of the Makefile's .PHONY line (continued over backslash-newlines)."""
    text = (makefile or open(MAKEFILE).read()).replace("\\\n", " ")
    line, = [line for line in text.splitlines() if line.startswith(".PHONY:")]
    return line.split(":", 1)[1].split()


def commented(target, makefile=None):
    """The one-line comment beside target's rule (`target: ... ## comment`), or None."""
    found = re.search(r"^%s:[^\n#]*## (\S[^\n]*)$" % re.escape(target), makefile or open(MAKEFILE).read(),
                      re.M)
    return found and found.group(1)


def tracked(folder):
    """The files of folder that git tracks, as paths from the repository root."""
    out = subprocess.run(["git", "ls-files", folder], cwd=ROOT, stdout=subprocess.PIPE, check=True)
    return out.stdout.decode().split()


def test_every_phony_target_has_a_one_line_comment_and_make_help_lists_it():
    targets = phony_targets()
    assert {"run", "help", "test", "docs", "mutate", "clean"} <= set(targets)
    assert [t for t in targets if not commented(t)] == []
    out = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, stdout=subprocess.PIPE,
                         check=True).stdout.decode()
    for target in targets:
        line, = [line for line in out.splitlines() if line.startswith("make %s " % target)]
        assert " ".join(line.split()[2:]) == " ".join(commented(target).split())


def test_a_phony_target_without_a_comment_is_found():
    # the check has teeth: the Makefile with one phony target's comment taken away fails it
    text = open(MAKEFILE).read()
    bare = re.sub(r"^(clean:[^\n#]*)## [^\n]*$", r"\1", text, flags=re.M)
    assert bare != text and "clean" in phony_targets(bare)
    assert commented("clean", bare) is None and commented("test", bare)


def test_only_the_installer_in_tools_names_an_install_command():
    files = tracked("tools")
    assert INSTALLER in files
    naming = [path for path in files if path != INSTALLER
              and re.search(INSTALL_WORDS, open(os.path.join(ROOT, path), errors="replace").read())]
    assert naming == []
    assert re.search(INSTALL_WORDS, open(os.path.join(ROOT, INSTALLER)).read())


def test_every_tool_says_how_to_run_it_and_tools_readme_names_it_with_its_target():
    readme = open(os.path.join(ROOT, "tools", "README.md")).read()
    targets = phony_targets()
    for path in tracked("tools"):
        name = os.path.basename(path)
        if not name.endswith((".py", ".mjs")):
            continue
        head = open(os.path.join(ROOT, path)).read()[:3000]
        assert path in head or name in head, path             # its usage, by its own name
        assert re.search(r"(python3?|node|micropython)\b[^\n]*%s" % re.escape(name), head), path
        assert path[len("tools/"):] in readme, path
        row = [line for line in readme.splitlines() if path[len("tools/"):] in line]
        assert any(re.search(r"make (%s)\b" % "|".join(map(re.escape, targets)), line)
                   or "no target" in line for line in row), path


def test_make_docs_rewrites_each_block_of_a_page_from_its_own_command():
    import sys
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    try:
        import docs
    finally:
        sys.path.remove(os.path.join(ROOT, "tools"))
    page = ("# a page\n<!-- make docs: echo one -->\n```\nold\n```\ntext between\n"
            "<!-- make docs: echo two -->\n```\ntwo\n```\nthe end\n")
    text, stale = docs.regenerated(page, {})
    assert stale == ["echo one"] and text == page.replace("old", "one")


def test_every_test_make_mutate_leaves_out_exists():
    # pytest ignores a --deselect that names no test: a renamed test would run on every mutant again
    import importlib.util
    path = os.path.join(ROOT, "tools", "mutate", "mutate.py")
    spec = importlib.util.spec_from_file_location("mutate", path)
    mutate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mutate)
    for test in mutate.DESELECT + mutate.CHECK_PY_ONLY:
        path, _, name = test.partition("::")
        assert os.path.isfile(os.path.join(ROOT, path)), test
        assert not name or re.search(r"^def %s\(" % re.escape(name), open(os.path.join(ROOT, path)).read(),
                                     re.M), test
