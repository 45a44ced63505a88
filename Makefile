# reflect — build, run and test. `make run` and `make test` work on a fresh Debian/Ubuntu
# machine with Swift 6: they install what is missing first.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BUILD_FLAGS := -Xswiftc -warnings-as-errors
BIN := .build/debug/reflect

.PHONY: setup build run test lint format bench coach-eval examples prompts fuzz soak clean

# System packages: GNU readline's headers; tmux, pgrep (procps), python3 and strace for the
# tests.
setup:
	@if [ ! -f /usr/include/readline/readline.h ] || ! command -v tmux >/dev/null \
	  || ! command -v pgrep >/dev/null || ! command -v python3 >/dev/null \
	  || ! command -v strace >/dev/null; then \
	  echo "Installing libreadline-dev, tmux, procps, python3 and strace…"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	    libreadline-dev tmux procps python3 strace >/dev/null; \
	fi

build: setup
	$(SWIFT) build $(BUILD_FLAGS)

run: build
	@$(BIN) session

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests Benchmarks

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests Benchmarks

# After editing Prompts/*.yaml: regenerate the packs embedded in the binary (a test fails
# when they drift).
prompts:
	$(SWIFT) build --product EmbedPrompts
	.build/debug/EmbedPrompts Sources/ReflectCore/Generated/EmbeddedPrompts.swift Prompts/*.yaml

# libFuzzer targets (Sources/reflect-fuzz, invariants in ReflectCore's FuzzChecks): each runs
# FUZZ_SECONDS (60 by default) on its corpus in Tests/Fixtures/Fuzz/<target>; a crash is
# saved there as a new input, so it stays a regression test.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := transcript pack sanitiser escapers coach
fuzz: setup
	$(SWIFT) build --product reflect-fuzz --sanitize fuzzer --scratch-path .build-fuzz
	@for target in $(FUZZ_TARGETS); do \
	  mkdir -p Tests/Fixtures/Fuzz/$$target .build-fuzz/corpus/$$target; \
	  echo "fuzz $$target: $(FUZZ_SECONDS) s"; \
	  if ! SWIFT_BACKTRACE=enable=no REFLECT_FUZZ=$$target .build-fuzz/debug/reflect-fuzz \
	    -max_total_time=$(FUZZ_SECONDS) -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=Tests/Fixtures/Fuzz/$$target/crash- \
	    .build-fuzz/corpus/$$target Tests/Fixtures/Fuzz/$$target > .build-fuzz/$$target.log 2>&1; \
	  then \
	    grep -E "Precondition failed|Fatal error|ERROR:|SUMMARY|Test unit written" .build-fuzz/$$target.log; \
	    echo "fuzz $$target found a crash; the input is in Tests/Fixtures/Fuzz/$$target"; exit 1; \
	  fi; \
	  grep -E "DONE|stat::number_of_executed_units" .build-fuzz/$$target.log; \
	done

# The long run: the kill harness 2,000 times, 10,000 power-loss cases, each fuzz target
# 10 minutes. docs/reliability.md records the figures of a real run.
soak: setup
	$(SWIFT) build --build-tests
	python3 Tests/Fixtures/Reliability/kill_harness.py .build/debug/reflect 2000
	REFLECT_POWER_LOSS_CASES=10000 $(SWIFT) test --filter PowerLossTests
	$(MAKE) fuzz FUZZ_SECONDS=600

test: setup lint
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	$(SWIFT) test $(BUILD_FLAGS)

# Export at scale: 1,000 and 10,000 generated sessions; prints time and peak memory.
bench: setup
	$(SWIFT) build -c release
	python3 Benchmarks/export_bench.py .build/release/reflect 1000 10000

# The coach's scripted sessions (Benchmarks/coach): broken lines, repeats, lesson recall.
# A benchmark: it prints a table and does not fail. ARGS="--lines" lists every problem.
coach-eval: setup
	$(SWIFT) build --product coach-eval
	@.build/debug/coach-eval $(ARGS)

# After changing coach rules or packs: regenerate the example transcripts from their
# scripted sessions (then the export golden files, which include them).
EXAMPLES := 13-village-school:collaboration-village-school:1313 \
  07-upset-head-teacher:collaboration-upset-head-teacher:77
examples: setup
	$(SWIFT) build --product coach-eval
	$(SWIFT) build --product reflect
	@for spec in $(EXAMPLES); do \
	  scenario=$${spec%%:*}; rest=$${spec#*:}; name=$${rest%%:*}; seed=$${rest#*:}; \
	  home=$$(mktemp -d); \
	  .build/debug/coach-eval --script $$scenario \
	    | TZ=UTC .build/debug/reflect session --home $$home --seed $$seed >/dev/null && \
	  cp $$home/transcripts/*.jsonl Transcripts/$$name.jsonl && rm -rf $$home && \
	  echo "Transcripts/$$name.jsonl"; \
	done
	REFLECT_UPDATE_GOLDEN=1 $(SWIFT) test --filter exportMatchesItsGoldenFile >/dev/null

clean:
	rm -rf .build
