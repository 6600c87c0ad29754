// libFuzzer target over the C++ kernels, built with AddressSanitizer and UBSan by tests/native/fuzz (not by the
// normal build). Each input chooses a kernel and arguments that pass the checks the Java side makes before every
// native call (org.spex4j.kernels.ValidatingKernels, MaskExpansion, BchCode): within those preconditions no input
// may read or write out of bounds or hit undefined behaviour.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <utility>
#include <vector>
#include "spex4j/kernels.h"

namespace {

// Reads the fuzzer's bytes as a stream of values; past the end it yields zeros.
struct Input {
    const uint8_t* data;
    size_t size, at = 0;
    uint8_t byte() { return at < size ? data[at++] : 0; }
    uint32_t u32() { return uint32_t(byte()) | uint32_t(byte()) << 8 | uint32_t(byte()) << 16 | uint32_t(byte()) << 24; }
    double f64() {
        uint64_t bits = uint64_t(u32()) | uint64_t(u32()) << 32;
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return d;
    }
    int range(int lo, int hi) { return lo + int(u32() % uint32_t(hi - lo + 1)); }
};

// Codes are built once per (n, t): construction is the slow part and is not what is fuzzed here.
const spex4j::BchCode& code(int n, int t) {
    static std::map<std::pair<int, int>, std::unique_ptr<spex4j::BchCode>> codes;
    auto& c = codes[{n, t}];
    if (!c) {
        spex4j::BchParams p;
        spex4j::bch_parameter_search(n, t, &p);
        c = std::make_unique<spex4j::BchCode>(n, t, p);
    }
    return *c;
}

void decoders(Input& in) {
    const int n = in.range(1, 1200), t = in.range(1, 6);
    const spex4j::BchCode& c = code(n, t);
    void* h = const_cast<spex4j::BchCode*>(&c);
    const int r = c.params().r;
    std::vector<int32_t> k(t);
    int32_t nerr = 0;
    if (in.byte() & 1) {
        std::vector<uint8_t> bits(r);
        for (auto& b : bits) b = in.byte() & 1;
        spex_bch_decode_hard(h, bits.data(), k.data(), &nerr);
    } else {
        std::vector<double> soft(r);
        for (auto& s : soft) s = in.f64();
        int64_t decodes = 0;
        spex_bch_decode_soft(h, soft.data(), in.range(0, 20), k.data(), &nerr, &decodes);
    }
}

void detect_and_peel(Input& in) {
    const int n = in.range(1, 300), t = in.range(1, 5), C = in.range(1, 3), b = in.range(1, 6);
    const spex4j::BchCode& c = code(n, t);
    const int P = c.params().r + 1;
    const int64_t N = int64_t(1) << b;
    std::vector<double> u(size_t(C) * P * N);
    for (auto& x : u) x = (in.byte() & 3) == 0 ? in.f64() : double(int8_t(in.byte()));
    std::vector<int32_t> mrows(size_t(C) * n);
    for (auto& m : mrows) m = int32_t(in.u32() % uint32_t(N));
    std::vector<uint8_t> to_check(size_t(C) * N, 1);
    const int64_t cap = C * N;
    std::vector<int32_t> og(cap), ob(cap), ok(cap * t), os(cap);
    std::vector<double> ov(cap);
    int64_t decodes = 0;
    int64_t found = spex_detect(&c, u.data(), C, b, mrows.data(), to_check.data(), std::fabs(in.f64()), 0.9,
                                in.byte() & 1, in.range(0, 10), 1, og.data(), ob.data(), ok.data(), os.data(),
                                ov.data(), &decodes);
    // peel what was found, as the Java side does (features checked ascending in 0..n-1)
    std::vector<int32_t> ks, sizes;
    std::vector<double> values;
    for (int64_t q = 0; q < found; ++q) {
        ks.insert(ks.end(), ok.begin() + q * t, ok.begin() + (q + 1) * t);
        sizes.push_back(os[q]);
        values.push_back(ov[q]);
    }
    spex_peel(&c, u.data(), C, b, mrows.data(), to_check.data(), ks.data(), sizes.data(), values.data(), found);
}

void expansion(Input& in) {
    const int tokens = in.range(0, 64), n = in.range(1, 16);
    std::vector<int64_t> ids(tokens);
    for (auto& id : ids) id = in.u32();
    // feature ranges sorted and disjoint within the tokens, as MaskedInput builds them
    std::vector<int32_t> start(n), end(n);
    int at = 0;
    for (int f = 0; f < n; ++f) {
        at = std::min(tokens, at + in.range(0, 2));
        start[f] = at;
        at = std::min(tokens, at + in.range(0, 4));
        end[f] = at;
    }
    const int w = (n + 63) / 64, rows = in.range(1, 8);
    std::vector<uint64_t> masks(size_t(rows) * w);
    for (auto& m : masks) m = uint64_t(in.u32()) | uint64_t(in.u32()) << 32;
    const int mode = in.byte() & 1;
    std::vector<int32_t> lengths(rows);
    spex_mask_lengths(masks.data(), rows, w, ids.data(), tokens, start.data(), end.data(), n, 100, mode,
                      lengths.data());
    int out_len = 0;
    for (int l : lengths) out_len = std::max(out_len, l);
    out_len += in.range(0, 2);
    std::vector<int32_t> pick(in.range(1, 8));
    for (auto& p : pick) p = in.range(0, rows - 1);
    const size_t cells = pick.size() * size_t(out_len);
    std::vector<int64_t> oi(cells), oa(cells), op(cells);
    spex_expand_masks(masks.data(), w, pick.data(), int64_t(pick.size()), ids.data(), tokens, start.data(),
                      end.data(), n, 100, mode, 0, out_len, oi.data(), oa.data(), op.data(), 1);
}

void transforms_and_masks(Input& in) {
    const int b = in.range(0, 10), rows = in.range(0, 3);
    std::vector<double> x(size_t(rows) << b);
    for (auto& v : x) v = (in.byte() & 7) == 0 ? in.f64() : double(int8_t(in.byte()));
    spex_fwht_f64(x.data(), rows, b, in.byte() & 1, 1);
    const int n = in.range(1, 130), C = in.range(1, 3), P = in.range(1, 8), bb = in.range(0, 6);
    const int w = (n + 63) / 64;
    std::vector<int32_t> mrows(size_t(C) * n);
    for (auto& m : mrows) m = int32_t(in.u32());
    std::vector<uint64_t> delays(size_t(P) * w);
    for (auto& d : delays) d = uint64_t(in.u32()) << 32 | in.u32();
    std::vector<uint64_t> out(size_t(C) * P * w << bb);
    spex_design_masks(mrows.data(), delays.data(), n, bb, P, C, out.data(), 1);
    const int64_t count = int64_t(out.size() / size_t(w));
    std::vector<int32_t> inverse(count);
    std::vector<int64_t> first(count);
    spex_unique_rows(out.data(), count, w, inverse.data(), first.data());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Input in{data, size};
    switch (in.byte() % 4) {
        case 0: decoders(in); break;
        case 1: detect_and_peel(in); break;
        case 2: expansion(in); break;
        default: transforms_and_masks(in); break;
    }
    return 0;
}
