"""The one place tools/ installs anything: the tools and checks call this when a piece is missing.

    python3 tools/install.py venv FOLDER REQUIREMENT...   a venv of this python3 at FOLDER, with
                                                       the PyPI requirements (pip install)
    python3 tools/install.py node FOLDER NAME@VERSION...  npm packages into FOLDER/node_modules
                                                       (needs Node.js: node and npm)
    python3 tools/install.py debian COMMAND PACKAGE...    Debian packages, system-wide, with
                                                       apt-get; only as root, and only when
                                                       COMMAND is not on PATH

Each is a no-op when what it installs is there already (a venv whose packages are at those
versions; node_modules with those versions; COMMAND on PATH), and says what it installs, on
stderr, before it does. On failure it exits 1 with the reason as its last line. The Makefile's
own venvs (.venv for pytest, .venv-page, .venv-mutate) are made by the Makefile itself.

Where things go: the venvs and node_modules where the caller says (the project's .venv-*
folders and tools/runtimes/node_modules); Debian packages system-wide (apt-get remove takes
them out again).
"""
import json
import os
import shutil
import subprocess
import sys


def say(text):
    print(text, file=sys.stderr, flush=True)


def run(command, **kwargs):
    """Run a command quietly; exit 1 with its last lines of output if it fails."""
    try:
        result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kwargs)
    except OSError as error:
        sys.exit("install: %s: %s" % (command[0], error))
    if result.returncode != 0:
        lines = result.stdout.decode(errors="replace").strip().splitlines()[-5:]
        sys.exit("\n".join(lines + ["install: %s failed (exit %d)" % (" ".join(command[:3]),
                                                                       result.returncode)]))


def venv(folder, requirements):
    """A venv of this Python at folder, with each requirement ("name==version" or "name")."""
    python = os.path.join(folder, "bin", "python")
    probe = ("import importlib.metadata as m, sys\n"
             "for r in sys.argv[1:]:\n"
             "    name, _, version = r.partition('==')\n"
             "    assert m.version(name) == version or not version\n")
    if os.access(python, os.X_OK) and subprocess.run(
            [python, "-c", probe] + requirements, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL).returncode == 0:
        return
    say("installing %s into %s" % (" ".join(requirements), folder))
    if not os.access(python, os.X_OK):
        run([sys.executable, "-m", "venv", folder])
    run([python, "-m", "pip", "install", "-q"] + requirements)


def node(folder, packages):
    """npm packages ("name@version") into folder/node_modules, unless those versions are there."""
    def installed(package):
        name, _, version = package.rpartition("@")
        try:
            with open(os.path.join(folder, "node_modules", name, "package.json")) as f:
                return json.load(f)["version"] == version
        except (OSError, ValueError, KeyError):
            return False
    if all(installed(package) for package in packages):
        return
    if not (shutil.which("node") and shutil.which("npm")):
        sys.exit("install: node and npm not found (Node.js is needed for %s)" % " ".join(packages))
    say("installing %s into %s" % (" ".join(packages), os.path.join(folder, "node_modules")))
    run(["npm", "install", "--silent", "--no-save", "--no-package-lock"] + packages, cwd=folder)


def debian(command, packages):
    """Debian packages, system-wide, when command is not on PATH; only as root."""
    if shutil.which(command):
        return
    if not (hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get")):
        sys.exit("install: %s not found; install it, e.g. as root: apt-get install %s"
                 % (command, " ".join(packages)))
    say("installing %s system-wide with apt-get (we are root; apt-get remove %s takes it out)"
        % (" ".join(packages), " ".join(packages)))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(["apt-get", "update", "-qq"], env=env)
    run(["apt-get", "install", "-y", "-qq"] + packages, env=env)
    if not shutil.which(command):
        sys.exit("install: apt-get installed %s but %s is not on PATH" % (" ".join(packages), command))


def main(argv):
    kinds = {"venv": venv, "node": node, "debian": debian}
    if len(argv) < 3 or argv[0] not in kinds:
        sys.exit(__doc__.split("\n\n")[1])
    kinds[argv[0]](argv[1], argv[2:])


if __name__ == "__main__":
    main(sys.argv[1:])
