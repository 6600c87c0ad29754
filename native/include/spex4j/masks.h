// Query masks of the SPEX design (spec §4.3): m_{c,p,z} = M_c z + d_p over GF(2), packed 64 features to a word.
#pragma once
#include <cstdint>
#include <cstring>
#include <unordered_map>
#include <vector>
#include "spex4j/parallel.h"

namespace spex4j {

// For group c (mrows = its n rows, bit b-1-t = M_c[i][t]) writes the P * 2^b masks, delay-major, into out.
// delays: P rows of w words each (row 0 is usually zero).
inline void design_masks(const int32_t* mrows, const uint64_t* delays, int n, int b, int P, uint64_t* out) {
    const int w = (n + 63) / 64;
    const int64_t N = int64_t(1) << b;
    // column t of M_c, packed over features: the mask contribution of z's bit b-1-t
    std::vector<uint64_t> cols(size_t(b) * w, 0);
    for (int i = 0; i < n; ++i)
        for (int t = 0; t < b; ++t)
            if ((mrows[i] >> (b - 1 - t)) & 1) cols[size_t(t) * w + (i >> 6)] |= uint64_t(1) << (i & 63);
    std::vector<uint64_t> base(size_t(N) * w, 0);  // M_c z for every z, built from z with its lowest bit cleared
    for (int64_t z = 1; z < N; ++z) {
        const int low = __builtin_ctzll(uint64_t(z));  // z's bit `low` <-> column b-1-low
        const uint64_t* prev = &base[size_t(z & (z - 1)) * w];
        const uint64_t* col = &cols[size_t(b - 1 - low) * w];
        uint64_t* cur = &base[size_t(z) * w];
        for (int k = 0; k < w; ++k) cur[k] = prev[k] ^ col[k];
    }
    for (int p = 0; p < P; ++p) {
        const uint64_t* d = delays + size_t(p) * w;
        uint64_t* dst = out + size_t(p) * N * w;
        for (int64_t z = 0; z < N; ++z)
            for (int k = 0; k < w; ++k) dst[z * w + k] = base[size_t(z) * w + k] ^ d[k];
    }
}

// Finds the distinct rows of a packed mask matrix: inverse[r] = index of row r's class (in order of first
// appearance), first[u] = the first row of class u. Returns the number of classes.
inline int64_t unique_rows(const uint64_t* rows, int64_t count, int w, int32_t* inverse, int64_t* first) {
    struct Hash {
        const uint64_t* rows;
        int w;
        size_t operator()(int64_t r) const {
            uint64_t h = 0x9E3779B97F4A7C15ull;
            for (int k = 0; k < w; ++k) {
                h ^= rows[r * w + k] + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
            }
            return size_t(h);
        }
    };
    struct Eq {
        const uint64_t* rows;
        int w;
        bool operator()(int64_t a, int64_t b) const {
            return std::memcmp(rows + a * w, rows + b * w, sizeof(uint64_t) * size_t(w)) == 0;
        }
    };
    std::unordered_map<int64_t, int32_t, Hash, Eq> seen(size_t(count) * 2, Hash{rows, w}, Eq{rows, w});
    int64_t u = 0;
    for (int64_t r = 0; r < count; ++r) {
        auto it = seen.emplace(r, int32_t(u));
        if (it.second) first[u++] = r;
        inverse[r] = it.first->second;
    }
    return u;
}

}  // namespace spex4j
