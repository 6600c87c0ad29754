// FWHT against the O(N^2) definition (b <= 10) and the involution H H = 2^b I (larger b), float64 and float32.
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>
#include "spex4j/kernels.h"
#include "check.h"

// Inputs in [-1, 1]. Each output passes b butterfly stages; at stage s its partial sums are at most 2^s and the
// scaling by 2^-b is exact, so a scaled output is off by at most b * u (worst case). Twice that covers the reference.
template <typename T>
static double fwht_tolerance(int b) {
    return 2.0 * std::max(b, 1) * unit_roundoff<T>();
}

template <typename T>
static void against_definition(int b, int rows) {
    const int64_t n = int64_t(1) << b;
    std::mt19937_64 rng(b);
    std::uniform_real_distribution<double> u(-1, 1);
    std::vector<T> x(size_t(rows * n)), y;
    for (auto& v : x) v = T(u(rng));
    y = x;
    spex4j::fwht_batch(y.data(), rows, b, true, 2);
    double worst = 0;
    for (int r = 0; r < rows; ++r)
        for (int64_t j = 0; j < n; ++j) {
            double s = 0;
            for (int64_t z = 0; z < n; ++z) s += double(x[r * n + z]) * ((__builtin_popcountll(z & j) & 1) ? -1 : 1);
            worst = std::max(worst, std::fabs(s / double(n) - double(y[r * n + j])));
        }
    CHECK(worst <= fwht_tolerance<T>(b));
}

// Two transforms in a row, then divided by 2^b: the first one's error (b * u * 2^b at worst) passes through the
// second, which sums 2^b of them with random signs (a factor ~sqrt(2^b)), and the second adds its own.
template <typename T>
static void involution(int b) {
    const int64_t n = int64_t(1) << b;
    std::mt19937_64 rng(100 + b);
    std::uniform_real_distribution<double> u(-1, 1);
    std::vector<T> x(static_cast<size_t>(n)), y;
    for (auto& v : x) v = T(u(rng));
    y = x;
    spex4j::fwht_batch(y.data(), 1, b, false, 2);
    spex4j::fwht_batch(y.data(), 1, b, false, 2);
    double worst = 0;
    for (int64_t k = 0; k < n; ++k) worst = std::max(worst, std::fabs(double(y[k]) / double(n) - double(x[k])));
    CHECK(worst <= fwht_tolerance<T>(b) * (1.0 + std::sqrt(double(n))));
}

int main() {
    RUN([] { for (int b = 0; b <= 10; ++b) against_definition<double>(b, 3); });
    RUN([] { for (int b = 0; b <= 10; ++b) against_definition<float>(b, 3); });
    RUN([] { against_definition<double>(6, 200); });  // many rows: the threaded path
    RUN([] { for (int b : {11, 13, 16, 20}) involution<double>(b); });
    RUN([] { for (int b : {11, 13, 16}) involution<float>(b); });
    return report();
}
