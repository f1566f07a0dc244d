# Two commands do everything on a fresh Debian/Ubuntu machine:
#   make demo   system packages, venv, Cython build, Pd bridge, then the demo
#   make test   the same set-up, then mypy --strict and the whole test suite
# Other targets: make bench, make pd-package, make wheels, make check-aarch64, make clean.

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

# The Pd library (pd/nrcore.pd_linux, the loader; pd/bridge/nrcore-pyX.Y.so, one bridge per
# Python version found; pd/nrcore.cfg pointing at this venv) and the deken-layout package
# (dist/pd/nrcore/ and dist/pd/nrcore[vVERSION](Linux-amd64-32).dek), which carries no path of
# this machine.
.PHONY: pd pd-package
pd: $(VENV)/.installed
	$(MAKE) -C pd NRCORE_VENV=$(abspath $(VENV))

# The package ships a wheel of this tree for [; nrcore setup( (rebuilt every time: setuptools
# recompiles only the kernels whose sources changed), plus any wheels `make wheels` left in dist/.
pd-package: pd
	rm -rf build/pd-wheels
	$(PY) -m pip wheel -q --no-deps --no-build-isolation -w build/pd-wheels .
	$(MAKE) -C pd package NRCORE_VENV=$(abspath $(VENV))

# The rack on JACK's paced dummy backend for 10 minutes with a CPU hog on the other core
# (result: BENCHMARKS.md, rack section). make check-install-jetson runs jetson/install.sh in a
# Debian debootstrap chroot (slow, needs root and the Debian mirror).
.PHONY: rack-realtime check-install-jetson
rack-realtime: setup
	$(PY) -m nrcore.hosts.jetson.rtcheck --seconds 600

check-install-jetson:
	jetson/check-install.sh

# Wheels: dist/nrcore-VERSION.tar.gz and one auditwheel-repaired manylinux wheel per CPython
# 3.10-3.13 found here, each built from the sdist and smoke-tested in a fresh venv.
.PHONY: wheels check-aarch64
wheels: $(VENV)/.installed
	PY=$(PY) scripts/build-wheels.sh

# aarch64 under emulation (debootstrap arm64 root + qemu-user-static): builds the kernels and
# the Pd bridge there and runs the kernels' and the Pd objects' tests. Slow; needs root.
check-aarch64:
	nice -n 10 scripts/check-aarch64.sh $(PYTEST_ARGS)
