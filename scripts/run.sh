#!/usr/bin/env bash
# Launches the desktop app; without a display it explains how to run it instead of crashing.
set -euo pipefail
build=${1:-build}
app="$build/app/latentrack"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  cat <<MSG
latentrack: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set).
Run it on a desktop session, or under a virtual display:
    xvfb-run -a $app
or headless, with audio through JACK's dummy backend:
    jackd -d dummy -r 48000 -p 256 & QT_QPA_PLATFORM=offscreen $app
Render the demo beat to a file without any display:
    $build/app/latentrack-cli render assets/demo/demo.json -o demo.wav --bars 4
MSG
  exit 0
fi
exec "$app"
