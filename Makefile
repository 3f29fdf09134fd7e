# Footprint — the two commands of the README are `make report` and `make test`.
SWIFT   ?= swift
MODEL   ?= Models/hybrid-buildout.yaml
RELEASE := .build/release/footprint

.PHONY: deps build release report reports test bench clean golden

# Installs GSL (and pkg-config, which SwiftPM uses to find it) when missing.
deps:
	@if pkg-config --exists gsl 2>/dev/null; then :; \
	elif command -v apt-get >/dev/null 2>&1; then \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
		echo "Installing libgsl-dev and pkg-config with apt-get..."; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libgsl-dev pkg-config >/dev/null; \
	elif command -v brew >/dev/null 2>&1; then \
		echo "Installing gsl and pkg-config with Homebrew..."; brew install gsl pkg-config; \
	else \
		echo "GSL not found: install libgsl-dev (Debian/Ubuntu) or gsl (Homebrew), and pkg-config." >&2; exit 1; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product footprint

# Runs the default scenario: the table on the terminal, JSON and CSV in Reports/.
report: release
	$(RELEASE) run $(MODEL)
	$(RELEASE) run $(MODEL) --format json --output Reports/$(basename $(notdir $(MODEL))).json
	$(RELEASE) run $(MODEL) --format csv --output Reports/$(basename $(notdir $(MODEL))).csv

# Regenerates the results of every scenario in Models/.
reports: release
	@for m in Models/*.yaml; do \
		n=$$(basename "$$m" .yaml); echo "footprint run $$m -> Reports/$$n.json, Reports/$$n.csv"; \
		$(RELEASE) run "$$m" --format json --output "Reports/$$n.json" || exit 1; \
		$(RELEASE) run "$$m" --format csv --output "Reports/$$n.csv" || exit 1; \
	done

test: deps
	$(SWIFT) test

bench: release
	$(RELEASE) bench

clean:
	rm -rf .build

# Rewrites the golden files of the report tests; review the diff before committing.
golden: deps
	FOOTPRINT_UPDATE_GOLDEN=1 $(SWIFT) test --filter FootprintReportTests
