// The flat C-style API of the CPU kernels, bound by JavaCPP (org.spex4j.kernels.CpuNative). Arguments are
// validated on the Java side (org.spex4j.kernels.CpuKernels); these functions trust them.
// Every function returns a status >= 0 on success (kOk or a count) and a negative code on failure.
#pragma once
#include <cstdint>
#include <algorithm>
#include <new>
#include <vector>
#include "spex4j/bch.h"
#include "spex4j/detect.h"
#include "spex4j/expand.h"
#include "spex4j/fwht.h"
#include "spex4j/masks.h"
#include "spex4j/parallel.h"
#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif

inline int spex_fwht_f64(double* data, int64_t rows, int32_t b, int32_t scale, int32_t threads) {
    spex4j::fwht_batch(data, rows, b, scale != 0, threads);
    return spex4j::kOk;
}

inline int spex_fwht_f32(float* data, int64_t rows, int32_t b, int32_t scale, int32_t threads) {
    spex4j::fwht_batch(data, rows, b, scale != 0, threads);
    return spex4j::kOk;
}

// out4 = {m, nc, kc, r} of the code for n message bits and radius t.
inline int spex_bch_params(int32_t n, int32_t t, int32_t* out4) {
    spex4j::BchParams p;
    if (!spex4j::bch_parameter_search(n, t, &p)) return spex4j::kNoCode;
    out4[0] = p.m;
    out4[1] = p.nc;
    out4[2] = p.kc;
    out4[3] = p.r;
    return spex4j::kOk;
}

// A constructed code, or null when none exists for (n, t) with m <= 16.
inline void* spex_bch_create(int32_t n, int32_t t) {
    spex4j::BchParams p;
    if (!spex4j::bch_parameter_search(n, t, &p)) return nullptr;
    auto* code = new (std::nothrow) spex4j::BchCode(n, t, p);
    if (code != nullptr && !code->valid()) {
        delete code;
        return nullptr;
    }
    return code;
}

inline void spex_bch_free(void* code) { delete static_cast<spex4j::BchCode*>(code); }

// g(x): r + 1 coefficients, index = degree.
inline int spex_bch_generator(const void* code, uint8_t* out) {
    const auto& g = static_cast<const spex4j::BchCode*>(code)->generator();
    for (size_t i = 0; i < g.size(); ++i) out[i] = g[i];
    return spex4j::kOk;
}

// D: P = r + 1 rows of n bits, row-major, row 0 zero.
inline int spex_bch_delays(const void* code, uint8_t* out) {
    const auto* c = static_cast<const spex4j::BchCode*>(code);
    const int n = c->n(), P = c->params().r + 1;
    for (int p = 0; p < P; ++p)
        for (int i = 0; i < n; ++i) out[int64_t(p) * n + i] = uint8_t(c->delay(p, i));
    return spex4j::kOk;
}

// Hard decode of parity bits h[0..r-1]. Returns |k| (k ascending in k_out, t slots) or -1; *nerr = errors corrected.
inline int spex_bch_decode_hard(const void* code, const uint8_t* h, int32_t* k_out, int32_t* nerr) {
    const spex4j::BchView v = static_cast<const spex4j::BchCode*>(code)->view();
    spex4j::DecodeResult d = spex4j::bch_decode_hard(v, h);
    for (int i = 0; i < d.size; ++i) k_out[i] = d.k[i];
    *nerr = d.nerr;
    return d.size;
}

// Chase soft decode of the signed soft values s[0..r-1] (negative = bit 1). Returns |k| or -1.
inline int spex_bch_decode_soft(const void* code, const double* s, int32_t depth, int32_t* k_out, int32_t* nerr,
                                int64_t* decodes) {
    const spex4j::BchView v = static_cast<const spex4j::BchCode*>(code)->view();
    int count = 0;
    spex4j::DecodeResult d = spex4j::bch_decode_soft(v, s, depth, &count);
    for (int i = 0; i < d.size; ++i) k_out[i] = d.k[i];
    *nerr = d.nerr;
    *decodes = count;
    return d.size;
}

