#!/usr/bin/env bash
# `make install` as a packager runs it: into a staging DESTDIR under a temporary prefix, then
# validated (desktop entry, AppStream metainfo, MIME type, icons, man pages) and the installed
# executables run from another directory, where they must find their assets from the prefix.
# Usage: test_install.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(readlink -f "$1")
source=$(readlink -f "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=/opt/latentrack-test
DESTDIR="$tmp/stage" cmake --install "$build" --prefix "$prefix" --strip >"$tmp/install.log"
root="$tmp/stage$prefix"
fail() { echo "install test: $*" >&2; exit 1; }

for exe in latentrack latentrack-cli latentrack-module; do
    [ -x "$root/bin/$exe" ] || fail "bin/$exe missing"
done
id=org.latentrack.LatentRack
desktop-file-validate "$root/share/applications/$id.desktop"
appstreamcli validate --no-net --explain "$root/share/metainfo/$id.metainfo.xml"
xmllint --noout "$root/share/mime/packages/$id.xml"
update-mime-database "$root/share/mime" 2>/dev/null
grep -q "application/x-latentrack-project" "$root/share/mime/globs2" || fail "MIME glob not registered"
[ -f "$root/share/icons/hicolor/scalable/apps/$id.svg" ] || fail "SVG icon missing"
for size in 16 32 48 64 128 256; do
    png="$root/share/icons/hicolor/${size}x${size}/apps/$id.png"
    file "$png" | grep -q "PNG image data, $size x $size" || fail "$png is not a ${size}px PNG"
done
for page in latentrack latentrack-cli latentrack-module; do
    man="$root/share/man/man1/$page.1"
    [ -f "$man" ] || fail "$man missing"
    grep -q "$prefix/share/latentrack" "$man" || fail "$man does not name the prefix"
    warnings=$(groff -man -Tutf8 -ww -z "$man" 2>&1 || true)
    [ -z "$warnings" ] || fail "$man: $warnings"
done
[ -f "$root/share/latentrack/assets/models/preset-small/model.json" ] || fail "models not installed"
[ -f "$root/share/latentrack/assets/demo/demo.json" ] || fail "demo not installed"

# Run the installed tools from elsewhere, with a home of their own.
cd "$tmp"
export QT_QPA_PLATFORM=offscreen HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config" XDG_DATA_HOME="$tmp/home/.local/share"
mkdir -p "$HOME"
"$root/bin/latentrack-cli" --version | grep -q "latentrack-cli [0-9]" || fail "cli --version"
"$root/bin/latentrack" --version | grep -q "LatentRack [0-9]" || fail "gui --version"
"$root/bin/latentrack-module" --version | grep -q "latentrack-module [0-9]" || fail "module --version"
# The installed module finds its models in the prefix and plays a second of the default voice.
"$root/bin/latentrack-module" --seconds 1 --render "$tmp/module.wav" >"$tmp/module.log" 2>&1 ||
    fail "the installed module did not play: $(cat "$tmp/module.log")"
[ -s "$tmp/module.wav" ] || fail "the module wrote nothing"
"$root/bin/latentrack-cli" render "$root/share/latentrack/assets/demo/demo.json" --bars 1 \
    -o "$tmp/demo.wav" >/dev/null
[ -s "$tmp/demo.wav" ] || fail "render wrote nothing"
QT_QPA_PLATFORM=offscreen "$root/bin/latentrack" --no-audio --screenshot "$tmp/window.png" \
    >"$tmp/gui.log" 2>&1 || fail "the installed app did not start: $(cat "$tmp/gui.log")"
file "$tmp/window.png" | grep -q "PNG image data" || fail "no screenshot"
# The installed app reads its assets from the prefix, the build tree's from the source tree.
assets=$(QT_QPA_PLATFORM=offscreen "$root/bin/latentrack" --assets)
[ "$assets" = "$(readlink -f "$root/share/latentrack/assets")" ] || fail "installed app reads $assets"
tree=$(QT_QPA_PLATFORM=offscreen "$build/app/gui/latentrack" --assets)
[ "$tree" = "$(readlink -f "$source/assets")" ] || fail "build-tree app reads $tree"
echo "install test: passed ($prefix staged in $root)"
