// C++ tests of the BCH construction and decoders against the spec's vectors (spec/SPEX.md §11.1, Appendix A).
#include <cstdio>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>
#include "spex4j/kernels.h"
#include "check.h"

using namespace spex4j;

static BchCode make(int n, int t) {
    BchParams p;
    CHECK(bch_parameter_search(n, t, &p));
    return BchCode(n, t, p);
}

static void test_delay_matrix_n20_t3() {
    BchCode c = make(20, 3);
    CHECK_EQ(c.params().m, 6);
    CHECK_EQ(c.params().kc, 45);
    CHECK_EQ(c.params().r, 18);
    uint64_t g = 0;
    for (size_t d = 0; d < c.generator().size(); ++d) g |= uint64_t(c.generator()[d]) << d;
    CHECK_EQ(g, uint64_t(0x782cf));
    const char* rows[19] = {"00000000000000000000", "00100110000010011001", "10110101000011010101",
                            "01111100100011110011", "10011000010011100000", "01001100001001110000",
                            "00100110000100111000", "10010011000010011100", "01001001100001001110",
                            "00100100110000100111", "00110100011010001010", "10011010001101000101",
                            "01101011000100111011", "00010011100000000100", "00001001110000000010",
                            "10000100111000000001", "11100100011110011001", "11010100001101010101",
                            "01001100000100110011"};
    for (int p = 0; p < 19; ++p)
        for (int i = 0; i < 20; ++i) CHECK_EQ(c.delay(p, i), rows[p][i] - '0');
}

static void test_generators_t5() {
    const uint64_t lo[7] = {0x1626d5, 0x86e8113, 0xca76024d7ull, 0x1337dd3ad11ull, 0x24aea6c8e3f3ull,
                            0x6f21ce1015ff9ull, 0xd52a8400919ecdull};
    for (int m = 5; m <= 11; ++m) {
        // the smallest n that needs this m at t = 5
        const int first_n[12] = {0, 0, 0, 0, 0, 2, 12, 37, 93, 216, 467, 974};
        BchCode c = make(first_n[m], 5);
        CHECK_EQ(c.params().m, m);
        uint64_t g = 0;
        for (size_t d = 0; d < c.generator().size(); ++d) g |= uint64_t(c.generator()[d]) << d;
        CHECK_EQ(g, lo[m - 5]);
    }
}

static void test_code_sizes() {
    // Appendix A rows for t = 5: n range -> P
    struct Row { int lo, hi, P; } rows[] = {{2, 11, 21}, {12, 36, 28}, {37, 92, 36}, {93, 215, 41},
                                             {216, 466, 46}, {467, 973, 51}, {974, 1992, 56}, {1993, 4035, 61}};
    for (auto& r : rows) {
        BchParams lo, hi;
        CHECK(bch_parameter_search(r.lo, 5, &lo));
        CHECK(bch_parameter_search(r.hi, 5, &hi));
        CHECK_EQ(lo.r + 1, r.P);
        CHECK_EQ(hi.r + 1, r.P);
    }
    BchParams p;
    CHECK(bch_parameter_search(1, 1, &p));
    CHECK_EQ(p.m, 2);
    CHECK(bch_parameter_search(100, 3, &p));
    CHECK_EQ(p.kc, 106);
    CHECK(bch_parameter_search(2000, 8, &p));
    CHECK_EQ(p.r + 1, 97);
}

// parity bits of message k: XOR of D columns
static std::vector<uint8_t> parity(const BchCode& c, const std::vector<int>& k) {
    const int r = c.params().r;
    std::vector<uint8_t> h(r, 0);
    for (int i : k)
        for (int p = 1; p <= r; ++p) h[p - 1] ^= uint8_t(c.delay(p, i));
    return h;
}

static void test_hard_all_patterns_small() {
    // n = 11, t = 2: every message of weight <= 2 with every parity error pattern up to 2 - |k| flips
    BchCode c = make(11, 2);
    const int n = 11, r = c.params().r;
    BchView v = c.view();
    int checked = 0;
    for (int a = -1; a < n; ++a)
        for (int b2 = a + 1; b2 < n; ++b2) {
            std::vector<int> k;
            if (a >= 0) k.push_back(a);
            if (b2 >= 0 && b2 > a && b2 < n && (a >= 0 || b2 == a + 1)) k.push_back(b2);
            // a = -1 enumerates the weight-1 messages {b2} via the second slot
            if (a < 0) k = {b2};
            int budget = 2 - int(k.size());
            for (int e1 = -1; e1 < r; ++e1)
                for (int e2 = e1 + 1; e2 < r; ++e2) {
                    int flips = (e1 >= 0) + 1;
                    if (flips > budget) continue;
                    auto h = parity(c, k);
                    if (e1 >= 0) h[e1] ^= 1;
                    h[e2] ^= 1;
                    DecodeResult d = bch_decode_hard(v, h.data());
                    CHECK_EQ(d.size, int(k.size()));
                    for (size_t i = 0; i < k.size(); ++i) CHECK_EQ(d.k[i], k[i]);
                    ++checked;
                }
            auto h = parity(c, k);
            DecodeResult d = bch_decode_hard(v, h.data());
            CHECK_EQ(d.size, int(k.size()));
            CHECK_EQ(d.nerr, int(k.size()));
        }
    CHECK(checked > 100);
    // k = 0: all-zero parity decodes with no error
    std::vector<uint8_t> zero(r, 0);
    DecodeResult d = bch_decode_hard(v, zero.data());
    CHECK_EQ(d.size, 0);
    CHECK_EQ(d.nerr, 0);
}

