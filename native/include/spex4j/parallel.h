// A minimal fork-join loop over [0, count): no pool, no global state, no OpenMP (LibTorch ships its own runtime).
#pragma once
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

namespace spex4j {

inline int resolve_threads(int threads) {
    if (threads > 0) return threads;
    unsigned hc = std::thread::hardware_concurrency();
    return hc == 0 ? 1 : int(hc);
}

// Calls fn(i) for every i, on up to `threads` threads (0 = all cores); items are claimed in small chunks.
template <typename Fn>
inline void parallel_for(int64_t count, int threads, Fn&& fn) {
    int nt = int(std::min<int64_t>(resolve_threads(threads), count));
    if (nt <= 1) {
        for (int64_t i = 0; i < count; ++i) fn(i);
        return;
    }
    std::atomic<int64_t> next(0);
    const int64_t chunk = std::max<int64_t>(1, count / (int64_t(nt) * 8));
    auto work = [&]() {
        for (;;) {
            int64_t start = next.fetch_add(chunk);
            if (start >= count) return;
            int64_t end = std::min(count, start + chunk);
            for (int64_t i = start; i < end; ++i) fn(i);
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(nt - 1);
    for (int t = 1; t < nt; ++t) pool.emplace_back(work);
    work();
    for (auto& th : pool) th.join();
}

}  // namespace spex4j
