#!/usr/bin/env bash
# Installs every Debian 12 package LatentRack needs to build, test and run (idempotent).
# Runs as root (CI, fresh machines) or through sudo.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config clang-format git
  # clang with libFuzzer (the SysEx fuzz test)
  clang libclang-rt-14-dev
  # libraries (engine, models, UI)
  qt6-base-dev libqcustomplot-dev librtaudio-dev librtmidi-dev libjack-jackd2-dev
  libtorch-dev libgtest-dev libgmock-dev libbenchmark-dev libsndfile1-dev libfftw3-dev
  libsamplerate0-dev liblo-dev liblo-tools libreaderwriterqueue-dev nlohmann-json3-dev
  libcli11-dev libspdlog-dev libpugixml-dev libfluidsynth-dev libasound2-dev libpng-dev
  # the labels of the evaluation figures: a font found by fontconfig, drawn by FreeType
  libfreetype-dev libfontconfig-dev fonts-dejavu-core
  # preset inference: refinement search (NLopt), sung pitch (aubio's YIN), shift to C4
  # (rubberband)
  libnlopt-cxx-dev libaubio-dev librubberband-dev
  # an optimised BLAS for LibTorch (Debian's libtorch otherwise runs on the reference BLAS,
  # ~20x slower for the models' linear and LSTM layers)
  libopenblas0-openmp
  # headers to time hexter's DSSI plugin as the FM benchmark's reference
  dssi-dev ladspa-sdk
  # installing as a desktop application: PNG icons from the SVG, and the install test's
  # validators (desktop entry, AppStream, MIME database, man pages)
  librsvg2-bin desktop-file-utils appstream shared-mime-info libxml2-utils groff-base file
  # the Eurorack module: GPIO (libgpiod v1); its aarch64 cross-build (make module-aarch64):
  # the cross compiler, the arm64 sysroot builder and the emulator its tests run under
  libgpiod-dev g++-aarch64-linux-gnu mmdebstrap qemu-user
  # audio without a sound card, GUI without a display
  jackd2 xvfb xauth
  # pgrep (scripts/test.sh clears a dead JACK server's registry only when no jackd runs)
  procps
  # data that the instrument and its models are built from
  hydrogen-drumkits avldrums.lv2-soundfont fluid-soundfont-gm timgm6mb-soundfont hexter
  sonic-pi-samples
  # spoken and sung vowels for the preset model's out-of-domain evaluation
  espeak-ng
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} Debian packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# jackd2 asks whether to enable realtime scheduling; answer it beforehand.
echo "jackd2 jackd/tweak_rt_limits boolean false" | $SUDO debconf-set-selections
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
