// The CUDA kernels (cuda/spex4j_cuda.cu) against the CPU kernels (native/include/spex4j/kernels.h): the batched FWHT
// on random rows, and bin detection on observation matrices built from known sparse Fourier coefficients, with and
// without noise, soft and hard decoding. Exit code 77 (skipped) where there is no CUDA driver or device.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <set>
#include <vector>
#include "spex4j/kernels.h"
#include "spex4j_cuda.h"
#include "check.h"

using namespace spex4j;

// ---------------------------------------------------------------------------------------------------------------
// FWHT

// the CPU entry point matching T
static int spex_fwht_f64_or_f32(double* x, int64_t rows, int b, int scale) {
    return spex_fwht_f64(x, rows, b, scale, 0);
}
static int spex_fwht_f64_or_f32(float* x, int64_t rows, int b, int scale) {
    return spex_fwht_f32(x, rows, b, scale, 0);
}

template <typename T>
static void fwht_against_cpu(int b, int64_t rows, int scale, double tol) {
    const int64_t n = int64_t(1) << b;
    std::mt19937_64 rng(1000 + 2 * b + scale);
    std::uniform_real_distribution<double> u(-1, 1);
    std::vector<T> cpu(size_t(rows * n));
    for (auto& v : cpu) v = T(u(rng));
    std::vector<T> gpu = cpu;
    CHECK_EQ(spex_fwht_f64_or_f32(cpu.data(), rows, b, scale), 0);
    int st;
    if constexpr (sizeof(T) == 8) st = spex_cuda_fwht_f64(gpu.data(), rows, b, scale);
    else st = spex_cuda_fwht_f32(gpu.data(), rows, b, scale);
    CHECK_EQ(st, 0);
    // The GPU runs the same butterflies in the same stage order, so the results should agree exactly; the check
    // allows rounding, relative to the size of a row's coefficients (sqrt(n) unscaled, 2^-b/2 scaled).
    const double magnitude = scale ? 1.0 / std::sqrt(double(n)) : std::sqrt(double(n));
    double worst = 0;
    int64_t differ = 0;
    for (size_t i = 0; i < cpu.size(); ++i) {
        const double d = std::fabs(double(cpu[i]) - double(gpu[i]));
        worst = std::max(worst, d / magnitude);
        differ += cpu[i] != gpu[i];
    }
    if (!(worst < tol))
        std::fprintf(stderr, "fwht %s b=%d rows=%lld scale=%d: worst relative error %g, %lld elements differ\n",
                     sizeof(T) == 8 ? "f64" : "f32", b, (long long)rows, scale, worst, (long long)differ);
    CHECK(worst < tol);
    if (differ != 0)
        std::printf("     note: fwht %s b=%d scale=%d: %lld of %lld elements not bitwise equal (worst %g)\n",
                    sizeof(T) == 8 ? "f64" : "f32", b, scale, (long long)differ, (long long)cpu.size(), worst);
}

static void test_fwht_f64() {
    for (int b = 1; b <= 20; ++b) {
        // an odd number of rows: for b < 12 the last 4096-element tile of the flat array is partial
        const int64_t rows = (int64_t(1) << std::max(0, 21 - b)) + 1;
        for (int scale = 0; scale <= 1; ++scale) fwht_against_cpu<double>(b, rows, scale, 1e-12);
    }
    fwht_against_cpu<double>(22, 2, 1, 1e-12);
    fwht_against_cpu<double>(24, 1, 0, 1e-12);  // the largest row: three global passes of 4 stages
}

static void test_fwht_f32() {
    for (int b = 1; b <= 20; ++b) {
        const int64_t rows = (int64_t(1) << std::max(0, 21 - b)) + 3;
        for (int scale = 0; scale <= 1; ++scale) fwht_against_cpu<float>(b, rows, scale, 1e-4);
    }
    fwht_against_cpu<float>(23, 1, 1, 1e-4);
}

