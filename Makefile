# minirnn: `make` runs the demo, `make test` the test suite (installing pytest if missing),
# `make mutate` mutation testing (installing mutmut and pytest into .venv-mutate).
PYTHON ?= python3
VENV ?= .venv
PYTEST_ARGS ?=
MUTMUT_VERSION ?= 3.8.1

.PHONY: run test test-slow test-matrix bench portability mutate clean

run:
	$(PYTHON) minirnn.py

# Use $(PYTHON)'s pytest if it has one; otherwise make a venv in $(VENV) and install it there.
test:
	@if $(PYTHON) -m pytest --version >/dev/null 2>&1; then \
		echo "$(PYTHON) -m pytest"; $(PYTHON) -m pytest -q $(PYTEST_ARGS) test_minirnn.py; \
	else \
		test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV); \
		$(VENV)/bin/python -m pytest --version >/dev/null 2>&1 || $(VENV)/bin/python -m pip install -q pytest; \
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

# Microseconds per training step on $(PYTHON), then the notebook's numpy code for scale if numpy is there.
bench:
	$(PYTHON) tools/bench.py
	@if $(PYTHON) -c "import numpy" >/dev/null 2>&1; then $(PYTHON) tools/notebook_numpy.py --bench; \
	else echo "(no numpy for $(PYTHON): the notebook's numpy code not measured)"; fi

# The demo on every runtime (installing PyPy, MicroPython and Pyodide if missing), then the suite
# on the oldest and newest CPython we test and on PyPy, each in a venv of its own.
portability:
	$(PYTHON) tools/portability.py
	$(MAKE) --no-print-directory test-matrix

test-matrix:
	$(MAKE) --no-print-directory test PYTHON=$(lastword $(wildcard /root/.pyenv/versions/3.8.*/bin/python)) VENV=.venv-3.8
	$(MAKE) --no-print-directory test PYTHON=$(lastword $(wildcard /root/.pyenv/versions/3.13.*/bin/python)) VENV=.venv-3.13
	$(MAKE) --no-print-directory test PYTHON=pypy3 VENV=.venv-pypy

clean:
	rm -rf $(VENV) .venv-* build .pytest_cache __pycache__ tools/node_modules tools/package-lock.json
