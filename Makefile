# Thin wrapper: every target first installs what is missing, then configures and builds.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)

PREFIX ?= /usr/local

.PHONY: setup configure build run test bench install format clean module-aarch64 module-bundle \
	module-aarch64-panel

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
	$(BUILD_DIR)/tests/bench/module_bench
	$(BUILD_DIR)/tests/bench/torchscript_bench
	[ ! -x $(BUILD_DIR)/tests/bench/hexter_bench ] || $(BUILD_DIR)/tests/bench/hexter_bench

# Into PREFIX (default /usr/local); DESTDIR stages it for a package.
install: build
	cmake --install $(BUILD_DIR) --prefix $(PREFIX)

# The module for a 64-bit ARM Linux (Jetson): a Debian 12 arm64 sysroot from Debian's archive,
# core + models + embedded cross-compiled, the module's tests run under qemu-aarch64.
ARM64_DIR ?= build-aarch64
module-aarch64: setup
	bash scripts/module-aarch64.sh $(ARM64_DIR) $(JOBS)

# Only the panel's Torch-free code and tests, cross-built and run under qemu (what CI runs).
module-aarch64-panel: setup
	bash scripts/module-aarch64.sh $(ARM64_DIR) $(JOBS) panel

# A tarball that runs on an aarch64 Linux without Debian 12's libraries (JetPack's Ubuntu).
module-bundle: module-aarch64
	bash scripts/module-bundle.sh $(ARM64_DIR)

format:
	git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