static void test_fwht_edges() {
    std::vector<double> x = {1.5, -2.0, 3.25};
    CHECK_EQ(spex_cuda_fwht_f64(x.data(), 3, 0, 1), 0);  // b = 0: identity
    CHECK_EQ(x[0], 1.5);
    CHECK_EQ(x[1], -2.0);
    CHECK_EQ(x[2], 3.25);
    CHECK_EQ(spex_cuda_fwht_f64(x.data(), 0, 5, 1), 0);  // no rows
    CHECK_EQ(spex_cuda_fwht_f64(x.data(), 1, 25, 1), SPEX_CUDA_BAD_ARGUMENT);
    CHECK_EQ(spex_cuda_fwht_f64(x.data(), -1, 2, 1), SPEX_CUDA_BAD_ARGUMENT);
    CHECK_EQ(spex_cuda_fwht_f32(nullptr, 1, 2, 1), SPEX_CUDA_BAD_ARGUMENT);
    CHECK_EQ(spex_cuda_fwht_f64_device(nullptr, 1, 2, 1, nullptr), SPEX_CUDA_BAD_ARGUMENT);
    CHECK_EQ(spex_cuda_fwht_f64_device(nullptr, 0, 2, 1, nullptr), 0);
    // a small case against the definition, H [1 0 0 0] = [1 1 1 1], H [0 1 0 0] = [1 -1 1 -1]
    std::vector<float> y = {1, 0, 0, 0, 0, 1, 0, 0};
    CHECK_EQ(spex_cuda_fwht_f32(y.data(), 2, 2, 0), 0);
    const float want[8] = {1, 1, 1, 1, 1, -1, 1, -1};
    for (int i = 0; i < 8; ++i) CHECK_EQ(y[size_t(i)], want[i]);
}

// ---------------------------------------------------------------------------------------------------------------
// Detection

struct Setup {
    int n = 0, t = 0, b = 0, C = 3, P = 0;
    BchCode* code = nullptr;
    std::vector<int32_t> mrows;
    std::vector<double> U;
    std::vector<uint8_t> to_check;
    int64_t N() const { return int64_t(1) << b; }
};

// U[c][p][j] += F(k) sig_p(k) for j = bin_of(k) in group c
static void add_coefficient(Setup& s, const std::vector<int>& k, double v) {
    const BchView view = s.code->view();
    uint64_t bits[kMaxRWords];
    signature_bits(view, k.data(), int(k.size()), bits);
    for (int g = 0; g < s.C; ++g) {
        const int32_t j = bin_of(&s.mrows[size_t(g) * s.n], k.data(), int(k.size()));
        for (int p = 0; p < s.P; ++p)
            s.U[(size_t(g) * s.P + p) * size_t(s.N()) + size_t(j)] += v * (p == 0 ? 1.0 : signature(bits, p));
    }
}

// `coefficients` random k of degree <= 5 with values of either sign, magnitude 1..10; then Gaussian noise.
static Setup make_setup(int n, int t, int b, int C, int coefficients, double noise_sd, uint64_t seed) {
    Setup s;
    s.n = n;
    s.t = t;
    s.b = b;
    s.C = C;
    s.code = static_cast<BchCode*>(spex_bch_create(n, t));
    CHECK(s.code != nullptr);
    s.P = s.code->params().r + 1;
    std::mt19937_64 rng(seed);
    s.mrows.resize(size_t(C) * n);
    for (auto& m : s.mrows) m = int32_t(rng() % uint64_t(s.N()));
    s.U.assign(size_t(C) * s.P * size_t(s.N()), 0.0);
    std::set<std::vector<int>> seen;
    while (int(seen.size()) < coefficients) {
        const int deg = int(rng() % 6);
        std::set<int> f;
        while (int(f.size()) < deg) f.insert(int(rng() % uint64_t(n)));
        std::vector<int> k(f.begin(), f.end());
        if (!seen.insert(k).second) continue;
        const double v = (1 + double(rng() % 900) / 100.0) * ((rng() & 1) ? 1 : -1);
        add_coefficient(s, k, v);
    }
    if (noise_sd > 0) {
        std::normal_distribution<double> z(0, noise_sd);
        for (auto& u : s.U) u += z(rng);
    }
    s.to_check.assign(size_t(C) * size_t(s.N()), 1);
    return s;
}

struct Detected {
    int64_t count = 0, decodes = -1;
    std::vector<int32_t> group, bin, k, size;
    std::vector<double> value;
    std::vector<uint8_t> to_check;
};

static Detected run_detect(const Setup& s, bool gpu, int soft, int depth, double res_cutoff) {
    const int64_t cap = int64_t(s.C) * s.N();
    Detected d;
    d.group.assign(size_t(cap), -7);
    d.bin.assign(size_t(cap), -7);
    d.size.assign(size_t(cap), -7);
    d.k.assign(size_t(cap) * s.t, -7);
    d.value.assign(size_t(cap), -7.0);
    d.to_check = s.to_check;
    const double cutoff = 1e-9;
    if (gpu)
        d.count = spex_cuda_detect(s.code, s.U.data(), s.C, s.b, s.mrows.data(), d.to_check.data(), cutoff, res_cutoff,
                                   soft, depth, d.group.data(), d.bin.data(), d.k.data(), d.size.data(),
                                   d.value.data(), &d.decodes);
    else
        d.count = spex_detect(s.code, s.U.data(), s.C, s.b, s.mrows.data(), d.to_check.data(), cutoff, res_cutoff, soft,
                              depth, 2, d.group.data(), d.bin.data(), d.k.data(), d.size.data(), d.value.data(),
                              &d.decodes);
    return d;
}

