# The two commands a newcomer needs: `make site` and `make test`. See README.md.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SITE   := site
# The checkers the browser tests run on built pages: the Nu Html Checker (vnu.jar, run
# with the system's Java) and Lighthouse (Node). Pinned in tests/tools/package-lock.json.
TOOLS       := tests/tools
TOOLS_STAMP := $(TOOLS)/node_modules/.installed-stamp
# Material's end-of-life notice: known and planned for (see README, "Moving engines").
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve validate test lint typecheck unit bench install tools clean outlines

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

# --ignore-scripts: vnu-jar's install script would download a Java runtime of its own.
$(TOOLS_STAMP): $(TOOLS)/package.json $(TOOLS)/package-lock.json
	cd $(TOOLS) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $(TOOLS_STAMP)

tools: $(TOOLS_STAMP)

validate: $(STAMP)
	$(BIN)/briefings validate --strict briefings

# Build into a fresh folder and publish it in one atomic step (build_tools/publishing/site_swap.py):
# a failed or killed build never leaves a missing or half-written site, and two builds
# at once take turns. The plugin validates the archive (once): errors fail the build,
# warnings are shown and fail nothing here. The strict gates, where warnings fail too,
# are `make validate` and the pull-request workflow.
site: $(STAMP)
	$(BIN)/briefings build-site --site-dir $(SITE)

serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy build_tools tests benchmarks

unit: $(STAMP) $(TOOLS_STAMP)
	$(BIN)/pytest -n 2

test: lint typecheck unit

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

# The country outlines of the maps (build_tools/rendering/geo/data/README.md): fetched with npm
# into a scratch folder, converted, the scratch folder removed. Never run by a build.
OUTLINES := .outlines
outlines: $(STAMP)
	rm -rf $(OUTLINES) && mkdir -p $(OUTLINES)
	cd $(OUTLINES) && npm pack --silent world-atlas@2.0.2 i18n-iso-countries@7.14.0
	cd $(OUTLINES) && for f in *.tgz; do mkdir -p "$${f%.tgz}" && tar xzf "$$f" -C "$${f%.tgz}"; done
	$(BIN)/python -m build_tools.rendering.geo.regenerate_outlines \
		$(OUTLINES)/world-atlas-2.0.2/package/countries-50m.json \
		$(OUTLINES)/i18n-iso-countries-7.14.0/package/codes.json
	rm -rf $(OUTLINES)

clean:
	rm -rf $(SITE) $(SITE).builds .$(SITE).lock $(SITE).new $(SITE).old .bench build *.egg-info $(OUTLINES)
