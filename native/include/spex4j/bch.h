// Binary narrow-sense primitive BCH codes, shortened to n message bits, used as SPEX's delay design and decoder
// (spec/SPEX.md §4.2 and §6.3). Construction is host code; decoding is plain functions over a BchView so that the
// CUDA kernels run the very same decoder.
//
// Conventions (the spec's): codeword index 0 is the coefficient of x^(nc-1). Feature i of the shortened message
// sits at degree n+r-1-i, parity bit p = 1..r at degree r-p. The received word of a bin is [0_n, h].
#pragma once
#include <cstdint>
#include <vector>
#include "spex4j/common.h"
#include "spex4j/gf2m.h"

namespace spex4j {

struct BchParams {
    int m = 0, nc = 0, kc = 0, r = 0;
};

// Size of the union of the cyclotomic cosets of 1..2t modulo 2^m - 1: the degree of g(x).
inline int bch_redundancy(int m, int t) {
    const int nc = (1 << m) - 1;
    std::vector<char> in(nc, 0);
    int r = 0;
    for (int i = 1; i <= 2 * t; ++i) {
        int e = i % nc;
        while (!in[e]) {
            in[e] = 1;
            ++r;
            e = int((2LL * e) % nc);
        }
    }
    return r;
}

// The smallest m whose code of radius t carries at least n message bits (galois' parameter_search).
inline bool bch_parameter_search(int n, int t, BchParams* out) {
    int m = 1;
    while ((1 << m) < 2 * t + 2) ++m;  // m = ceil(log2(2t + 2))
    for (; m <= 16; ++m) {
        BchParams p;
        p.m = m;
        p.nc = (1 << m) - 1;
        p.r = bch_redundancy(m, t);
        p.kc = p.nc - p.r;
        if (p.kc >= n) {
            *out = p;
            return true;
        }
    }
    return false;
}

// Everything the decoders read: plain pointers, copyable to the GPU.
struct BchView {
    int n, t, m, nc, kc, r;
    GfView gf;
    const uint64_t* dcols;  // n columns of rw words: bit p-1 of column i is D[p][i]
    int rw;                 // words per column, (r + 63) / 64
};

// A constructed code: field tables, generator polynomial and the delay matrix's columns.
class BchCode {
public:
    BchCode(int n, int t, const BchParams& p) : n_(n), t_(t), p_(p), gf_(p.m) {
        build_generator();
        build_delays();
    }

    BchView view() const { return BchView{n_, t_, p_.m, p_.nc, p_.kc, p_.r, gf_.view(), dcols_.data(), rw()}; }
    const BchParams& params() const { return p_; }
    int n() const { return n_; }
    int t() const { return t_; }
    int rw() const { return (p_.r + 63) / 64; }
    const std::vector<uint8_t>& generator() const { return g_; }  // index = degree, r + 1 entries
    const std::vector<uint64_t>& delay_columns() const { return dcols_; }
    const GfTables& field() const { return gf_; }
    bool valid() const { return valid_; }

    // D[p][i] for p = 0..r (row 0 is zero).
    int delay(int p, int i) const {
        if (p == 0) return 0;
        return int((dcols_[size_t(i) * rw() + (p - 1) / 64] >> ((p - 1) % 64)) & 1);
    }

private:
    void build_generator() {
        const GfView f = gf_.view();
        const int nc = p_.nc;
        std::vector<char> in(nc, 0);
        std::vector<uint32_t> g(1, 1);  // product of (x + alpha^e) over the union of the cosets
        for (int i = 1; i <= 2 * t_; ++i) {
            int e = i % nc;
            while (!in[e]) {
                in[e] = 1;
                const uint32_t root = f.pow_alpha(e);
                std::vector<uint32_t> next(g.size() + 1, 0);
                for (size_t d = 0; d < g.size(); ++d) {
                    next[d + 1] ^= g[d];
                    next[d] ^= f.mul(g[d], root);
                }
                g.swap(next);
                e = int((2LL * e) % nc);
            }
        }
        valid_ = gf_.primitive() && int(g.size()) == p_.r + 1;
        g_.assign(g.size(), 0);
        for (size_t d = 0; d < g.size(); ++d) {
            valid_ = valid_ && g[d] <= 1;
            g_[d] = uint8_t(g[d] & 1);
        }
    }

