# Thin wrapper around CMake. The README's two commands are `make demo` and `make test`.
BUILD ?= build
JOBS ?= 2
BUILD_TYPE ?= RelWithDebInfo
CMAKE_FLAGS ?=

.PHONY: all deps configure build test crash-test fuzz demo bench bench-downloads load asan-test tsan-test clean

all: build

deps:
	@scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j$(JOBS)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS) --timeout 600

# The long crash loop (tests/e2e/crash_loop_test.cpp); `make test` runs a short one. Replay a run
# with the seed it printed: make crash-test CUTQUEUE_CRASH_SEED=<seed>.
CRASH_TASKS ?= 200
CRASH_KILLS ?= 20
crash-test: build
	@CUTQUEUE_CRASH_TASKS=$(CRASH_TASKS) CUTQUEUE_CRASH_KILLS=$(CRASH_KILLS) \
		$(BUILD)/tests/e2e_tests --gtest_filter='CrashLoop.*'

# libFuzzer targets of fuzz/ under ASan+UBSan, in their own clang build (see fuzz/README.md);
# `make test` only replays their corpus. Findings land in $(FUZZ_BUILD)/findings/<target>.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 600
fuzz:
	@scripts/install-deps.sh clang libclang-rt-14-dev
	@cmake -S . -B $(FUZZ_BUILD) -DCMAKE_CXX_COMPILER=clang++ -DCUTQUEUE_FUZZ=ON \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(FUZZ_BUILD) -j$(JOBS)
	@scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

demo: build
	@examples/demo.sh $(BUILD)

bench: build
	@scripts/install-deps.sh wrk nginx
	@bench/run.sh $(BUILD)

load: build
	@scripts/install-deps.sh wrk
	@bench/load.sh $(BUILD)

bench-downloads: build
	@scripts/install-deps.sh wrk
	@bench/downloads.sh $(BUILD)

clean:
	@rm -rf $(BUILD)

# The whole suite under ASan+UBSan: any report fails the run (halt_on_error); the only
# suppression is CAF 0.17's known null-reference report (tests/sanitizers/ubsan.supp).
asan-test:
	@UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:suppressions=$(CURDIR)/tests/sanitizers/ubsan.supp \
	  ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 \
	  $(MAKE) test BUILD=build-asan BUILD_TYPE=Debug CMAKE_FLAGS=-DCUTQUEUE_SANITIZE=address,undefined


# The whole suite under ThreadSanitizer, linked against CAF and RocksDB rebuilt with
# -fsanitize=thread from Debian's sources (scripts/build-tsan-deps.sh, once: ~20 min on 2 cores).
# Pistache cannot be rebuilt here (no source package on the mirror): tests/sanitizers/tsan.supp
# ignores memory operations made inside libpistache; TSAN_STRICT=1 runs without it.
TSAN_SUPP = $(if $(TSAN_STRICT),,suppressions=$(CURDIR)/tests/sanitizers/tsan.supp)
tsan-test:
	@scripts/build-tsan-deps.sh
	@TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 $(TSAN_SUPP)" \
	  $(MAKE) test BUILD=build-tsan BUILD_TYPE=Debug CMAKE_FLAGS=-DCUTQUEUE_SANITIZE=thread
