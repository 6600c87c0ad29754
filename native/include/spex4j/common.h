// Shared definitions for the spex4j kernels: compiled by g++ (CPU, header-only) and by nvcc (CUDA, cuda/).
#pragma once
#include <cstdint>

#if defined(__CUDACC__)
#define SPEX_HD __host__ __device__ inline
#else
#define SPEX_HD inline
#endif

namespace spex4j {

// Largest BCH radius t and parity length r the decoders support (fixed-size scratch, also on the GPU).
constexpr int kMaxT = 10;
constexpr int kMaxR = 192;             // r <= m*t <= 16*10 = 160
constexpr int kMaxRWords = (kMaxR + 63) / 64;
constexpr int kMaxChaseDepth = 20;     // d <= 2t
constexpr int kMaxChasePatterns = kMaxChaseDepth * (kMaxChaseDepth + 1) / 2;
constexpr int kMaxB = 24;

// Status codes shared by every entry point of kernels.h.
constexpr int kOk = 0;
constexpr int kBadArgument = -1;
constexpr int kNoCode = -2;

}  // namespace spex4j
