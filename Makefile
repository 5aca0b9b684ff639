# servicelab — every target bootstraps its own virtual environment (.venv) from the lock file.
#   make run     build the tables once (data/processed/), execute every notebook on them,
#                write the HTML report to build/report/
#   make test    lint, unit tests, browser test and nbval on every notebook
#   make lab     JupyterLab with the project's kernel ("Python (servicelab)")
#   make report  CORPUS=path/to/your/texts REPORT=build/mine  — the report on your own corpus

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
CORPUS  ?= data/raw
OUT     ?= data/processed
REPORT  ?= build/report
export PYTHONHASHSEED := 0
unexport MPLBACKEND

.PHONY: run test lab notebooks bench clean venv report browser

venv: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	$(PY) -m ipykernel install --sys-prefix --name servicelab --display-name "Python (servicelab)" >/dev/null
	@touch $(STAMP)

# The tables are built once, into $(OUT) (skipped when $(OUT) already holds a build of the
# same files); the report and every notebook read them from there.
run: $(STAMP)
	$(VENV)/bin/servicelab report $(CORPUS) --out $(REPORT) --tables $(OUT) --tutorials

report: $(STAMP)
	$(VENV)/bin/servicelab report $(CORPUS) --out $(REPORT)

# Debian's Chromium for tests/test_browser.py (needs root or sudo; skipped quietly otherwise,
# and the browser test then says why it skipped).
browser:
	-@sh tools/install_browser.sh

test: $(STAMP) browser
	$(VENV)/bin/ruff check src tests benchmarks tools notebooks/*.py
	$(PY) -m pytest tests -p no:randomly -n 2 --dist loadfile --durations=10
	$(PY) -m pytest notebooks --nbval --nbval-sanitize-with tools/nbval_sanitize.cfg -p no:randomly -n 2 --dist loadfile

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

notebooks: $(STAMP)
	$(PY) tools/make_notebooks.py

bench: $(STAMP)
	$(PY) benchmarks/bench_build.py
	$(PY) benchmarks/bench_sentiment.py
	$(PY) benchmarks/bench_timex.py

clean:
	rm -rf build $(OUT)
