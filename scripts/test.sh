#!/usr/bin/env bash
# Runs the whole test suite. Tests that need JACK start their own dummy-backend server.
set -euo pipefail
build=${1:-build}
export QT_QPA_PLATFORM=offscreen
mkdir -p "$build/artifacts"
# A JACK server killed without its shutdown (a test that stops it with SIGKILL, a session that
# ends mid-run) leaves its entry in JACK's shared-memory registry; once the registry is full,
# every new server fails with "Too many servers already active". With no jackd running, those
# entries are all stale.
if ! pgrep -x jackd >/dev/null; then
    rm -rf /dev/shm/jack-* /dev/shm/jack_sem.* /dev/shm/jack_db-* 2>/dev/null || true
fi
cd "$build"
ctest --output-on-failure --timeout 600 -j 2
