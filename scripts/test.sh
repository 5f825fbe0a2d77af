#!/usr/bin/env bash
# Runs the whole test suite. Tests that need JACK start their own dummy-backend server.
set -euo pipefail
build=${1:-build}
export QT_QPA_PLATFORM=offscreen
mkdir -p "$build/artifacts"
cd "$build"
ctest --output-on-failure --timeout 600 -j 2
