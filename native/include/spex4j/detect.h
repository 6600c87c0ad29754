// Bin classification for one peeling iteration (spec §6–§7): zeroton / singleton / multiton for every bin of every
// group, with the decoded k and its amplitude. detect_bin is shared with the CUDA kernel.
#pragma once
#include <cstdint>
#include "spex4j/bch.h"

namespace spex4j {

enum BinKind : int { kZeroton = 0, kMultiton = 1, kSingleton = 2 };

struct DetectParams {
    double cutoff;       // zeroton iff ||y||^2 <= cutoff * P
    double res_cutoff;   // singleton iff ||y - rho sig||^2 < res_cutoff * ||y||^2 (0.9 in the reference)
    int soft;            // 1: identity-siso + Chase, 0: hard decision
    int chase_depth;     // d of the Chase decoder
};

// The bin of k in a group: XOR of the rows of M_c for the features of k (bit b-1-t of mrows[i] is M_c[i][t]).
SPEX_HD int32_t bin_of(const int32_t* mrows, const int* k, int size) {
    int32_t j = 0;
    for (int i = 0; i < size; ++i) j ^= mrows[k[i]];
    return j;
}

// sig_p = (-1)^<d_p, k> for p = 1..r as a bit set (bit p-1 set means -1); sig_0 = +1.
SPEX_HD void signature_bits(const BchView& c, const int* k, int size, uint64_t* bits) {
    for (int w = 0; w < c.rw; ++w) bits[w] = 0;
    for (int i = 0; i < size; ++i) {
        const uint64_t* col = c.dcols + int64_t(k[i]) * c.rw;
        for (int w = 0; w < c.rw; ++w) bits[w] ^= col[w];
    }
}

SPEX_HD double signature(const uint64_t* bits, int p) {  // p >= 1
    return ((bits[(p - 1) >> 6] >> ((p - 1) & 63)) & 1) ? -1.0 : 1.0;
}

// Classifies bin j of one group from its P observations y[p * stride]. On a singleton, k/ksize/rho hold it.
SPEX_HD int detect_bin(const BchView& c, const double* y, int64_t stride, const int32_t* mrows, int32_t j,
                       const DetectParams& prm, int* k, int* ksize, double* rho, int* decodes) {
    const int P = c.r + 1;
    double energy = 0;
    for (int p = 0; p < P; ++p) energy += y[p * stride] * y[p * stride];
    if (!(energy > prm.cutoff * P)) return kZeroton;  // NaN lands here too

    DecodeResult dec;
    const double y0 = y[0];
    if (prm.soft) {
        double s[kMaxR];
        // U_p * U_0 has the sign and the relative reliability of U_p / U_0 and needs no guard for U_0 = 0
        for (int p = 1; p < P; ++p) s[p - 1] = y[p * stride] * y0;
        dec = bch_decode_soft(c, s, prm.chase_depth, decodes);
    } else {
        uint8_t h[kMaxR];
        for (int p = 1; p < P; ++p) h[p - 1] = (y[p * stride] * y0) < 0 ? 1 : 0;
        ++*decodes;
        dec = bch_decode_hard(c, h);
    }
    const int size = dec.size < 0 ? 0 : dec.size;  // a failed decode reads as k = 0, as in the reference

    uint64_t bits[kMaxRWords];
    signature_bits(c, dec.k, size, bits);
    double dot = y0;
    for (int p = 1; p < P; ++p) dot += signature(bits, p) * y[p * stride];
    const double a = dot / P;
    double res = (y0 - a) * (y0 - a);
    for (int p = 1; p < P; ++p) {
        const double e = y[p * stride] - a * signature(bits, p);
        res += e * e;
    }
    if (!(res < prm.res_cutoff * energy) || bin_of(mrows, dec.k, size) != j) return kMultiton;
    for (int i = 0; i < size; ++i) k[i] = dec.k[i];
    *ksize = size;
    *rho = a;
    return kSingleton;
}

}  // namespace spex4j
