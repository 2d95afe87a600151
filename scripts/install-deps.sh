#!/usr/bin/env bash
# Installs Kinemark's build and run dependencies from Debian 12's packages
# (clang-14 and libFuzzer for scripts/fuzz.sh and scripts/sanitize.sh).
# Run as root or as a user with sudo. Safe to run again.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

packages=(
  cmake g++ ninja-build pkg-config clang-format
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev
  libqcustomplot-dev libqcustomplot2.1-qt6
  libtorch-dev libopenblas0-openmp
  libkissfft-dev libhdf5-dev zlib1g-dev libzip-dev libsodium-dev
  libgl1-mesa-dev xvfb xauth
  # Video beside the signals (#19): Qt Multimedia with its GStreamer backend and
  # the GStreamer decoders of MP4/H.264, MKV, AVI and WebM; ffmpeg writes the
  # tests' short videos.
  qt6-multimedia-dev gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  gstreamer1.0-plugins-bad gstreamer1.0-libav ffmpeg
  # Data-parallel training (#21): LibTorch's c10d (TCPStore, ProcessGroupGloo)
  # includes Gloo's headers; Open MPI's mpirun is one launcher the tests use.
  libgloo-dev openmpi-bin
  clang-14 libfuzzer-14-dev libclang-rt-14-dev
)

# Skip apt entirely when everything is already there (fast repeated runs).
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
