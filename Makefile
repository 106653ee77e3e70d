# Two commands for a newcomer: `make demo` and `make test`. Each installs what it needs.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
PORT ?= 8000
# chromium: browser tests; fonts: Arabic rendering in pages, screenshots and PDFs;
# gettext: compiling interface translations; postgresql: the second test leg;
# tesseract: OCR of scanned reports in the analysis engine; pango/harfbuzz: WeasyPrint PDFs.
DEMO_PACKAGES := gettext fonts-noto-core fonts-hosny-amiri libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
	tesseract-ocr tesseract-ocr-ara tesseract-ocr-fra tesseract-ocr-eng
TEST_PACKAGES := $(DEMO_PACKAGES) chromium postgresql

.PHONY: demo test lint typecheck pytest pytest-postgres messages makemessages bench clean

$(INSTALLED): pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=24"
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	touch $@

messages: $(INSTALLED)
	cd src/hiwar && ../../$(BIN)/hiwar compilemessages --ignore=.venv -v 0

makemessages: $(INSTALLED)
	cd src/hiwar && for lang in ar fr; do ../../$(BIN)/hiwar makemessages -l $$lang --no-obsolete --add-location file -v 0; done

demo: $(INSTALLED)
	scripts/install_system_packages.sh $(DEMO_PACKAGES)
	$(MAKE) --no-print-directory messages
	mkdir -p var
	$(BIN)/hiwar migrate --no-input -v 0
	$(BIN)/hiwar collectstatic --no-input -v 0
	$(BIN)/hiwar seed_demo
	PORT=$(PORT) scripts/serve_demo.sh

lint: $(INSTALLED)
	$(BIN)/ruff format --check src tests scripts bench
	$(BIN)/ruff check src tests scripts bench

typecheck: $(INSTALLED)
	$(BIN)/mypy

# Both legs run on two processes (pytest-xdist); the browser tests share one of them, and run
# in the SQLite leg only: the PostgreSQL leg runs every other test.
PYTEST_PARALLEL := -n 2 --dist loadgroup

pytest: $(INSTALLED)
	HIWAR_VAR_DIR=$$(mktemp -d) $(BIN)/pytest -q $(PYTEST_PARALLEL)

pytest-postgres: $(INSTALLED)
	HIWAR_VAR_DIR=$$(mktemp -d) scripts/with_postgres.sh $(BIN)/pytest -q $(PYTEST_PARALLEL) -m "not browser"

test: $(INSTALLED)
	scripts/install_system_packages.sh $(TEST_PACKAGES)
	$(MAKE) --no-print-directory messages lint typecheck
	$(BIN)/hiwar makemigrations --check --dry-run -v 1
	@echo "== test suite on SQLite"
	$(MAKE) --no-print-directory pytest
	@echo "== test suite on PostgreSQL"
	$(MAKE) --no-print-directory pytest-postgres

bench: $(INSTALLED)
	scripts/install_system_packages.sh $(DEMO_PACKAGES) apache2-utils
	$(MAKE) --no-print-directory messages
	$(BIN)/python bench/run.py
	$(BIN)/python bench/analysis.py
	$(BIN)/python bench/conference.py
	$(BIN)/python bench/knowledge.py
	$(BIN)/python bench/search.py
	scripts/with_postgres.sh $(BIN)/python bench/search.py
	$(BIN)/python bench/publications.py

clean:
	rm -rf $(VENV) var test-artifacts
