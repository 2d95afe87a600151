#!/usr/bin/env bash
# Configures a clang-14 sanitizer build of Kinemark; sourced by scripts/fuzz.sh
# and scripts/sanitize.sh so that both configure a folder the same way.
#
#   kinemark_configure_sanitized <build dir> <sanitizers> [extra cmake args...]
#
# <sanitizers>: "fuzz" (address,undefined plus libFuzzer's coverage; the
# harnesses of fuzz/ are built too), "address,undefined" or "thread".
# -O1 -g keeps compile time down and reports readable; assertions stay on.
# The tests run the normal build's kinemark-cli (build/, which the test command
# builds first) unless the caller passes -DKINEMARK_TEST_CLI= (its own).
# ccache is used when it is installed (CI has none; a warm cache makes the
# developer's second run cheap).
kinemark_configure_sanitized() {
  local dir="$1" sanitizers="$2"
  shift 2
  local args=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
    "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g" "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g"
    -DKINEMARK_BUILD_BENCH=OFF "-DKINEMARK_TEST_CLI=$PWD/build/app/kinemark-cli")
  if [ "$sanitizers" = fuzz ]; then
    args+=(-DKINEMARK_FUZZ=ON -DKINEMARK_SANITIZE=address,undefined)
  else
    args+=(-DKINEMARK_FUZZ=OFF "-DKINEMARK_SANITIZE=$sanitizers")
  fi
  if command -v ccache >/dev/null && [ -z "${CCACHE_DISABLE:-}" ]; then
    args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  fi
  mkdir -p "$dir"
  CC=clang-14 CXX=clang++-14 cmake -S . -B "$dir" "${args[@]}" "$@" >"$dir/configure.log" 2>&1 || {
    cat "$dir/configure.log"
    return 1
  }
}
