#!/usr/bin/env bash
# make module-bundle: latentrack-module with every shared library it loads (from the arm64
# sysroot), Debian's dynamic loader, the attribute-fader models, a font and a launcher, as one
# tarball that runs on an aarch64 Linux whose own libraries are older (JetPack 4/5/6's Ubuntu):
# the launcher starts the bundled ld-linux-aarch64.so.1 on the bundled libraries only.
#   scripts/module-bundle.sh [DIR (build-aarch64)]
# Checked here by running the bundle under qemu-aarch64 with no sysroot at all.
set -euo pipefail
dir=$(cd "${1:-build-aarch64}" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
sysroot="$dir/sysroot"
binary="$dir/build/embedded/latentrack-module"
version=$(qemu-aarch64 -L "$sysroot" "$binary" --version | awk '{print $2}')
name="latentrack-module-$version-aarch64"
stage="$dir/$name"
rm -rf "$stage"
mkdir -p "$stage/bin" "$stage/lib" "$stage/assets/models" "$stage/fonts"

# The libraries, as the loader resolves them inside the sysroot.
loader="$sysroot/lib/ld-linux-aarch64.so.1"
qemu-aarch64 -L "$sysroot" "$loader" --list "$binary" |
  awk '/=> \// && !/ld-linux/ {print $3}' |
  while read -r lib; do
    cp -L "$sysroot$lib" "$stage/lib/"
  done
cp -L "$loader" "$stage/lib/ld-linux-aarch64.so.1"
cp "$binary" "$stage/bin/latentrack-module.bin"
aarch64-linux-gnu-strip --strip-debug "$stage/bin/latentrack-module.bin"

# The attribute-fader models (what the module plays), and the screen's font.
for m in "$root"/assets/models/*/; do
  grep -q '"kind": *"rave"' "$m/model.json" && cp -r "$m" "$stage/assets/models/"
done
cp "$sysroot/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf" \
   "$sysroot/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf" "$stage/fonts/"
cat > "$stage/fonts/fonts.conf" <<'CONF'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir prefix="relative">.</dir><cachedir prefix="xdg">fontconfig</cachedir></fontconfig>
CONF
cat > "$stage/latentrack-module" <<'LAUNCH'
#!/bin/sh
# Runs the bundled latentrack-module on the bundled loader and libraries only.
here=$(cd "$(dirname "$0")" && pwd)
export FONTCONFIG_FILE="$here/fonts/fonts.conf"
exec "$here/lib/ld-linux-aarch64.so.1" --library-path "$here/lib" \
  "$here/bin/latentrack-module.bin" --assets "$here/assets" "$@"
LAUNCH
chmod +x "$stage/latentrack-module"
cp "$root/embedded/README.md" "$stage/README.md"
cp "$root/embedded/scenarios/demo.csv" "$stage/demo.csv"

# Self-contained: the bundle runs under qemu-aarch64 without any sysroot (this machine has no
# arm64 libraries of its own), and renders the demo scenario.
qemu-aarch64 "$stage/lib/ld-linux-aarch64.so.1" --library-path "$stage/lib" \
  "$stage/bin/latentrack-module.bin" --version
FONTCONFIG_FILE="$stage/fonts/fonts.conf" qemu-aarch64 "$stage/lib/ld-linux-aarch64.so.1" \
  --library-path "$stage/lib" "$stage/bin/latentrack-module.bin" --assets "$stage/assets" \
  --scenario "$stage/demo.csv" --seconds 0.3 --render "$dir/bundle-check.wav" \
  --display-png "$dir/bundle-check.png"
tar -C "$dir" -czf "$dir/$name.tar.gz" "$name"
echo "module-bundle: $dir/$name.tar.gz ($(du -sh "$stage" | cut -f1) unpacked, $(du -h "$dir/$name.tar.gz" | cut -f1))"
