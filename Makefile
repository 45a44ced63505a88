# reflect — build, run and test. `make run` and `make test` work on a fresh Debian/Ubuntu
# machine with Swift 6: they install what is missing first.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BUILD_FLAGS := -Xswiftc -warnings-as-errors
BIN := .build/debug/reflect

.PHONY: setup build run test lint format bench clean

# System packages: GNU readline's headers; tmux, pgrep (procps) and python3 for the tests.
setup:
	@if [ ! -f /usr/include/readline/readline.h ] || ! command -v tmux >/dev/null \
	  || ! command -v pgrep >/dev/null || ! command -v python3 >/dev/null; then \
	  echo "Installing libreadline-dev, tmux, procps and python3…"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	    libreadline-dev tmux procps python3 >/dev/null; \
	fi

build: setup
	$(SWIFT) build $(BUILD_FLAGS)

run: build
	@$(BIN) session

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests Plugins

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests Plugins

test: setup lint
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	$(SWIFT) test $(BUILD_FLAGS)

# Export at scale: 1,000 and 10,000 generated sessions; prints time and peak memory.
bench: setup
	$(SWIFT) build -c release
	python3 Benchmarks/export_bench.py .build/release/reflect 1000 10000

clean:
	rm -rf .build
