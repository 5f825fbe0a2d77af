#!/usr/bin/env bash
# Builds a Debian 12 (bookworm) arm64 sysroot for the module's cross-build: the arm64 -dev
# packages that core, models and embedded link, extracted (no emulation, no maintainer
# scripts) by mmdebstrap from this machine's own apt sources. Then fixes what the extract
# variant leaves undone: the BLAS/LAPACK alternatives links (else undefined dposv_ at link
# time) and absolute symlinks that would point into the host.
#
#   scripts/arm64-sysroot.sh DIR
# Reuses DIR when it was built from the same package list (DIR/.packages).
set -euo pipefail
dir=${1:?usage: arm64-sysroot.sh DIR}

packages=(
  libc6-dev libstdc++-12-dev
  libtorch-dev libopenblas0-pthread
  librtaudio-dev librtmidi-dev libjack-jackd2-dev libasound2-dev liblo-dev
  libsndfile1-dev libfftw3-dev libsamplerate0-dev libpugixml-dev
  libfluidsynth-dev libnlopt-cxx-dev libaubio-dev librubberband-dev
  libpng-dev libfreetype-dev libfontconfig-dev fonts-dejavu-core
  libgpiod-dev libspdlog-dev libfmt-dev nlohmann-json3-dev libreaderwriterqueue-dev libcli11-dev
  libgtest-dev libgmock-dev
)
list=$(printf '%s\n' "${packages[@]}" | sort | tr '\n' ' ')
if [ -f "$dir/.packages" ] && [ "$(cat "$dir/.packages")" = "$list" ]; then
  echo "arm64 sysroot: $dir is up to date"
  exit 0
fi
for tool in mmdebstrap aarch64-linux-gnu-g++ qemu-aarch64; do
  command -v "$tool" >/dev/null || {
    echo "arm64 sysroot: $tool is missing (scripts/setup.sh installs it)" >&2
    exit 1
  }
done

rm -rf "$dir"
mkdir -p "$(dirname "$dir")"
echo "arm64 sysroot: extracting ${#packages[@]} packages and their dependencies into $dir"
include=$(IFS=,; echo "${packages[*]}")
mmdebstrap --quiet --architectures=arm64 --variant=extract --include="$include" bookworm "$dir"

lib="$dir/usr/lib/aarch64-linux-gnu"
for name in libblas.so.3 liblapack.so.3; do
  target=$(cd "$lib" && ls openblas-pthread/"$name" 2>/dev/null || true)
  [ -n "$target" ] && ln -sf "$target" "$lib/$name"
done
[ -e "$lib/openblas-pthread/libopenblas.so.0" ] && ln -sf openblas-pthread/libopenblas.so.0 "$lib/libopenblas.so.0"
[ -e "$lib/libblas.so.3" ] && ln -sf libblas.so.3 "$lib/libblas.so"
[ -e "$lib/liblapack.so.3" ] && ln -sf liblapack.so.3 "$lib/liblapack.so"

# Absolute links (libz.so -> /lib/aarch64-linux-gnu/libz.so.1) made relative to their folder.
find "$dir" -type l -lname '/*' | while read -r link; do
  target=$(readlink "$link")
  ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$dir$target")" "$link"
done
echo "$list" > "$dir/.packages"
du -sh "$dir" | sed 's/^/arm64 sysroot: /'
