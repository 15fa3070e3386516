# minirnn: `make` runs the demo, `make test` the test suite (installing pytest if missing),
# `make page` the annotated page docs/index.html and `make page-check` its checks,
# `make mutate` mutation testing (installing mutmut and pytest into .venv-mutate).
PYTHON ?= python3
VENV ?= .venv
PYTEST_ARGS ?=
SKIP ?=
MUTMUT_VERSION ?= 3.8.1

.PHONY: run test test-slow test-matrix bench portability mutate page page-check clean

run:
	$(PYTHON) minirnn.py

# Use $(PYTHON)'s pytest if it has one; otherwise make a venv in $(VENV) and install it there.
# Python 3.6's venv comes with pip 18.1, which picks the newest pytest (Python >= 3.10 only)
# and fails; pip 21.3.1, the last pip for 3.6, picks one that runs there. Newer Pythons' pips
# pick a fitting pytest themselves, and the marker makes the first install a no-op for them.
test:
	@if $(PYTHON) -m pytest --version >/dev/null 2>&1; then \
		echo "$(PYTHON) -m pytest"; $(PYTHON) -m pytest -q $(PYTEST_ARGS) test_minirnn.py; \
	else \
		test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV) || exit 1; \
		if ! $(VENV)/bin/python -m pytest --version >/dev/null 2>&1; then \
			$(VENV)/bin/python -m pip install -q --upgrade "pip<22; python_version < '3.7'" && \
			$(VENV)/bin/python -m pip install -q pytest || exit 1; \
		fi; \
		echo "$(VENV)/bin/python -m pytest"; $(VENV)/bin/python -m pytest -q $(PYTEST_ARGS) test_minirnn.py; \
	fi

# Only the tests too slow for every run (test_slow_*: the running sum task, ~11 s).
test-slow:
	MINIRNN_SLOW=1 $(MAKE) --no-print-directory test PYTEST_ARGS="-k slow"

# Mutation testing (tools/mutate.py): mutmut in a scratch copy under build/mutate; prints the
# score and every survivor not in tools/equivalent_mutants.txt, and fails if there is one.
mutate:
	test -x .venv-mutate/bin/python || $(PYTHON) -m venv .venv-mutate
	.venv-mutate/bin/python -c "import importlib.metadata as m, pytest; \
		assert m.version('mutmut') == '$(MUTMUT_VERSION)'" 2>/dev/null \
		|| .venv-mutate/bin/python -m pip install -q mutmut==$(MUTMUT_VERSION) pytest
	.venv-mutate/bin/python tools/mutate.py

# Microseconds per training step and per character on $(PYTHON), then for scale, if numpy
# is there, the notebook's numpy code and min-char-rnn's.
bench:
	$(PYTHON) tools/bench.py
	@if $(PYTHON) -c "import numpy" >/dev/null 2>&1; then $(PYTHON) tools/notebook_numpy.py --bench; \
		$(PYTHON) tools/min_char_rnn.py; \
	else echo "(no numpy for $(PYTHON): the numpy codes not measured)"; fi

# The demo on every runtime (installing what is missing into project-local folders), then the
# suite on the oldest and newest CPython found and on PyPy, each in a venv of its own.
# SKIP="pypy brython" leaves rows out; tools/portability.py lists the row names.
# The suite runs even when the table shows a failure, and the target fails if either did.
portability:
	@status=0; $(PYTHON) tools/portability.py --skip "$(SKIP)" || status=1; \
	$(MAKE) --no-print-directory test-matrix || status=1; exit $$status

test-matrix:
	@set -e; pairs="$$($(PYTHON) tools/portability.py --test-matrix --skip "$(SKIP)")"; \
	set -- $$pairs; while [ $$# -ge 2 ]; do \
		$(MAKE) --no-print-directory test PYTHON="$$1" VENV="$$2"; shift 2; \
	done

# The annotated page docs/index.html, made from minirnn.py by tools/page.py with Pygments
# at a pinned version, in $(PAGE_VENV) (a venv of python3, made and filled when missing).
PAGE_VENV ?= .venv-page
PAGE_PYTHON = $(PAGE_VENV)/bin/python
PYGMENTS_VERSION = 2.21.0
PLAYWRIGHT_VERSION = 1.65.2
# $(call page_pin,NAME,VERSION): pip install NAME==VERSION into $(PAGE_VENV) unless it is there.
page_pin = $(PAGE_PYTHON) -c "import importlib.metadata as m, sys; sys.exit(m.version('$(1)') != '$(2)')" \
	2>/dev/null || $(PAGE_PYTHON) -m pip install -q $(1)==$(2)

page:
	@test -x $(PAGE_PYTHON) || python3 -m venv $(PAGE_VENV)
	@$(call page_pin,pygments,$(PYGMENTS_VERSION))
	$(PAGE_PYTHON) tools/page.py minirnn.py -o docs/index.html

# The committed page is what `make page` makes now; then tools/page_check.py opens it in
# headless Chromium (Playwright, the system chromium-headless-shell) at desktop and phone
# widths and in print, and saves screenshots and a PDF in .page-check/.
page-check:
	@test -x $(PAGE_PYTHON) || python3 -m venv $(PAGE_VENV)
	@$(call page_pin,pygments,$(PYGMENTS_VERSION))
	@$(call page_pin,playwright,$(PLAYWRIGHT_VERSION))
	@tmp=$$(mktemp) && $(PAGE_PYTHON) tools/page.py minirnn.py -o $$tmp && \
	if cmp -s $$tmp docs/index.html; then echo "docs/index.html is what make page makes"; rm -f $$tmp; \
	else echo "docs/index.html is stale: run make page" >&2; diff $$tmp docs/index.html | head -20 >&2; \
		rm -f $$tmp; exit 1; fi
	$(PAGE_PYTHON) tools/page_check.py docs/index.html minirnn.py --out .page-check

clean:
	rm -rf $(VENV) .venv-* build .pytest_cache __pycache__ tools/node_modules tools/package-lock.json \
		tools/build .page-check