// One detection pass over all C * 2^b bins. U: C blocks of P x 2^b (row-major), mrows: C x n, to_check: C x 2^b
// (cleared for zerotons and multitons). Singletons are written in (group, bin) order: out_k has t slots each.
// Returns the number of singletons; *decodes receives the number of BCH decodes.
inline int64_t spex_detect(const void* code, const double* U, int32_t C, int32_t b, const int32_t* mrows,
                           uint8_t* to_check, double cutoff, double res_cutoff, int32_t soft, int32_t depth,
                           int32_t threads, int32_t* out_group, int32_t* out_bin, int32_t* out_k, int32_t* out_size,
                           double* out_value, int64_t* decodes) {
    const auto* c = static_cast<const spex4j::BchCode*>(code);
    const spex4j::BchView v = c->view();
    const int t = v.t, n = v.n, P = v.r + 1;
    const int64_t N = int64_t(1) << b, bins = int64_t(C) * N;
    const spex4j::DetectParams prm{cutoff, res_cutoff, soft, depth};
    constexpr int64_t kBlock = 256;
    const int64_t blocks = (bins + kBlock - 1) / kBlock;
    struct Found {
        int32_t bin_index;
        int32_t size;
        int32_t k[spex4j::kMaxT];
        double value;
    };
    std::vector<std::vector<Found>> found(static_cast<size_t>(blocks));
    std::vector<int64_t> block_decodes(static_cast<size_t>(blocks), 0);
    spex4j::parallel_for(blocks, threads, [&](int64_t blk) {
        int dec = 0;
        const int64_t end = std::min(bins, (blk + 1) * kBlock);
        for (int64_t idx = blk * kBlock; idx < end; ++idx) {
            if (!to_check[idx]) continue;
            const int g = int(idx / N);
            const int32_t j = int32_t(idx % N);
            Found f;
            int kind = spex4j::detect_bin(v, U + int64_t(g) * P * N + j, N, mrows + int64_t(g) * n, j, prm, f.k,
                                          &f.size, &f.value, &dec);
            if (kind == spex4j::kSingleton) {
                f.bin_index = int32_t(idx);
                found[size_t(blk)].push_back(f);
            } else {
                to_check[idx] = 0;
            }
        }
        block_decodes[size_t(blk)] = dec;
    });
    int64_t count = 0, total = 0;
    for (int64_t blk = 0; blk < blocks; ++blk) {
        total += block_decodes[size_t(blk)];
        for (const Found& f : found[size_t(blk)]) {
            out_group[count] = int32_t(f.bin_index / N);
            out_bin[count] = int32_t(f.bin_index % N);
            out_size[count] = f.size;
            for (int i = 0; i < t; ++i) out_k[count * t + i] = i < f.size ? f.k[i] : -1;
            out_value[count] = f.value;
            ++count;
        }
    }
    *decodes = total;
    return count;
}

// Subtracts value * sig(k) from the bin of k in every group and marks those bins for checking.
// ks: count x t slots (sizes[i] used), values: count.
inline int spex_peel(const void* code, double* U, int32_t C, int32_t b, const int32_t* mrows, uint8_t* to_check,
                     const int32_t* ks, const int32_t* sizes, const double* values, int64_t count) {
    const spex4j::BchView v = static_cast<const spex4j::BchCode*>(code)->view();
    const int t = v.t, n = v.n, P = v.r + 1;
    const int64_t N = int64_t(1) << b;
    uint64_t bits[spex4j::kMaxRWords];
    for (int64_t q = 0; q < count; ++q) {
        const int32_t* k = ks + q * t;
        spex4j::signature_bits(v, k, sizes[q], bits);
        for (int g = 0; g < C; ++g) {
            const int32_t j = spex4j::bin_of(mrows + int64_t(g) * n, k, sizes[q]);
            double* y = U + int64_t(g) * P * N + j;
            y[0] -= values[q];
            for (int p = 1; p < P; ++p) y[p * N] -= values[q] * spex4j::signature(bits, p);
            to_check[int64_t(g) * N + j] = 1;
        }
    }
    return spex4j::kOk;
}