// GPU and CPU agree on everything: singleton list and order, k, sizes, values, cleared flags, decode count.
// Returns the CPU result.
static Detected compare_detect(const Setup& s, int soft, int depth, double res_cutoff, const char* what) {
    Detected cpu = run_detect(s, false, soft, depth, res_cutoff);
    Detected gpu = run_detect(s, true, soft, depth, res_cutoff);
    const int before = check_failures();
    CHECK(gpu.count >= 0);
    CHECK_EQ(gpu.count, cpu.count);
    CHECK_EQ(gpu.decodes, cpu.decodes);
    const int64_t m = std::min(gpu.count, cpu.count);
    for (int64_t q = 0; q < m; ++q) {
        CHECK_EQ(gpu.group[size_t(q)], cpu.group[size_t(q)]);
        CHECK_EQ(gpu.bin[size_t(q)], cpu.bin[size_t(q)]);
        CHECK_EQ(gpu.size[size_t(q)], cpu.size[size_t(q)]);
        for (int i = 0; i < s.t; ++i) CHECK_EQ(gpu.k[size_t(q) * s.t + i], cpu.k[size_t(q) * s.t + i]);
        const double a = cpu.value[size_t(q)], g = gpu.value[size_t(q)];
        CHECK(std::fabs(a - g) <= 1e-12 * std::max(1.0, std::fabs(a)));
    }
    // nothing written past the count
    if (gpu.count >= 0 && gpu.count < int64_t(gpu.group.size())) CHECK_EQ(gpu.group[size_t(gpu.count)], -7);
    int64_t flags_differ = 0;
    for (size_t i = 0; i < cpu.to_check.size(); ++i) flags_differ += cpu.to_check[i] != gpu.to_check[i];
    CHECK_EQ(flags_differ, int64_t(0));
    if (check_failures() != before)
        std::fprintf(stderr, "  in %s (soft=%d depth=%d res_cutoff=%g): cpu %lld singletons %lld decodes, gpu %lld "
                     "singletons %lld decodes\n", what, soft, depth, res_cutoff, (long long)cpu.count,
                     (long long)cpu.decodes, (long long)gpu.count, (long long)gpu.decodes);
    return cpu;
}

// Every decoder setting on one setup, then a second detection after peeling what the first one found.
static void detect_all_modes(Setup& s, const char* what, bool expect_singletons) {
    struct Mode { int soft, depth; double res; } modes[] = {{1, 10, 0.9}, {1, 5, 0.9}, {0, 10, 0.9}, {1, 10, 1e-9},
                                                           {0, 0, 1e-9}};
    for (const Mode& md : modes) {
        Detected cpu = compare_detect(s, md.soft, md.depth, md.res, what);
        if (expect_singletons && md.res > 0.5) CHECK(cpu.count > 0);
    }
    // iteration 2: peel the (soft, d = 10) singletons on the CPU, detect again on the peeled residual
    Detected first = run_detect(s, false, 1, 10, 0.9);
    Setup next = s;
    next.to_check = first.to_check;
    std::vector<int32_t> ks, sizes;
    std::vector<double> values;
    std::set<std::vector<int32_t>> done;
    for (int64_t q = 0; q < first.count; ++q) {
        std::vector<int32_t> k(first.k.begin() + q * s.t, first.k.begin() + (q + 1) * s.t);
        if (!done.insert(k).second) continue;
        ks.insert(ks.end(), k.begin(), k.end());
        sizes.push_back(first.size[size_t(q)]);
        values.push_back(first.value[size_t(q)]);
    }
    spex_peel(next.code, next.U.data(), next.C, next.b, next.mrows.data(), next.to_check.data(), ks.data(),
              sizes.data(), values.data(), int64_t(sizes.size()));
    compare_detect(next, 1, 10, 0.9, what);
    compare_detect(next, 0, 0, 0.9, what);
}

static void test_detect_sparse_noiseless() {
    Setup s = make_setup(300, 5, 6, 3, 12, 0.0, 11);
    detect_all_modes(s, "n=300 t=5 b=6, 12 coefficients", true);
    spex_bch_free(s.code);
}