    // Column i holds the parity of the message e_i: the coefficients of x^(n+r-1-i) mod g, x^(r-1) first.
    void build_delays() {
        const int r = p_.r, w = rw();
        dcols_.assign(size_t(n_) * w, 0);
        std::vector<uint8_t> rem(r, 0);  // rem[d] = coefficient of x^d
        for (int d = 0; d < r; ++d) rem[d] = g_[d];  // x^r mod g = g - x^r
        for (int i = n_ - 1; i >= 0; --i) {
            uint64_t* col = &dcols_[size_t(i) * w];
            for (int p = 1; p <= r; ++p) {
                if (rem[r - p]) col[(p - 1) / 64] |= uint64_t(1) << ((p - 1) % 64);
            }
            // rem <- rem * x mod g
            const uint8_t top = rem[r - 1];
            for (int d = r - 1; d > 0; --d) rem[d] = rem[d - 1];
            rem[0] = 0;
            if (top) {
                for (int d = 0; d < r; ++d) rem[d] ^= g_[d];
            }
        }
    }

    int n_, t_;
    BchParams p_;
    GfTables gf_;
    std::vector<uint8_t> g_;
    std::vector<uint64_t> dcols_;
    bool valid_ = false;
};

// ---------------------------------------------------------------------------------------------------------------
// Decoding (host and device)

// The result of one decode: the message positions in error (the estimated k), or failure.
struct DecodeResult {
    int size;   // |k|, or -1 when decoding failed
    int nerr;   // errors the BCH decoder corrected (message and parity), -1 on failure
    int k[kMaxT];
};

// Adds alpha^(j*deg) to S_j, j = 1..2t: the syndrome contribution of one set bit at degree deg.
SPEX_HD void bch_toggle(const BchView& c, int deg, uint32_t* S) {
    const int order = c.gf.order;
    const int step = deg % order;
    int e = 0;
    for (int j = 1; j <= 2 * c.t; ++j) {
        e += step;
        if (e >= order) e -= order;
        S[j] ^= c.gf.exp[e];
    }
}

// Error locator of the syndromes S[1..2t] by Berlekamp–Massey; its roots give the error degrees (ascending
// features). Returns the number of errors v, or -1: v > t, a locator that does not split into v distinct roots,
// or a root outside the unshortened positions (degrees 0..n+r-1).
SPEX_HD int bch_locate(const BchView& c, const uint32_t* S, int* err_deg) {
    const GfView& f = c.gf;
    const int t2 = 2 * c.t;
    bool zero = true;
    for (int j = 1; j <= t2; ++j) zero = zero && S[j] == 0;
    if (zero) return 0;

    uint32_t C[2 * kMaxT + 2] = {0}, B[2 * kMaxT + 2] = {0}, T[2 * kMaxT + 2];
    C[0] = B[0] = 1;
    int L = 0, shift = 1;
    uint32_t bprev = 1;
    for (int i = 0; i < t2; ++i) {
        // binary code: S_2j = S_j^2 makes every odd-step discrepancy vanish (Berlekamp's simplification)
        if (i & 1) {
            ++shift;
            continue;
        }
        uint32_t d = S[i + 1];
        for (int j = 1; j <= L; ++j) d ^= f.mul(C[j], S[i + 1 - j]);
        if (d == 0) {
            ++shift;
            continue;
        }
        const uint32_t coef = f.div(d, bprev);
        if (2 * L <= i) {
            for (int j = 0; j <= t2 + 1; ++j) T[j] = C[j];
            for (int j = 0; j + shift <= t2 + 1; ++j) C[j + shift] ^= f.mul(coef, B[j]);
            L = i + 1 - L;
            for (int j = 0; j <= t2 + 1; ++j) B[j] = T[j];
            bprev = d;
            shift = 1;
        } else {
            for (int j = 0; j + shift <= t2 + 1; ++j) C[j + shift] ^= f.mul(coef, B[j]);
            ++shift;
        }
    }
    const int v = L;
    if (v > c.t || C[v] == 0) return -1;
    for (int j = v + 1; j <= t2 + 1; ++j)
        if (C[j] != 0) return -1;

    // Cheap rejection first: sigma splits into v distinct non-zero roots iff x^(2^m) = x mod sigma.
    if (v >= 2) {
        uint32_t mu[kMaxT + 1];  // monic sigma
        for (int j = 0; j <= v; ++j) mu[j] = f.div(C[j], C[v]);
        uint32_t rpoly[2 * kMaxT + 1] = {0};
        rpoly[1] = 1;  // x
        for (int s = 0; s < f.m; ++s) {
            uint32_t sq[2 * kMaxT + 1] = {0};
            for (int j = 0; j < v; ++j) sq[2 * j] = f.mul(rpoly[j], rpoly[j]);
            for (int d = 2 * v - 2; d >= v; --d) {
                const uint32_t co = sq[d];
                if (co == 0) continue;
                for (int j = 0; j < v; ++j) sq[d - v + j] ^= f.mul(co, mu[j]);
                sq[d] = 0;
            }
            for (int j = 0; j < v; ++j) rpoly[j] = sq[j];
        }
        for (int j = 0; j < v; ++j)
            if (rpoly[j] != (j == 1 ? 1u : 0u)) return -1;
    }

    // Chien search over the unshortened degrees: sigma(alpha^-deg) == 0 marks an error at deg.
    const int order = f.order;
    int e[kMaxT + 1];
    for (int j = 1; j <= v; ++j) e[j] = C[j] ? int(f.log[C[j]]) : -1;
    int found = 0;
    const int last = c.n + c.r - 1;
    for (int deg = 0; deg <= last && found < v; ++deg) {
        uint32_t sum = C[0];
        for (int j = 1; j <= v; ++j) {
            if (e[j] < 0) continue;
            sum ^= f.exp[e[j]];
            e[j] -= j;  // next degree: multiply term j by alpha^-j
            while (e[j] < 0) e[j] += order;
        }
        if (sum == 0) err_deg[found++] = deg;
    }
    return found == v ? v : -1;
}

// Turns error degrees into the decoded message k (features ascending).
SPEX_HD void bch_message(const BchView& c, const int* err_deg, int v, DecodeResult* out) {
    int size = 0;
    // err_deg ascending -> features descending; fill from the back to keep k ascending
    for (int i = v - 1; i >= 0; --i) {
        if (err_deg[i] >= c.r) out->k[size++] = c.n + c.r - 1 - err_deg[i];
    }
    out->size = size;
    out->nerr = v;
}

// Hard decision decode of the parity word h (h[p-1] = bit p, p = 1..r).
SPEX_HD DecodeResult bch_decode_hard(const BchView& c, const uint8_t* h) {
    uint32_t S[2 * kMaxT + 1] = {0};
    for (int p = 1; p <= c.r; ++p)
        if (h[p - 1]) bch_toggle(c, c.r - p, S);
    int deg[kMaxT];
    DecodeResult out;
    out.size = -1;
    out.nerr = -1;
    const int v = bch_locate(c, S, deg);
    if (v >= 0) bch_message(c, deg, v, &out);
    return out;
}

// Min-heap entry of the Chase enumeration (Lawler-style k smallest subset sums).
struct ChaseNode {
    double cost;
    uint32_t mask;
    int last;
    int seq;
};

SPEX_HD bool chase_less(const ChaseNode& a, const ChaseNode& b) {
    return a.cost < b.cost || (a.cost == b.cost && a.seq < b.seq);
}

SPEX_HD void chase_push(ChaseNode* heap, int* size, ChaseNode node) {
    int i = (*size)++;
    heap[i] = node;
    while (i > 0) {
        int parent = (i - 1) / 2;
        if (!chase_less(heap[i], heap[parent])) break;
        ChaseNode tmp = heap[i];
        heap[i] = heap[parent];
        heap[parent] = tmp;
        i = parent;
    }
}

SPEX_HD ChaseNode chase_pop(ChaseNode* heap, int* size) {
    ChaseNode top = heap[0];
    heap[0] = heap[--(*size)];
    int i = 0;
    for (;;) {
        int l = 2 * i + 1, r = l + 1, best = i;
        if (l < *size && chase_less(heap[l], heap[best])) best = l;
        if (r < *size && chase_less(heap[r], heap[best])) best = r;
        if (best == i) break;
        ChaseNode tmp = heap[i];
        heap[i] = heap[best];
        heap[best] = tmp;
        i = best;
    }
    return top;
}

SPEX_HD bool same_message(const int* a, int as, const int* b, int bs) {
    if (as != bs) return false;
    for (int i = 0; i < as; ++i)
        if (a[i] != b[i]) return false;
    return true;
}

// Soft decode (spec §6.3, "2chase_t2_max_likelihood"): s[p-1] is the signed soft value of parity bit p (negative
// means bit 1, |s| its reliability). Hard decode first; on failure, flip the d(d+1)/2 least-cost patterns over the
// d least reliable bits, in increasing cost, and keep the new decoded word with the fewest corrected errors (ties
// to the lower cost). *decodes counts BCH decodes.
SPEX_HD DecodeResult bch_decode_soft(const BchView& c, const double* s, int depth, int* decodes) {
    const int r = c.r;
    uint32_t S[2 * kMaxT + 1] = {0};
    for (int p = 1; p <= r; ++p)
        if (s[p - 1] < 0) bch_toggle(c, r - p, S);
    int deg[kMaxT];
    DecodeResult best;
    best.size = -1;
    best.nerr = -1;
    ++*decodes;
    int v = bch_locate(c, S, deg);
    if (v >= 0) {
        bch_message(c, deg, v, &best);
        return best;
    }
    int d = depth < r ? depth : r;
    if (d > kMaxChaseDepth) d = kMaxChaseDepth;
    if (d <= 0) return best;

    // the d least reliable positions, ascending reliability (NaN counts as 0)
    int pos[kMaxChaseDepth];
    double rel[kMaxChaseDepth];
    int have = 0;
    for (int p = 0; p < r; ++p) {
        double a = s[p] < 0 ? -s[p] : s[p];
        if (!(a >= 0)) a = 0;
        if (have == d && a >= rel[d - 1]) continue;
        int i = have < d ? have++ : d - 1;
        while (i > 0 && rel[i - 1] > a) {
            rel[i] = rel[i - 1];
            pos[i] = pos[i - 1];
            --i;
        }
        rel[i] = a;
        pos[i] = p;
    }
    uint32_t flip[kMaxChaseDepth][2 * kMaxT + 1];
    for (int q = 0; q < d; ++q) {
        for (int j = 0; j <= 2 * c.t; ++j) flip[q][j] = 0;
        bch_toggle(c, r - 1 - pos[q], flip[q]);
    }

    // The empty pattern is the hard decode, which failed: enumerate the other d(d+1)/2 - 1 patterns.
    const int patterns = d * (d + 1) / 2;
    ChaseNode heap[kMaxChasePatterns + 4];
    int hsize = 0, seq = 0;
    chase_push(heap, &hsize, ChaseNode{rel[0], 1u, 0, seq++});
    int seen[kMaxChasePatterns][kMaxT];
    int seen_size[kMaxChasePatterns];
    int nseen = 0;
    for (int it = 1; it < patterns && hsize > 0; ++it) {
        ChaseNode node = chase_pop(heap, &hsize);
        if (node.last + 1 < d) {
            const int nx = node.last + 1;
            chase_push(heap, &hsize, ChaseNode{node.cost + rel[nx], node.mask | (1u << nx), nx, seq++});
            chase_push(heap, &hsize,
                       ChaseNode{node.cost - rel[node.last] + rel[nx], (node.mask & ~(1u << node.last)) | (1u << nx),
                                 nx, seq++});
        }
        uint32_t T[2 * kMaxT + 1];
        for (int j = 0; j <= 2 * c.t; ++j) T[j] = S[j];
        for (int q = 0; q < d; ++q)
            if (node.mask & (1u << q))
                for (int j = 1; j <= 2 * c.t; ++j) T[j] ^= flip[q][j];
        ++*decodes;
        v = bch_locate(c, T, deg);
        if (v < 0) continue;
        DecodeResult cand;
        bch_message(c, deg, v, &cand);
        bool is_new = true;
        for (int i = 0; i < nseen && is_new; ++i) is_new = !same_message(seen[i], seen_size[i], cand.k, cand.size);
        if (!is_new) continue;
        for (int i = 0; i < cand.size; ++i) seen[nseen][i] = cand.k[i];
        seen_size[nseen++] = cand.size;
        if (best.size < 0 || cand.nerr < best.nerr) best = cand;
    }
    return best;
}

}  // namespace spex4j
