// A tiny assertion harness for the C++ kernel tests (run by ctest): counts failures, prints where they happened.
#pragma once
#include <cstdio>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>

inline int& check_failures() {
    static int f = 0;
    return f;
}
inline int& check_tests() {
    static int t = 0;
    return t;
}

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (!(cond)) {                                                               \
            if (check_failures()++ < 20)                                             \
                std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                            \
    } while (0)

#define CHECK_EQ(a, b)                                                                          \
    do {                                                                                        \
        auto va_ = (a);                                                                         \
        auto vb_ = (b);                                                                         \
        if (!(va_ == vb_)) {                                                                    \
            if (check_failures()++ < 20) {                                                      \
                std::ostringstream os_;                                                         \
                os_ << va_ << " != " << vb_;                                                    \
                std::fprintf(stderr, "%s:%d: %s == %s failed: %s\n", __FILE__, __LINE__, #a, #b, \
                             os_.str().c_str());                                                \
            }                                                                                   \
        }                                                                                       \
    } while (0)

// The unit roundoff of T: the largest relative error of one rounding to nearest. Tolerances are built from it, the
// depth of the computation and the magnitude of the values, never a bare epsilon.
template <typename T>
inline double unit_roundoff() {
    return double(std::numeric_limits<T>::epsilon()) / 2;
}

#define RUN(fn)                                                  \
    do {                                                         \
        int before_ = check_failures();                          \
        (fn)();                                                  \
        ++check_tests();                                         \
        std::printf("%s %s\n", check_failures() == before_ ? "ok  " : "FAIL", #fn); \
    } while (0)

inline int report() {
    std::printf("%d tests, %d failed checks\n", check_tests(), check_failures());
    return check_failures() == 0 ? 0 : 1;
}