static void test_detect_dense_noiseless() {
    // about one coefficient per bin: many multitons
    Setup s = make_setup(300, 5, 6, 3, 60, 0.0, 12);
    detect_all_modes(s, "n=300 t=5 b=6, 60 coefficients", true);
    spex_bch_free(s.code);
}

static void test_detect_noisy() {
    // noise flips parity signs of the weaker coefficients: the Chase decoder does real work
    for (double sd : {0.05, 0.3, 1.0}) {
        Setup s = make_setup(300, 5, 6, 3, 12, sd, 13);
        detect_all_modes(s, "n=300 t=5 b=6, 12 coefficients, noisy", sd < 0.5);
        Detected cpu = run_detect(s, false, 1, 10, 0.9);
        int64_t bins_decoded = 0;
        for (uint8_t f : s.to_check) bins_decoded += f;
        if (sd >= 0.3) CHECK(cpu.decodes > bins_decoded);  // some bins needed Chase patterns
        spex_bch_free(s.code);
    }
}

static void test_detect_partial_flags() {
    Setup s = make_setup(300, 5, 6, 3, 20, 0.1, 14);
    std::mt19937_64 rng(15);
    for (auto& f : s.to_check) f = uint8_t(rng() & 1);
    detect_all_modes(s, "n=300 t=5 b=6, half the bins flagged", true);
    std::fill(s.to_check.begin(), s.to_check.end(), uint8_t(0));  // nothing to check
    Detected cpu = compare_detect(s, 1, 10, 0.9, "no bins flagged");
    CHECK_EQ(cpu.count, int64_t(0));
    CHECK_EQ(cpu.decodes, int64_t(0));
    spex_bch_free(s.code);
}

static void test_detect_larger() {
    // many blocks of threads, other code sizes (t = 3: P = 31 at n = 1000; t = 8, depth 16)
    Setup a = make_setup(1000, 5, 10, 3, 600, 0.2, 16);
    detect_all_modes(a, "n=1000 t=5 b=10, 600 coefficients", true);
    spex_bch_free(a.code);
    Setup c = make_setup(1000, 3, 9, 2, 200, 0.1, 17);
    detect_all_modes(c, "n=1000 t=3 b=9", true);
    spex_bch_free(c.code);
    Setup d = make_setup(2000, 8, 8, 3, 100, 0.3, 18);
    compare_detect(d, 1, 16, 0.9, "n=2000 t=8 b=8");
    compare_detect(d, 0, 0, 0.9, "n=2000 t=8 b=8");
    spex_bch_free(d.code);
}

static void test_detect_arguments() {
    int64_t decodes = 0;
    CHECK_EQ(spex_cuda_detect(nullptr, nullptr, 1, 4, nullptr, nullptr, 1e-9, 0.9, 1, 10, nullptr, nullptr, nullptr,
                              nullptr, nullptr, &decodes),
             int64_t(SPEX_CUDA_BAD_ARGUMENT));
    void* code = spex_bch_create(20, 3);
    CHECK(code != nullptr);
    CHECK_EQ(spex_cuda_detect(code, nullptr, 1, 25, nullptr, nullptr, 1e-9, 0.9, 1, 10, nullptr, nullptr, nullptr,
                              nullptr, nullptr, &decodes),
             int64_t(SPEX_CUDA_BAD_ARGUMENT));
    decodes = -1;
    CHECK_EQ(spex_cuda_detect(code, nullptr, 0, 4, nullptr, nullptr, 1e-9, 0.9, 1, 10, nullptr, nullptr, nullptr,
                              nullptr, nullptr, &decodes),
             int64_t(0));  // no groups, no bins
    CHECK_EQ(decodes, int64_t(0));
    spex_bch_free(code);
}

// ---------------------------------------------------------------------------------------------------------------
// Mask expansion

