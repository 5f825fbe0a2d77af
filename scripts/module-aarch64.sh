#!/usr/bin/env bash
# make module-aarch64: the arm64 sysroot, the cross-build of core, models and embedded, and the
# module's tests under qemu-aarch64 (ctest runs them through CMAKE_CROSSCOMPILING_EMULATOR).
#   scripts/module-aarch64.sh [DIR (build-aarch64)] [JOBS] [panel]
# "panel": only the Torch-free part (core, figures, the panel library and its tests under
# qemu), 3.5 minutes instead of the whole cross-build's 12.9 (measured): what CI runs.
set -euo pipefail
dir=${1:-build-aarch64}
jobs=${2:-$(nproc)}
part=${3:-all}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
bash "$root/scripts/arm64-sysroot.sh" "$dir/sysroot"
cmake -S "$root" -B "$dir/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_TOOLCHAIN_FILE="$root/embedded/cmake/aarch64-linux-gnu.cmake" \
  -DLATENTRACK_ARM64_SYSROOT="$dir/sysroot"
if [ "$part" = panel ]; then
  cmake --build "$dir/build" -j "$jobs" --target embedded_tests
  file "$dir/build/tests/embedded/embedded_tests" | grep -q "ARM aarch64"
  ctest --test-dir "$dir/build" --output-on-failure -j "$jobs" -E module_tests_tiny
  exit 0
fi
cmake --build "$dir/build" -j "$jobs" --target latentrack-module embedded_tests module_tests
file "$dir/build/embedded/latentrack-module"
file "$dir/build/embedded/latentrack-module" | grep -q "ARM aarch64" || {
  echo "module-aarch64: latentrack-module is not an aarch64 binary" >&2
  exit 1
}
# The module's own --version through the emulator, then its tests.
qemu-aarch64 -L "$dir/sysroot" "$dir/build/embedded/latentrack-module" --version
ctest --test-dir "$dir/build" --output-on-failure -j "$jobs"
