# reflect — build, run and test. `make run` and `make test` work on a fresh Debian/Ubuntu
# machine with Swift 6: they install what is missing first.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BUILD_FLAGS := -Xswiftc -warnings-as-errors
BIN := .build/debug/reflect

.PHONY: setup build run test lint format bench coach-eval examples clean

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
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests Plugins Benchmarks

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests Plugins Benchmarks

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
