# conceptgraph: every target sets itself up on a fresh machine with only Python 3.11+ and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
# Reproducible builds: dates in the site (sitemap) come from the last commit, not the clock.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 315532800)

.PHONY: site test serve check bench lock clean browser

site: $(STAMP) ## set up, then build the site in strict mode
	@# Build beside the old site and swap: a failed build leaves the previous site in place.
	rm -rf .site.tmp
	$(BIN)/mkdocs build --strict --site-dir .site.tmp
	rm -rf site && mv .site.tmp site
	@echo "Site built in $(CURDIR)/site/ (open site/index.html, or run 'make serve')"

test: $(STAMP) browser ## set up, then run every test (unit, golden, whole-site, browser)
	CONCEPTGRAPH_REQUIRE_REAL_SITE=1 $(BIN)/pytest

ADDR ?= 127.0.0.1:8000
serve: $(STAMP) ## live preview on http://$(ADDR)/ (watches kb/ and docs/): an edit rebuilds only the pages it changes
	$(BIN)/mkdocs serve --dirty --livereload -a $(ADDR)

check: $(STAMP) ## validate the knowledge base without building the site
	$(BIN)/conceptgraph check kb

bench: $(STAMP) browser ## benchmarks: the site without the plugin against it, the live preview, plots, graph view
	@# A RAM disk when there is one: this machine's disk is noisier than the differences measured.
	$(BIN)/python scripts/bench.py --tmp $$(test -d /dev/shm && echo /dev/shm || echo $${TMPDIR:-/tmp})
	@# Is the cost per note flat? 20,000 notes too, one build of each (about ten minutes a pair).
	$(BIN)/python scripts/bench.py --sizes 20000 --repeat 1 --tmp $$(test -d /dev/shm && echo /dev/shm || echo $${TMPDIR:-/tmp})
	$(BIN)/python scripts/bench_serve.py --tmp $$(test -d /dev/shm && echo /dev/shm || echo $${TMPDIR:-/tmp})
	$(BIN)/python scripts/bench_startup.py
	$(BIN)/python scripts/bench_plots.py
	$(BIN)/python scripts/bench_graph.py $$(test -f site/graph.json && echo site)

# The virtual environment, from the hash-locked requirements; the package itself in editable mode.
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Debian's chromium for the browser tests (never a downloaded browser).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lock: ## re-resolve requirements.lock (needs the uv tool)
	uv pip compile --python 3.11 --generate-hashes --no-emit-package conceptgraph --extra dev \
	  -o requirements.lock pyproject.toml requirements-build.in -q --custom-compile-command "make lock"

clean:
	rm -rf site $(VENV) .pytest_cache
