# pvesmbgw — developer and CI entry points. Run as root on Debian 12.
# Always the Debian interpreter: a pyenv python3 on PATH cannot import samba.
PY ?= /usr/bin/python3
PYTEST_ARGS ?=

PKG     := pvesmbgw
VERSION := $(shell sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' debian/changelog)
DIST    := dist

# Bytecode is cached outside the source tree (never in the tree the package is built
# from): the suite starts thousands of short Python processes (the CLI, the simulator's
# tools), and compiling every import each time more than doubled what each one cost.
export PYTHONPYCACHEPREFIX := /var/cache/pvesmbgw-test/pycache
unexport PYTHONDONTWRITEBYTECODE
export DEBIAN_FRONTEND := noninteractive

.PHONY: help deps deb install demo demo-clean test unit typecheck lint bench clean

help:
	@echo "make deps        install runtime, build and test packages (apt)"
	@echo "make deb         build $(DIST)/$(PKG)_$(VERSION)_all.deb"
	@echo "make install     apt-get install the built .deb"
	@echo "make demo        runtime and build packages + deb + install, then serve share 'demo' and prove it"
	@echo "make demo-clean  remove what the demo created"
	@echo "make test        the whole test suite (root: real smbd, btrfs on loop files)"
	@echo "make unit        unit tests only (no processes started)"
	@echo "make typecheck   mypy on the package"
	@echo "make lint        pyflakes, when installed"
	@echo "make bench       benchmark numbers"
	@echo "make clean       remove build output"

deps:
	scripts/install-deps.sh all

# dpkg-buildpackage writes to the parent directory; move the results to dist/.
# PATH is reset so that pybuild finds Debian's python3.X, not a pyenv shim.
SYSTEM_PATH := /usr/sbin:/usr/bin:/sbin:/bin

deb:
	rm -rf $(DIST)
	env PATH=$(SYSTEM_PATH) dpkg-buildpackage -us -uc -b
	mkdir -p $(DIST)
	mv ../$(PKG)_$(VERSION)_all.deb ../$(PKG)_$(VERSION)_*.buildinfo ../$(PKG)_$(VERSION)_*.changes $(DIST)/
	@ls -l $(DIST)

# --reinstall: a rebuilt .deb of the same version replaces the installed one.
# Recommends (ctdb, smbclient) are left out here; make deps installs smbclient.
install: deb
	apt-get install -y --reinstall --no-install-recommends $(CURDIR)/$(DIST)/$(PKG)_$(VERSION)_all.deb </dev/null

# The demo needs the runtime set and what builds the .deb, not the test tiers'
# (LXC, an AD DC, CTDB, chromium).
demo:
	scripts/install-deps.sh runtime build demo
	$(MAKE) deb install
	scripts/demo.sh

demo-clean:
	scripts/demo.sh --clean

test:
	scripts/install-deps.sh runtime test
	PY=$(PY) scripts/run-tests.sh $(PYTEST_ARGS)

unit:
	@rc=0; $(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS) tests/unit || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make unit: no tests collected"; fi; exit $$rc

typecheck:
	$(PY) -m mypy

lint:
	@if $(PY) -c 'import pyflakes' 2>/dev/null; then \
		$(PY) -m pyflakes pvesmbgw tests scripts; \
	else \
		echo "make lint: pyflakes is not installed (apt-get install python3-pyflakes); skipped"; \
	fi

bench:
	$(PY) scripts/bench.py

clean:
	rm -rf $(DIST) .pybuild build *.egg-info .mypy_cache .pytest_cache
	rm -rf debian/.debhelper debian/$(PKG) debian/files debian/*.substvars \
		debian/*.debhelper debian/*.debhelper.log debian/debhelper-build-stamp
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
