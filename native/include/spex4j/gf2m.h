// GF(2^m) arithmetic by log/antilog tables, m = 2..16, over MATLAB's default primitive polynomials.
#pragma once
#include <cstdint>
#include <vector>
#include "spex4j/common.h"

namespace spex4j {

// MATLAB's default primitive polynomial of degree m (bit i = coefficient of x^i), 0 when m is out of range.
inline uint32_t matlab_primitive_poly(int m) {
    static const uint32_t polys[17] = {0,      0,      0x7,    0xB,    0x13,   0x25,   0x43,   0x89,   0x11D,
                                       0x211,  0x409,  0x805,  0x1053, 0x201B, 0x4443, 0x8003, 0x1100B};
    return (m >= 2 && m <= 16) ? polys[m] : 0;
}

// A read-only view of the tables (plain pointers, so the GPU can use a copy in device memory).
// exp has 2*(2^m - 1) entries so that exp[log a + log b] needs no reduction; log[0] is unused.
struct GfView {
    int m;
    int order;  // 2^m - 1
    const uint16_t* exp;
    const uint16_t* log;

    SPEX_HD uint32_t mul(uint32_t a, uint32_t b) const {
        return (a == 0 || b == 0) ? 0 : exp[log[a] + log[b]];
    }
    SPEX_HD uint32_t div(uint32_t a, uint32_t b) const {  // b != 0
        return a == 0 ? 0 : exp[log[a] + order - log[b]];
    }
    SPEX_HD uint32_t inv(uint32_t a) const { return exp[order - log[a]]; }
    // alpha^e for any e >= 0
    SPEX_HD uint32_t pow_alpha(int64_t e) const { return exp[e % order]; }
};

// Owns the tables of one field.
class GfTables {
public:
    explicit GfTables(int m) : m_(m), order_((1 << m) - 1), exp_(2 * size_t(order_)), log_(size_t(order_) + 1) {
        const uint32_t poly = matlab_primitive_poly(m);
        uint32_t x = 1;
        for (int i = 0; i < order_; ++i) {
            exp_[i] = uint16_t(x);
            exp_[i + order_] = uint16_t(x);
            log_[x] = uint16_t(i);
            x <<= 1;
            if (x & (1u << m)) x ^= poly;
        }
        primitive_ = (x == 1);
        // alpha = x must generate every non-zero element exactly once
        for (int i = 1; i < order_ && primitive_; ++i) primitive_ = exp_[i] != 1;
    }
    GfView view() const { return GfView{m_, order_, exp_.data(), log_.data()}; }
    bool primitive() const { return primitive_; }
    const std::vector<uint16_t>& exp() const { return exp_; }
    const std::vector<uint16_t>& log() const { return log_; }

private:
    int m_;
    int order_;
    std::vector<uint16_t> exp_;
    std::vector<uint16_t> log_;
    bool primitive_ = false;
};

}  // namespace spex4j
