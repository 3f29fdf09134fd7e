# Footprint — the two commands of the README are `make report` and `make test`.
SWIFT   ?= swift
MODEL   ?= Models/hybrid-buildout.yaml
RELEASE := .build/release/footprint

.PHONY: deps build release report reports report-one test slurm-test bench clean golden

# Installs GSL and libyaml (and pkg-config, which SwiftPM uses to find
# them) when missing.
deps:
	@if pkg-config --exists gsl yaml-0.1 2>/dev/null; then :; \
	elif command -v apt-get >/dev/null 2>&1; then \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
		echo "Installing libgsl-dev, libyaml-dev and pkg-config with apt-get..."; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libgsl-dev libyaml-dev pkg-config >/dev/null; \
	elif command -v brew >/dev/null 2>&1; then \
		echo "Installing gsl, libyaml and pkg-config with Homebrew..."; brew install gsl libyaml pkg-config; \
	else \
		echo "GSL or libyaml not found: install libgsl-dev and libyaml-dev (Debian/Ubuntu) or gsl and libyaml (Homebrew), and pkg-config." >&2; exit 1; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product footprint

# Runs the default scenario: totals on the terminal, then its Markdown report
# (with SVG charts), JSON and CSV in Reports/.
report: release
	$(RELEASE) run $(MODEL)
	@$(MAKE) --no-print-directory report-one M=$(MODEL)

# Regenerates the reports of every scenario in Models/ (a test checks that the
# committed ones are current).
reports: release
	@for m in Models/*.yaml; do $(MAKE) --no-print-directory report-one M="$$m" || exit 1; done

report-one:
	@n=$$(basename "$(M)" .yaml); \
	$(RELEASE) report "$(M)" && \
	$(RELEASE) run "$(M)" --format json --output "Reports/$$n.json" && \
	$(RELEASE) run "$(M)" --format csv --output "Reports/$$n.csv" && \
	echo "wrote Reports/$$n.json and Reports/$$n.csv"

test: deps
	$(SWIFT) test

# A real single-node Slurm (installed and started here, stopped after):
# the default model as 4 array-job shards, merged, equals the unsharded run
# byte for byte. Needs root; not part of `make test`.
slurm-test: deps
	scripts/slurm/ci-test.sh

# Times the standard workloads (wall time, peak memory) with the developer
# tool footprint-bench, which spawns the release footprint binary.
bench: deps
	$(SWIFT) build -c release --product footprint
	$(SWIFT) build -c release --product footprint-bench
	.build/release/footprint-bench

clean:
	rm -rf .build

# Rewrites the golden files of the report tests; review the diff before committing.
golden: deps
	FOOTPRINT_UPDATE_GOLDEN=1 $(SWIFT) test --filter FootprintReportTests
