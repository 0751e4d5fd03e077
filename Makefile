# The two commands a newcomer needs: `make site` and `make test`. See README.md.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SITE   := site
# Material's end-of-life notice: known and planned for (see README, "Moving engines").
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve validate test lint typecheck unit bench install clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

validate: $(STAMP)
	$(BIN)/briefings validate --strict briefings

# Build into a fresh folder and swap it in only on success: a failed build
# never leaves a half-written site. The plugin validates the archive (once);
# --strict turns its warnings into a failed build, as `validate --strict` does.
site: $(STAMP)
	rm -rf $(SITE).new
	$(BIN)/mkdocs build --strict --quiet --site-dir $(SITE).new
	rm -rf $(SITE).old
	if [ -d $(SITE) ]; then mv $(SITE) $(SITE).old; fi
	mv $(SITE).new $(SITE)
	rm -rf $(SITE).old
	@echo "site built in $(SITE)/ — preview with: make serve"

serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy build_tools tests benchmarks

unit: $(STAMP)
	$(BIN)/pytest -n 2

test: lint typecheck unit

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(SITE) $(SITE).new $(SITE).old .bench build *.egg-info
