# The two commands of the README: `make demo` and `make test`.
# Everything else here is a convenience for developers.

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
DATA       ?= var
PORT       ?= 8080
VOLUMES    ?= 1700
JOBS       ?= $(shell nproc)
MONJO      := $(BUILD)/bin/monjo

.PHONY: all deps deps-test build demo demo-data test asan-test bench fuzz clean format

all: build

deps:
	@bash tools/install-deps.sh

deps-test:
	@bash tools/install-deps.sh --browser

$(BUILD)/CMakeCache.txt:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null

build: $(BUILD)/CMakeCache.txt
	@cmake --build $(BUILD) -j$(JOBS)

# Build, generate the 1,700-volume sample, import it, serve the portal.
demo: deps build
	@bash tools/demo.sh "$(MONJO)" "$(DATA)" "$(VOLUMES)" "$(PORT)"

# Build and run every test: unit, integration, browser.
test: deps-test build
	@cd $(BUILD) && ctest --output-on-failure -j2

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer.
asan-test: deps-test
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DMONJO_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS)
	@cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:new_delete_type_mismatch=0 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j2 -E '^e2e:'

# libFuzzer harnesses (clang, ASan + UBSan), each run FUZZ_SECONDS on its corpus
# in tests/fuzz/<target>/ (tools/fuzz.sh).
fuzz:
	@bash tools/install-deps.sh --fuzz
	@cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DMONJO_FUZZ=ON >/dev/null
	@cmake --build $(FUZZ_BUILD) -j$(JOBS) --target fuzz_catalog_xml fuzz_import fuzz_japanese_date fuzz_normalize fuzz_query fuzz_web_request
	@bash tools/fuzz.sh $(FUZZ_BUILD)/fuzz $(FUZZ_SECONDS)

bench: build
	@bash tools/install-deps.sh --bench
	@bash tools/bench/run.sh "$(MONJO)"

format:
	@git ls-files '*.h' '*.cc' | grep -v '^tests/fuzz/' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
