# Thin wrapper: every target first installs what is missing, then configures and builds.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)

PREFIX ?= /usr/local

.PHONY: setup configure build run test bench install format clean

setup:
	bash scripts/setup.sh

configure: setup
	cmake -S . -B $(BUILD_DIR) -G Ninja

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	bash scripts/run.sh $(BUILD_DIR)

test: build
	bash scripts/test.sh $(BUILD_DIR)

bench: build
	$(BUILD_DIR)/tests/bench/engine_bench
	$(BUILD_DIR)/tests/bench/fm_bench
	$(BUILD_DIR)/tests/bench/granular_bench
	$(BUILD_DIR)/tests/bench/rave_bench
	$(BUILD_DIR)/tests/bench/preset_bench
	[ ! -x $(BUILD_DIR)/tests/bench/hexter_bench ] || $(BUILD_DIR)/tests/bench/hexter_bench

# Into PREFIX (default /usr/local); DESTDIR stages it for a package.
install: build
	cmake --install $(BUILD_DIR) --prefix $(PREFIX)

format:
	git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
