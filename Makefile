# The two commands: `make run` and `make test`. See README.md.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: run test lint typecheck install services clean browser bench

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q ".[dev,embedded]"
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) scripts/dev.py run

test: install browser
	$(PY) scripts/dev.py test $(ARGS)

# Browser tests drive Debian's Chromium; install it when it is missing and we may.
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -q chromium chromium-driver >/dev/null; } || { echo "Install Chromium (Debian: apt-get install chromium) to run the browser tests"; exit 1; }

services: install
	$(PY) scripts/dev.py services

# Benchmarks report ratios against raw SQL in one run (see bench/). ARGS="stakeholders
# --repeat 5" runs one of them with its options.
bench: install
	$(PY) scripts/dev.py bench $(ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy .

clean:
	rm -rf var/ staticfiles/
