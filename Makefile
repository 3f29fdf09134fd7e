# Footprint — the two commands of the README are `make report` and `make test`.
SWIFT   ?= swift
MODEL   ?= Models/hybrid-buildout.yaml
RELEASE := .build/release/footprint
# One optimized build serves the binary and the tests: with -enable-testing
# the tests' @testable imports compile in release, so `make test` builds
# once instead of twice (release binary + debug tests) and the tests run in
# 33 s instead of 78 s. The engine's instruction count is unchanged by the
# flag (callgrind, default model, 2,000 draws: 626.0 M against 626.5 M).
RELFLAGS := -c release -Xswiftc -enable-testing
# The build-outs Reports/buildouts.md ranks: the campuses of Models/buildouts/ (their reports in Reports/buildouts/).
LEAGUE  := $(wildcard Models/buildouts/*.yaml)

.PHONY: deps build release report reports report-one test slurm-test bench clean golden fuzz fuzz-build fuzz-corpus fuzz-options explore explore-build explore-test

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
	$(SWIFT) build $(RELFLAGS) --product footprint

# Runs the default scenario: totals on the terminal, then its Markdown report
# (with SVG charts), JSON and CSV in Reports/.
report: release
	$(RELEASE) run $(MODEL)
	@$(MAKE) --no-print-directory report-one M=$(MODEL)

# Regenerates the reports of every scenario in Models/ (a test checks that the
# committed ones are current).
reports: release
	@for m in Models/*.yaml; do $(MAKE) --no-print-directory report-one M="$$m" || exit 1; done
	$(RELEASE) disclose $(MODEL)
	@for m in $(LEAGUE); do n=$$(basename "$$m" .yaml); \
		$(RELEASE) report "$$m" --output "Reports/buildouts/$$n.md" || exit 1; done
	$(RELEASE) league $(LEAGUE)

report-one:
	@n=$$(basename "$(M)" .yaml); \
	$(RELEASE) report "$(M)" && \
	$(RELEASE) run "$(M)" --format json --output "Reports/$$n.json" && \
	$(RELEASE) run "$(M)" --format csv --output "Reports/$$n.csv" && \
	echo "wrote Reports/$$n.json and Reports/$$n.csv"

# The Swift tests, then the Slurm test below where this machine can run it.
# The command-line tests run the release binary named by FOOTPRINT_BIN:
# a Monte Carlo run takes 0.1 s there and 11 s in a debug build; the tests
# themselves are built in the same release build (RELFLAGS).
# Without root (or passwordless sudo), or without Slurm and apt-get to
# install it, the Slurm test is skipped with one line saying why; with
# CI=true a skip is a failure.
test: deps
	$(SWIFT) build $(RELFLAGS) --build-tests
	FOOTPRINT_BIN="$(CURDIR)/$(RELEASE)" $(SWIFT) test $(RELFLAGS) --skip-build
	@if how=$$(scripts/slurm/preflight.sh); then \
		$(MAKE) --no-print-directory slurm-test SLURM_AS="$$how"; \
	elif [ "$$CI" = true ]; then \
		echo "Slurm test cannot run, and CI=true requires it: $$how" >&2; exit 1; \
	else \
		echo "Slurm test skipped: $$how"; \
	fi

# A real single-node Slurm (Slurm and MUNGE installed when missing, daemons
# started here and stopped after): the default model, a sweep and a Sobol
# analysis as 4 array-job shards, merged, equal the unsharded commands byte
# for byte. Needs root, or passwordless sudo (SLURM_AS=sudo, which
# preflight.sh prints): the daemons run as root.
SLURM_AS ?=
slurm-test: deps release
	$(if $(filter sudo,$(SLURM_AS)),sudo env "PATH=$$PATH",) FOOTPRINT_BIN="$(CURDIR)/$(RELEASE)" scripts/slurm/ci-test.sh

# The explorer (docs/explorer.md): a package of its own in Explorer/, so that
# `make report` and `make test` never build its HTTP server (Hummingbird).
# `make explore` builds it in release and starts it on the default model
# (PORT=8080; MODEL= another scenario); `footprint serve` starts it too.
PORT ?= 8080
EXPLORER := Explorer/.build/release/footprint-explorer
explore-build: deps
	cd Explorer && $(SWIFT) build -c release --product footprint-explorer

explore: explore-build
	$(EXPLORER) $(MODEL) --port $(PORT)

# The explorer's tests: every endpoint (Swift, HummingbirdTesting), then the
# page in a real browser (Debian's chromium, installed when missing) and a
# 30-second load test with wrk on loopback (scripts/explorer/). CI runs it.
explore-test: deps release explore-build
	cd Explorer && FOOTPRINT_BIN="$(CURDIR)/$(RELEASE)" $(SWIFT) test
	FOOTPRINT_BIN="$(CURDIR)/$(RELEASE)" scripts/explorer/browser-test.sh $(EXPLORER)
	scripts/explorer/load-test.sh $(EXPLORER)

# Times the standard workloads (wall time, peak memory) with the developer
# tool footprint-bench, which spawns the release footprint binary.
bench: deps
	$(SWIFT) build $(RELFLAGS) --product footprint
	$(SWIFT) build $(RELFLAGS) --product footprint-bench
	.build/release/footprint-bench

clean:
	rm -rf .build

# Rewrites the golden files of the report tests; review the diff before committing.
golden: release
	FOOTPRINT_UPDATE_GOLDEN=1 FOOTPRINT_BIN="$(CURDIR)/$(RELEASE)" $(SWIFT) test $(RELFLAGS) --filter FootprintReportTests

# Coverage-guided fuzzing (libFuzzer + AddressSanitizer) of every reader of
# user input: scenario YAML, catalog YAML, --set values, hourly CSV profiles,
# shard part files, power telemetry CSVs (Fuzz/FootprintFuzz). `make fuzz FUZZ_SECONDS=600` builds the target in
# .build/fuzz, seeds its corpus with Models/ and the bad-model corpus, and
# runs niced; findings land in .build/fuzz-findings (crash-*, timeout-*,
# slow-unit-*). An input that takes over FUZZ_TIMEOUT seconds is a finding.
# A debug build: SwiftPM's release build with --sanitize=fuzzer left the
# Swift modules without coverage counters (libFuzzer saw only C edges), and
# so does the debug build unless every module asks for libFuzzer's counters
# (-sanitize-coverage=...inline-8bit-counters,pc-table; without it: "no
# interesting inputs", with it 3,728 edges at start).
FUZZ_SECONDS ?= 600
FUZZ_TIMEOUT ?= 10
FUZZ_BIN     := .build/fuzz/debug/footprint-fuzz
FUZZ_CORPUS  := .build/fuzz-corpus
BAD_MODELS   := Tests/FootprintLoadingTests/Fixtures/bad

fuzz-build: deps
	$(SWIFT) build --build-path .build/fuzz --sanitize=fuzzer --sanitize=address \
		-Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp \
		-Xswiftc -DFUZZING --product footprint-fuzz 2>&1 | grep -v "ld.gold: warning: Cannot export local symbol"

# The first byte of an input picks the reader (see FuzzTarget.swift).
fuzz-corpus:
	@mkdir -p $(FUZZ_CORPUS)/seed $(FUZZ_CORPUS)/live
	@for f in Models/*.yaml $(BAD_MODELS)/*.yaml; do \
		n=$$(basename "$$f" .yaml); printf '\000' | cat - "$$f" > $(FUZZ_CORPUS)/seed/scenario-$$n; done
	@printf '\001' | cat - Models/catalog/accelerators.yaml > $(FUZZ_CORPUS)/seed/catalog-accelerators
	@printf '\002' | cat - Models/catalog/grids.yaml > $(FUZZ_CORPUS)/seed/catalog-grids
	@printf '\003sites.s.pue=1.3\nfleets.f.utilization={dist: uniform, min: 0.2, max: 0.9}\nscenario.resolution=day\naccelerators.nvidia-h100-sxm.tdp_w=650\ngrids.US-VA.intensity_kg_per_kwh=0.3' > $(FUZZ_CORPUS)/seed/set-values
	@awk 'BEGIN { printf "\004capacity_factor\n"; for (h = 0; h < 8760; h++) printf "%.3f\n", (h % 24 >= 7 && h % 24 <= 18) ? 0.6 : 0 }' > $(FUZZ_CORPUS)/seed/profile-solar
	@for f in $(BAD_MODELS)/*.csv; do [ -f "$$f" ] || continue; \
		printf '\004' | cat - "$$f" > $(FUZZ_CORPUS)/seed/profile-$$(basename "$$f" .csv); done
	@$(RELEASE) run Models/gpt3-training.yaml --samples 200 --format csv --shard 1/2 --output $(FUZZ_CORPUS)/part.fpp && \
		printf '\005' | cat - $(FUZZ_CORPUS)/part.fpp > $(FUZZ_CORPUS)/seed/part-run && rm -f $(FUZZ_CORPUS)/part.fpp
	@# A part with quantile bands (uncertain inputs), so the fuzzer mutates their counts.
	@$(RELEASE) run Models/solar-wind-campus.yaml --samples 200 --format csv --shard 1/2 --output $(FUZZ_CORPUS)/part.fpp && \
		printf '\005' | cat - $(FUZZ_CORPUS)/part.fpp > $(FUZZ_CORPUS)/seed/part-bands && rm -f $(FUZZ_CORPUS)/part.fpp
	@for f in Models/telemetry/*.csv; do [ -f "$$f" ] || continue; \
		printf '\006' | cat - "$$f" > $(FUZZ_CORPUS)/seed/telemetry-$$(basename "$$f" .csv); done

fuzz: release fuzz-build fuzz-corpus
	@mkdir -p .build/fuzz-findings
	@# 64 MiB of stack: AddressSanitizer's debug frames make the YAML
	@# reader's 1,000 permitted nesting levels overflow the default 8 MiB.
	ulimit -s 65536; nice -n 19 $(FUZZ_BIN) $(FUZZ_CORPUS)/live $(FUZZ_CORPUS)/seed \
		-max_total_time=$(FUZZ_SECONDS) -timeout=$(FUZZ_TIMEOUT) -rss_limit_mb=4096 -max_len=131072 \
		-print_final_stats=1 \
		-artifact_prefix=.build/fuzz-findings/

# Black-box fuzzing of every command-line option value of the release binary
# (scripts/fuzz/options.py): signals, hangs, silent failures, files clobbered.
FUZZ_OPTION_RUNS ?= 400
fuzz-options: release
	python3 scripts/fuzz/options.py $(FUZZ_OPTION_RUNS)