static void test_hard_random(int n, int t, int trials) {
    BchCode c = make(n, t);
    BchView v = c.view();
    std::mt19937_64 rng(42 + n);
    const int r = c.params().r;
    for (int trial = 0; trial < trials; ++trial) {
        int w = int(rng() % (t + 1));
        int perr = int(rng() % (t - w + 1));
        std::vector<int> k;
        while (int(k.size()) < w) {
            int f = int(rng() % n);
            bool dup = false;
            for (int x : k) dup = dup || x == f;
            if (!dup) k.push_back(f);
        }
        std::sort(k.begin(), k.end());
        auto h = parity(c, k);
        std::vector<int> flipped;
        while (int(flipped.size()) < perr) {
            int p = int(rng() % r);
            bool dup = false;
            for (int x : flipped) dup = dup || x == p;
            if (!dup) {
                flipped.push_back(p);
                h[p] ^= 1;
            }
        }
        DecodeResult d = bch_decode_hard(v, h.data());
        CHECK_EQ(d.size, w);
        CHECK_EQ(d.nerr, w + perr);
        for (int i = 0; i < w; ++i) CHECK_EQ(d.k[i], k[i]);
    }
}

static void test_chase_beyond_t() {
    // t + 1 and t + 2 parity errors on the least reliable bits: hard decoding fails, Chase recovers k
    const int n = 1000, t = 5;
    BchCode c = make(n, t);
    BchView v = c.view();
    std::mt19937_64 rng(7);
    const int r = c.params().r;
    for (int extra = 1; extra <= 2; ++extra) {
        for (int trial = 0; trial < 50; ++trial) {
            std::vector<int> k = {int(rng() % 500), 500 + int(rng() % 500)};
            auto h = parity(c, k);
            std::vector<double> s(r);
            for (int p = 0; p < r; ++p) s[p] = (h[p] ? -1.0 : 1.0) * (2.0 + double(rng() % 1000) / 1000.0);
            // t - |k| + extra errors, placed on bits made the least reliable
            int nflip = t - 2 + extra;
            std::vector<int> where;
            while (int(where.size()) < nflip) {
                int p = int(rng() % r);
                bool dup = false;
                for (int x : where) dup = dup || x == p;
                if (!dup) where.push_back(p);
            }
            for (int p : where) s[p] = -s[p] * 0.05;
            std::vector<uint8_t> hard(r);
            for (int p = 0; p < r; ++p) hard[p] = s[p] < 0;
            DecodeResult hd = bch_decode_hard(v, hard.data());
            int decodes = 0;
            DecodeResult sd = bch_decode_soft(v, s.data(), 2 * t, &decodes);
            CHECK(!(hd.size == 2 && hd.k[0] == k[0] && hd.k[1] == k[1]));
            CHECK_EQ(sd.size, 2);
            CHECK_EQ(sd.k[0], k[0]);
            CHECK_EQ(sd.k[1], k[1]);
            CHECK(decodes > 1);
        }
    }
}

static void test_garbage() {
    // random soft values, NaN, zeros: never crash, results in range
    std::mt19937_64 rng(3);
    for (int n : {5, 20, 100, 1000, 4000}) {
        BchCode c = make(n, 5);
        BchView v = c.view();
        const int r = c.params().r;
        std::vector<double> s(r);
        for (int trial = 0; trial < 2000; ++trial) {
            for (int p = 0; p < r; ++p) {
                uint64_t x = rng();
                s[p] = (x % 17 == 0) ? NAN : (x % 13 == 0 ? 0.0 : double(int64_t(x % 2001) - 1000) / 7.0);
            }
            int decodes = 0;
            DecodeResult d = bch_decode_soft(v, s.data(), 10, &decodes);
            CHECK(d.size >= -1 && d.size <= 5);
            for (int i = 0; i < d.size; ++i) CHECK(d.k[i] >= 0 && d.k[i] < n);
            CHECK(decodes >= 1 && decodes <= 1 + 55);
        }
    }
}

int main() {
    RUN(test_delay_matrix_n20_t3);
    RUN(test_generators_t5);
    RUN(test_code_sizes);
    RUN(test_hard_all_patterns_small);
    RUN([] { test_hard_random(1000, 5, 3000); });
    RUN([] { test_hard_random(1500, 5, 2000); });
    RUN([] { test_hard_random(300, 3, 1000); });
    RUN(test_chase_beyond_t);
    RUN(test_garbage);
    return report();
}
