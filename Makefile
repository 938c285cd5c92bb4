# The two commands a newcomer needs: `make lab` and `make test`.
# Set-up is shared and idempotent: the venv is made once and re-installed only when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.immplay-installed

.PHONY: lab test setup lint bench clean lite lite-if-possible

setup: $(STAMP)

$(STAMP): pyproject.toml binder/overrides.json
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[course,test]'
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	cp binder/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $(STAMP)

# Opens the course at 00-start. As root (a container, a CI box), Jupyter needs --allow-root.
lab: setup
	$(BIN)/jupyter lab --config=binder/jupyter_server_config.py $(if $(filter 0,$(shell id -u)),--allow-root,) \
		--ServerApp.root_dir=notebooks notebooks/00-start.ipynb

# One pytest run: the test suite, and every course notebook compared strictly with its committed
# outputs (nbval). The legacy SDK lets ALIYUN_ACCESS_KEY_* override explicit credentials: unset them.
test: setup lite-if-possible
	env -u ALIYUN_ACCESS_KEY_ID -u ALIYUN_ACCESS_KEY_SECRET $(BIN)/python -m pytest -p no:cacheprovider \
		tests notebooks --nbval --nbval-current-env --sanitize-with notebooks/nbval-sanitize.cfg \
		--ignore=tests/browser/playground.ipynb

lint: setup
	$(BIN)/ruff check immplay tests benchmarks

# The course as a static JupyterLite site in build/lite/ (no server, no CDN): see lite/README.md.
lite: setup
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r lite/requirements-build.txt
	$(BIN)/python lite/build_site.py

# `make test` builds the site for the browser test when npm is there; without npm that test skips, saying why.
lite-if-possible: setup
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory lite; \
	else echo "npm not found: build/lite/ not built, tests/browser/test_lite_site.py will skip"; fi

bench: setup
	$(BIN)/python benchmarks/bench_evaluate.py

clean:
	rm -rf $(VENV) build *.egg-info
