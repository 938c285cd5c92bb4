# The two commands a newcomer needs: `make lab` and `make test`.
# Set-up is shared and idempotent: the venv is made once and re-installed only when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
COURSE_STAMP := $(VENV)/.immplay-course-installed
STAMP  := $(VENV)/.immplay-installed

.PHONY: lab test setup lint bench js clean lite lite-if-possible

# `make setup`: everything, the course and the test tools.
setup: $(STAMP)

# What the course needs, and nothing else: `make lab` installs only this.
$(COURSE_STAMP): pyproject.toml binder/overrides.json
	@test -x $(BIN)/python || { echo "==> creating the virtual environment $(VENV) ($(PYTHON) -m venv)"; $(PYTHON) -m venv $(VENV); }
	@echo "==> installing immplay and the course's packages into $(VENV): JupyterLab, ipywidgets, the Alibaba Cloud SDKs"
	@echo "    (the first time only: about 300 MB installed, a few minutes)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[course]'
	@echo "==> turning off JupyterLab's news and update pop-ups (binder/overrides.json)"
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	cp binder/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $(COURSE_STAMP)

# The test tools on top (pytest, nbval, playwright, ...): only `make test` and `make setup` need them.
$(STAMP): $(COURSE_STAMP)
	@echo "==> installing the test tools into $(VENV) (pytest, nbval, playwright, ...)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[course,test]'
	@touch $(STAMP)

# Opens the course at 00-start; the link Jupyter prints opens 00-start too. `make lab COURSE=zh-CN`
# opens the Chinese course (notebooks/zh-CN/) instead. As root (a container, a CI box), Jupyter needs
# --allow-root.
COURSE ?= en
COURSE_START := $(if $(filter zh-CN,$(COURSE)),zh-CN/00-start.ipynb,00-start.ipynb)
lab: $(COURSE_STAMP)
	@case "$(COURSE)" in en|zh-CN) ;; *) echo "make lab: COURSE=$(COURSE) is not a course; use COURSE=en (the default) or COURSE=zh-CN"; exit 2;; esac
	@echo "==> starting JupyterLab on the course: open the link below that ends in /lab/tree/$(COURSE_START)"
	$(BIN)/jupyter lab --config=binder/jupyter_server_config.py $(if $(filter 0,$(shell id -u)),--allow-root,) \
		--ServerApp.root_dir=notebooks --LabApp.default_url=/lab/tree/$(COURSE_START) notebooks/$(COURSE_START)

# One pytest run: the test suite, and every course notebook compared strictly with its committed
# outputs (nbval). The legacy SDK lets ALIYUN_ACCESS_KEY_* override explicit credentials: unset them.
test: $(STAMP) lite-if-possible
	env -u ALIYUN_ACCESS_KEY_ID -u ALIYUN_ACCESS_KEY_SECRET $(BIN)/python -m pytest -p no:cacheprovider \
		tests notebooks --nbval --nbval-current-env --nbval-sanitize-with notebooks/nbval-sanitize.cfg \
		--ignore=tests/browser/playground.ipynb

lint: $(STAMP)
	$(BIN)/ruff check immplay tests benchmarks

# The course as a static JupyterLite site in build/lite/ (no server, no CDN): see lite/README.md.
lite: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r lite/requirements-build.txt
	$(BIN)/python lite/build_site.py

# `make test` builds the site for the browser test when npm is there; without npm that test skips, saying why.
lite-if-possible: $(STAMP)
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory lite; \
	else echo "npm not found: build/lite/ not built, tests/browser/test_lite_site.py will skip"; fi

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_evaluate.py

# The editor's browser code: CodeMirror 6 from the pinned npm packages in js/package-lock.json, bundled
# by esbuild into immplay/widgets/editor.js, which is committed (installing immplay needs no Node).
# Run after changing anything under js/; tests/widgets/test_editor_bundle.py checks the two agree.
js:
	cd js && npm ci --no-audit --no-fund && node build.mjs

clean:
	rm -rf $(VENV) build *.egg-info
