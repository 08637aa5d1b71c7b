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

.PHONY: help deps deb install demo demo-clean test unit typecheck lint bench clean \
	pot i18n update-po

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
	@echo "make pot         po/$(PKG).pot from the sources (xgettext)"
	@echo "make i18n        the .pot, each po/LANG.po's .mo and GUI catalogue ($(I18N_OUT)/)"
	@echo "make update-po   merge the .pot's new messages into each po/LANG.po"
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

# Translations (gettext). The .pot is a build product: the package build makes it and
# checks every catalogue. Python messages are marked _("..."), GUI ones gettext("...").
# Each po/LANG.po gives the CLI's catalogue (po/build/locale/LANG/LC_MESSAGES/$(PKG).mo,
# installed under /usr/share/locale) and the GUI's (po/build/www/$(PKG)-lang-LANG.js,
# its www/ messages in proxmox-i18n's format, merged into PVE's own by the GUI hook).
POT       := po/$(PKG).pot
LINGUAS   := $(sort $(basename $(notdir $(wildcard po/*.po))))
PY_I18N   := $(sort $(shell find pvesmbgw -name '*.py'))
JS_I18N   := $(sort $(shell find www -name '*.js'))
I18N_OUT  := po/build
MO_FILES  := $(foreach l,$(LINGUAS),$(I18N_OUT)/locale/$(l)/LC_MESSAGES/$(PKG).mo)
GUI_LANGS := $(foreach l,$(LINGUAS),$(I18N_OUT)/www/$(PKG)-lang-$(l).js)
XGETTEXT  := xgettext --from-code=UTF-8 --package-name=$(PKG) --package-version=$(VERSION) \
	--msgid-bugs-address=pvesmbgw@example.org --add-comments=TRANSLATORS:

pot: $(POT)

$(POT): $(PY_I18N) $(JS_I18N)
	@printf '%s\n' $(PY_I18N) > $@.py-files
	@printf '%s\n' $(JS_I18N) > $@.js-files
	$(XGETTEXT) --language=Python --keyword=_ --keyword=N_ --files-from=$@.py-files -o $@.new
	$(XGETTEXT) --language=JavaScript --keyword=gettext --join-existing \
		--files-from=$@.js-files -o $@.new
	rm -f $@.py-files $@.js-files
	mv $@.new $@

i18n: $(POT) $(MO_FILES) $(GUI_LANGS)
	@for l in $(LINGUAS); do \
		msgcmp --use-untranslated po/$$l.po $(POT) 2>&1 | sed "s/^/warning: /" || true; \
	done

$(I18N_OUT)/locale/%/LC_MESSAGES/$(PKG).mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check --output-file=$@ $<

$(I18N_OUT)/www/$(PKG)-lang-%.js: po/%.po scripts/po2js.py
	@mkdir -p $(@D)
	msggrep $(addprefix --location=,$(JS_I18N)) $< | msgfmt --check --output-file=$(I18N_OUT)/www/gui-$*.mo -
	$(PY) scripts/po2js.py $* $(I18N_OUT)/www/gui-$*.mo $@
	rm -f $(I18N_OUT)/www/gui-$*.mo

update-po: $(POT)
	@for l in $(LINGUAS); do \
		msgmerge --update --backup=none --no-fuzzy-matching po/$$l.po $(POT); \
	done

clean:
	rm -rf $(DIST) .pybuild build *.egg-info .mypy_cache .pytest_cache po/build $(POT)
	rm -rf debian/.debhelper debian/$(PKG) debian/files debian/*.substvars \
		debian/*.debhelper debian/*.debhelper.log debian/debhelper-build-stamp
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
