# Two commands do all the set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The example knowledge base is written for this day: every stage and checklist shows.
EXAMPLE_DAY := 2026-12-01

.PHONY: demo test serve bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "infoview needs Python 3.11 or newer (set PYTHON=python3.X)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/infoview check --today $(EXAMPLE_DAY)
	$(BIN)/infoview todo --today $(EXAMPLE_DAY)
	$(BIN)/infoview build --today $(EXAMPLE_DAY)
	@echo "Open $(CURDIR)/site/index.html in a browser, or run 'make serve'."
	@echo
	@echo "Start your own knowledge base (its docs/guide.md walks you through the workflow):"
	@echo "  export PATH=\"$(CURDIR)/$(BIN):\$$PATH\""
	@echo "  infoview init ~/interviews && cd ~/interviews"
	@echo "  infoview new contact \"Ada Quill\" --company Northwind"

serve: $(STAMP)
	$(BIN)/infoview serve --today $(EXAMPLE_DAY)

test: $(STAMP)
	$(BIN)/ruff check infoview_build tests bench
	$(BIN)/python -m pytest -n 2

bench: $(STAMP)
	$(BIN)/python bench/check_speed.py
	$(BIN)/python bench/site_speed.py
	$(BIN)/python bench/search_speed.py
	$(BIN)/python bench/lsp_speed.py

clean:
	rm -rf $(VENV) site .pytest_cache
