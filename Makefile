# OCOP Kiosk. `make run` and `make test` do all set-up themselves.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
# No QT_QPA_PLATFORM here: `make run` needs a real display (the app says so when there is none);
# the test targets set offscreen themselves.

.PHONY: run test lint contracts pytest bench fmt clean install sysdeps screenshots package package-test

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,hq]'
	@touch $@

install: $(STAMP)

sysdeps:
	@bash scripts/system-deps.sh $(if $(filter run,$(MAKECMDGOALS)),run,test)

## run: the kiosk window with the demo catalogue and fake devices
# Byte code compiled first, as the package's postinst does: a start then reads it instead of
# compiling ~190 modules again (~140 ms), also where PYTHONDONTWRITEBYTECODE is set.
run: sysdeps install
	$(PY) -m compileall -q kiosk hardware db hq resources
	$(VENV)/bin/ocop-kiosk --demo

## test: lint, import contracts and the whole suite, offscreen
test: sysdeps install lint contracts pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

contracts: install
	$(VENV)/bin/lint-imports

pytest: install
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

fmt: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## bench: speed figures (prints p50/p99 and ratios; see bench/RESULTS.md)
bench: install
	$(PY) -m bench $(BENCH_ARGS)

## package: dist/ocop-kiosk_<version>_<arch>.deb (docs/packaging.md)
package:
	bash packaging/deb/build.sh dist

## package-test: build the .deb, install it as root, run it from /opt (slow; not in make test)
package-test: install
	OCOP_PACKAGE_TEST=1 QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider tests/packaging

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
