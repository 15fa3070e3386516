# minirnn: `make` runs the demo, `make test` the test suite (installing pytest if missing).
PYTHON ?= python3
VENV ?= .venv
PYTEST_ARGS ?=
SKIP ?=

.PHONY: run test test-slow test-matrix bench portability clean

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

# Microseconds per training step on $(PYTHON), then the notebook's numpy code for scale if numpy is there.
bench:
	$(PYTHON) tools/bench.py
	@if $(PYTHON) -c "import numpy" >/dev/null 2>&1; then $(PYTHON) tools/notebook_numpy.py --bench; \
	else echo "(no numpy for $(PYTHON): the notebook's numpy code not measured)"; fi

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

clean:
	rm -rf $(VENV) .venv-* .pytest_cache __pycache__ tools/node_modules tools/package-lock.json tools/build
