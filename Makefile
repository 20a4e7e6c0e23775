# Everything a fresh machine needs is installed from here: `make demo`, `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
APT_STAMP := $(VENV)/.sysdeps-stamp
# System packages: LibreOffice (legacy .doc/.xls and the fixture builder's PDFs), a CJK font, Chromium (review page test).
SYSDEPS := libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk fonts-wqy-zenhei poppler-utils chromium

.PHONY: install sysdeps demo test test-quick bench eval clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,ocr,dask]'
	touch $(STAMP)

# apt-get only what is missing; in CI a failed install fails the run.
sysdeps: $(APT_STAMP)

$(APT_STAMP): | $(STAMP)
	@missing=""; \
	command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-writer-nogui libreoffice-calc-nogui"; \
	fc-list 2>/dev/null | grep -qi "wenquanyi zen hei" || missing="$$missing fonts-wqy-zenhei"; \
	fc-list 2>/dev/null | grep -qi "noto serif cjk" || missing="$$missing fonts-noto-cjk"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  ( $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null ) \
	  || { echo "could not install:$$missing"; [ "$$CI" = "true" ] && exit 1 || true; }; \
	fi
	@# In CI every tool must really be there after the install (a package can install without its command).
	@if [ "$$CI" = "true" ]; then \
	  for t in soffice pdftoppm chromium; do command -v $$t >/dev/null 2>&1 || { echo "CI: $$t missing after make sysdeps"; exit 1; }; done; \
	  fc-list 2>/dev/null | grep -qi "wenquanyi zen hei" || { echo "CI: font WenQuanYi Zen Hei missing"; exit 1; }; \
	fi
	touch $(APT_STAMP)

demo: install
	rm -rf out
	-$(BIN)/tablextract extract samples -o out --format json,csv,xlsx --jobs 2
	$(BIN)/tablextract summary out

test: install sysdeps
	$(BIN)/pytest -q

test-quick: install
	TABLEXTRACT_SKIP_SLOW=1 $(BIN)/pytest -q -x

bench: install sysdeps
	$(BIN)/python bench/run.py

# The real corpus (tests/real) in every format, scored against its gold: `make eval ARGS="--only 401 --show 20"`;
# ARGS=--write-scores rewrites tests/real/SCORES.md, --raise-floors tests/real/floors.json. Installs only when
# there is no venv yet, and runs this checkout's own source, so a shared venv is never re-pointed.
eval:
	@test -e $(STAMP) || $(MAKE) install sysdeps
	PYTHONPATH=$(CURDIR)/src $(BIN)/python -m tablextract.testing.evaluate $(ARGS)

clean:
	rm -rf out build dist .pytest_cache .hypothesis src/*.egg-info
