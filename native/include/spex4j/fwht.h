// Fast Walsh–Hadamard transform, natural (Hadamard) order, in place over rows of length 2^b:
//   X[j] = scale * sum_z x[z] * (-1)^popcount(z & j),  scale = 1 or 2^-b.
#pragma once
#include <cstdint>
#include "spex4j/parallel.h"

namespace spex4j {

// Butterfly stages with half-width h = 2^lo .. 2^(hi-1) on one block of length 2^hi.
template <typename T>
inline void fwht_stages(T* __restrict x, int lo, int hi) {
    const int64_t len = int64_t(1) << hi;
    for (int s = lo; s < hi; ++s) {
        const int64_t h = int64_t(1) << s;
        for (int64_t i = 0; i < len; i += 2 * h) {
            T* __restrict a = x + i;
            T* __restrict c = x + i + h;
            for (int64_t k = 0; k < h; ++k) {   // contiguous, vectorizable
                T u = a[k], v = c[k];
                a[k] = u + v;
                c[k] = u - v;
            }
        }
    }
}

// One row: stages that fit a cache-sized block run block by block, the wider ones sweep the row.
template <typename T>
inline void fwht_row(T* x, int b, bool scale) {
    constexpr int kBlockBits = 12;  // 4096 elements: 32 KiB of doubles
    const int inner = b < kBlockBits ? b : kBlockBits;
    const int64_t n = int64_t(1) << b;
    for (int64_t off = 0; off < n; off += int64_t(1) << inner) fwht_stages(x + off, 0, inner);
    for (int s = inner; s < b; ++s) {
        const int64_t h = int64_t(1) << s;
        for (int64_t i = 0; i < n; i += 2 * h) {
            T* __restrict a = x + i;
            T* __restrict c = x + i + h;
            for (int64_t k = 0; k < h; ++k) {
                T u = a[k], v = c[k];
                a[k] = u + v;
                c[k] = u - v;
            }
        }
    }
    if (scale) {
        const T f = T(1) / T(n);
        for (int64_t k = 0; k < n; ++k) x[k] *= f;
    }
}

template <typename T>
inline void fwht_batch(T* data, int64_t rows, int b, bool scale, int threads) {
    const int64_t n = int64_t(1) << b;
    // Small rows: not worth a thread each.
    if (rows * n < (int64_t(1) << 14)) threads = 1;
    parallel_for(rows, threads, [&](int64_t r) { fwht_row(data + r * n, b, scale); });
}

}  // namespace spex4j
