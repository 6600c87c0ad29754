#!/usr/bin/env bash
# Builds (and with "test", runs) the native side outside the JVM: C++ kernel tests and the optional CUDA library.
# usage: native/build.sh build|test BUILD_DIR
set -euo pipefail
mode=${1:?build or test}
dir=${2:?build directory}
root=$(cd "$(dirname "$0")/.." && pwd)

if ! command -v cmake >/dev/null 2>&1; then
  echo "spex4j: cmake not found: install it (apt-get install cmake)" >&2
  exit 1
fi
nvcc=$(command -v nvcc || true)
[ -z "$nvcc" ] && [ -x /usr/local/cuda/bin/nvcc ] && nvcc=/usr/local/cuda/bin/nvcc
if [ "${SPEX_NO_CUDA:-0}" = 1 ]; then nvcc=""; fi

case "$mode" in
  build)
    cuda_flags=(-DSPEX_CUDA=OFF)
    if [ -n "$nvcc" ]; then
      cuda_flags=(-DSPEX_CUDA=ON -DCMAKE_CUDA_COMPILER="$nvcc")
      echo "spex4j: building the CUDA kernels with $nvcc"
    else
      echo "spex4j: nvcc not found: CUDA kernels skipped (the CPU kernels serve every call)"
    fi
    cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=Release "${cuda_flags[@]}" >/dev/null
    cmake --build "$dir" -j "$(nproc)"
    ;;
  test)
    ctest --test-dir "$dir" --output-on-failure
    ;;
  *)
    echo "usage: $0 build|test BUILD_DIR" >&2
    exit 2
    ;;
esac
