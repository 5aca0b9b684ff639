# servicelab — every target bootstraps its own virtual environment (.venv) from the lock file.
#   make run    build the tables, execute every notebook, write HTML copies to build/
#   make test   lint, unit tests and nbval on every notebook
#   make lab    JupyterLab with the project's kernel ("Python (servicelab)")

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
CORPUS  ?= data/raw
OUT     ?= data/processed
export PYTHONHASHSEED := 0
unexport MPLBACKEND

.PHONY: run test lab notebooks bench clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	$(PY) -m ipykernel install --sys-prefix --name servicelab --display-name "Python (servicelab)" >/dev/null
	@touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/servicelab build $(CORPUS) --out $(OUT)
	$(PY) tools/run_notebooks.py --corpus $(CORPUS) --out build

test: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks tools
	$(PY) -m pytest tests notebooks --nbval --nbval-sanitize-with tools/nbval_sanitize.cfg -p no:randomly

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

notebooks: $(STAMP)
	$(PY) tools/make_notebooks.py

bench: $(STAMP)
	$(PY) benchmarks/bench_build.py

clean:
	rm -rf build $(OUT)