// Random feature layouts (gaps of special tokens between features, empty features), random masks, both maskers:
// the GPU rows must equal the CPU rows exactly.
static void test_expand_against_cpu() {
    std::mt19937_64 rng(77);
    for (int trial = 0; trial < 40; ++trial) {
        const int n = 1 + int(rng() % 150);
        const int w = (n + 63) / 64;
        std::vector<int32_t> start(static_cast<size_t>(n)), end(static_cast<size_t>(n));
        std::vector<int64_t> base;
        base.push_back(101);  // [CLS]
        for (int f = 0; f < n; ++f) {
            start[size_t(f)] = int32_t(base.size());
            const int width = int(rng() % 4);  // 0 = a feature that owns no token
            for (int k = 0; k < width; ++k) base.push_back(1000 + int64_t(rng() % 20000));
            end[size_t(f)] = int32_t(base.size());
            if (rng() % 5 == 0) base.push_back(999);  // a token outside every feature
        }
        base.push_back(102);  // [SEP]
        const int64_t rows = 1 + int64_t(rng() % 300);
        std::vector<uint64_t> masks(size_t(rows * w));
        for (auto& m : masks) m = rng();
        for (int64_t r = 0; r < rows; ++r)
            if (n % 64) masks[size_t(r * w + w - 1)] &= (uint64_t(1) << (n % 64)) - 1;
        for (int mode = 0; mode < 2; ++mode) {
            std::vector<int32_t> lengths(static_cast<size_t>(rows));
            CHECK_EQ(spex_mask_lengths(masks.data(), rows, w, base.data(), int32_t(base.size()), start.data(),
                                       end.data(), n, 100, mode, lengths.data()),
                     0);
            std::vector<int32_t> pick;
            for (int64_t r = 0; r < rows; r += 1 + int64_t(rng() % 3)) pick.push_back(int32_t(r));
            const int32_t out_len = *std::max_element(lengths.begin(), lengths.end()) + int32_t(rng() % 3);
            const size_t cells = pick.size() * size_t(out_len);
            std::vector<int64_t> ci(cells), ca(cells), cp(cells), gi(cells, -7), ga(cells, -7), gp(cells, -7);
            CHECK_EQ(spex_expand_masks(masks.data(), w, pick.data(), int64_t(pick.size()), base.data(),
                                       int32_t(base.size()), start.data(), end.data(), n, 100, mode, 0, out_len,
                                       ci.data(), ca.data(), cp.data(), 2),
                     0);
            CHECK_EQ(spex_cuda_expand_masks(masks.data(), rows, w, pick.data(), int64_t(pick.size()), base.data(),
                                            int32_t(base.size()), start.data(), end.data(), n, 100, mode, 0, out_len,
                                            gi.data(), ga.data(), gp.data()),
                     0);
            CHECK(ci == gi);
            CHECK(ca == ga);
            CHECK(cp == gp);
        }
    }
}

static void test_expand_arguments() {
    const int64_t base[] = {101, 5, 6, 102};
    const int32_t start[] = {1, 2}, end[] = {2, 3};
    const uint64_t mask = 3;  // both kept: 4 tokens
    const int32_t row = 0, bad_row = 1;
    int64_t ids[4], att[4], pos[4];
    CHECK_EQ(spex_cuda_expand_masks(&mask, 1, 1, &row, 1, base, 4, start, end, 2, 100, 0, 0, 3, ids, att, pos),
             SPEX_CUDA_BAD_ARGUMENT);  // does not fit out_len
    CHECK_EQ(spex_cuda_expand_masks(&mask, 1, 1, &bad_row, 1, base, 4, start, end, 2, 100, 0, 0, 4, ids, att, pos),
             SPEX_CUDA_BAD_ARGUMENT);  // row index outside the masks
    CHECK_EQ(spex_cuda_expand_masks(&mask, 1, 2, &row, 1, base, 4, start, end, 2, 100, 0, 0, 4, ids, att, pos),
             SPEX_CUDA_BAD_ARGUMENT);  // w does not match n
    CHECK_EQ(spex_cuda_expand_masks(&mask, 1, 1, &row, 1, base, 4, start, end, 2, 100, 7, 0, 4, ids, att, pos),
             SPEX_CUDA_BAD_ARGUMENT);  // unknown masker
    CHECK_EQ(spex_cuda_expand_masks(&mask, 1, 1, &row, 1, base, 4, start, end, 2, 100, 0, 0, 4, ids, att, pos), 0);
    const int64_t want[] = {101, 5, 6, 102};
    for (int i = 0; i < 4; ++i) {
        CHECK_EQ(ids[i], want[i]);
        CHECK_EQ(att[i], int64_t(1));
        CHECK_EQ(pos[i], int64_t(i));
    }
}

int main() {
    const int devices = spex_cuda_device_count();
    if (devices <= 0) {
        std::printf("no CUDA device: CUDA kernel tests skipped\n");
        return 77;
    }
    std::printf("%d CUDA device(s)\n", devices);
    RUN(test_fwht_edges);
    RUN(test_fwht_f64);
    RUN(test_fwht_f32);
    RUN(test_detect_arguments);
    RUN(test_detect_sparse_noiseless);
    RUN(test_detect_dense_noiseless);
    RUN(test_detect_noisy);
    RUN(test_detect_partial_flags);
    RUN(test_detect_larger);
    RUN(test_expand_arguments);
    RUN(test_expand_against_cpu);
    return report();
}
