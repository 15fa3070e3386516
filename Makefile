# minirnn: `make` runs the demo, `make test` the test suite (installing pytest if missing).
PYTHON ?= python3
VENV ?= .venv
PYTEST_ARGS ?=

.PHONY: run test test-slow bench portability clean

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

bench:
	$(PYTHON) tools/bench.py

portability:
	bash tools/portability.sh

clean:
	rm -rf $(VENV) .venv-* .pytest_cache __pycache__ tools/node_modules tools/package-lock.json
