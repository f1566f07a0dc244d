# Two commands do everything on a fresh Debian/Ubuntu machine:
#   make demo   system packages, venv, Cython build, Pd bridge, then the demo
#   make test   the same set-up, then mypy --strict and the whole test suite
# Other targets: make bench, make pd-package, make clean.

SHELL := /bin/bash
# Debian's python3 ships libpython for the Pd bridge to embed; fall back to any python3.
PYTHON ?= $(shell test -x /usr/bin/python3 && echo /usr/bin/python3 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
DEMO_OUT ?= demo-out
PYTEST_ARGS ?=

.PHONY: demo test setup build system-deps bench clean

demo: setup
	$(PY) -m nrcore demo --out $(DEMO_OUT) --play

test: setup
	$(PY) -m mypy
	$(PY) -m pytest $(PYTEST_ARGS)

setup: build pd

system-deps: $(VENV)/.system-deps
$(VENV)/.system-deps: scripts/system-deps.sh
	scripts/system-deps.sh
	mkdir -p $(VENV) && touch $@

$(VENV)/.installed: $(VENV)/.system-deps pyproject.toml setup.py
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip "setuptools>=77" wheel "cython>=3.0" "numpy>=1.23"
	$(PY) -m pip install -q --no-build-isolation -e ".[dev,train]"
	touch $@

build: $(VENV)/.installed
	$(PY) setup.py -q build_ext --inplace

bench: setup
	$(PY) benchmarks/run_all.py

clean:
	-$(MAKE) -C pd clean
	rm -rf build $(VENV) $(DEMO_OUT) dist python/nrcore/*.so cython/*.c

# The Pd bridge (pd/nrcore.pd_linux, embedding this venv's Python) and the deken-layout
# package (dist/pd/nrcore/ and dist/pd/nrcore[vVERSION](Linux-amd64-32).dek).
.PHONY: pd pd-package
pd: $(VENV)/.installed
	$(MAKE) -C pd NRCORE_VENV=$(abspath $(VENV))

pd-package: pd
	$(MAKE) -C pd package NRCORE_VENV=$(abspath $(VENV))

# The rack on JACK's paced dummy backend for 10 minutes with a CPU hog on the other core
# (result: BENCHMARKS.md, rack section). make check-install-jetson runs jetson/install.sh in a
# Debian debootstrap chroot (slow, needs root and the Debian mirror).
.PHONY: rack-realtime check-install-jetson
rack-realtime: setup
	$(PY) -m nrcore.hosts.jetson.rtcheck --seconds 600

check-install-jetson:
	jetson/check-install.sh