// The C * P * 2^b query masks of the design (group-major, then delay, then z), packed (n + 63) / 64 words a row.
inline int spex_design_masks(const int32_t* mrows, const uint64_t* delays, int32_t n, int32_t b, int32_t P,
                             int32_t C, uint64_t* out, int32_t threads) {
    const int w = (n + 63) / 64;
    const int64_t per_group = int64_t(P) * (int64_t(1) << b) * w;
    spex4j::parallel_for(C, threads, [&](int64_t g) {
        spex4j::design_masks(mrows + g * n, delays, n, b, P, out + g * per_group);
    });
    return spex4j::kOk;
}

inline int64_t spex_unique_rows(const uint64_t* rows, int64_t count, int32_t w, int32_t* inverse, int64_t* first) {
    return spex4j::unique_rows(rows, count, w, inverse, first);
}

// Lengths of the masked inputs of `rows` packed masks (w words each). feat_start/feat_end: the token range of
// each of the n features in base_ids; mode 0 = replace (a masked feature becomes replace_id), 1 = delete.
inline int spex_mask_lengths(const uint64_t* masks, int64_t rows, int32_t w, const int64_t* base_ids,
                             int32_t base_len, const int32_t* feat_start, const int32_t* feat_end, int32_t n,
                             int64_t replace_id, int32_t mode, int32_t* out_lengths) {
    const spex4j::ExpandInput in{base_ids, base_len, feat_start, feat_end, n, replace_id, mode};
    for (int64_t r = 0; r < rows; ++r) out_lengths[r] = spex4j::masked_length(in, masks + r * w);
    return spex4j::kOk;
}

// Expands the selected mask rows (row_index[0..count)) into right-padded [count x out_len] int64 buffers: token
// ids, attention mask (1 real, 0 pad) and positions (0..len-1, 0 on padding). Every selected row must fit out_len.
inline int spex_expand_masks(const uint64_t* masks, int32_t w, const int32_t* row_index, int64_t count,
                             const int64_t* base_ids, int32_t base_len, const int32_t* feat_start,
                             const int32_t* feat_end, int32_t n, int64_t replace_id, int32_t mode, int64_t pad_id,
                             int32_t out_len, int64_t* out_ids, int64_t* out_attention, int64_t* out_positions,
                             int32_t threads) {
    const spex4j::ExpandInput in{base_ids, base_len, feat_start, feat_end, n, replace_id, mode};
    for (int64_t q = 0; q < count; ++q)
        if (spex4j::masked_length(in, masks + int64_t(row_index[q]) * w) > out_len) return spex4j::kBadArgument;
    spex4j::parallel_for(count, count * out_len < 65536 ? 1 : threads, [&](int64_t q) {
        const int64_t off = q * out_len;
        spex4j::expand_row(in, masks + int64_t(row_index[q]) * w, out_len, pad_id, out_ids + off,
                           out_attention + off, out_positions + off);
    });
    return spex4j::kOk;
}

// Keeps the memory a forward pass frees inside the process (glibc's malloc): blocks below mmap_threshold come from
// the heap instead of fresh mappings, and the heap is not handed back to the kernel until trim_threshold bytes are
// free at its top. The next pass then reuses the same pages instead of faulting in new zeroed ones. Returns 1 when
// the allocator took the settings, 0 when it is not glibc's (another allocator keeps its own policy).
inline int spex_keep_freed_memory(int32_t mmap_threshold, int32_t trim_threshold, int32_t top_pad) {
#if defined(__GLIBC__)
    return mallopt(M_MMAP_THRESHOLD, mmap_threshold) == 1 && mallopt(M_TRIM_THRESHOLD, trim_threshold) == 1 &&
                   mallopt(M_TOP_PAD, top_pad) == 1
               ? 1
               : 0;
#else
    (void)mmap_threshold;
    (void)trim_threshold;
    (void)top_pad;
    return 0;
#endif
}

