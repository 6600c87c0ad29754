// CUDA kernels of spex4j: the batched fast Walsh–Hadamard transform (spec §5) and the batched bin detection
// (spec §6, §10.2). The C API is declared in cuda/include/spex4j_cuda.h. Detection runs the very decoder of
// native/include/spex4j (detect_bin, bch_decode_*), compiled for the device through SPEX_HD.
//
// Error policy: every CUDA call is checked; a failure returns SPEX_CUDA_ERROR after releasing what was allocated
// and clearing the (non-sticky) error state. Nothing aborts. Set SPEX_CUDA_DEBUG=1 to have failures described on
// stderr.
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <numeric>
#include <vector>

#include "spex4j/bch.h"
#include "spex4j/common.h"
#include "spex4j/detect.h"
#include "spex4j/expand.h"
#include "spex4j_cuda.h"

namespace {

using spex4j::BchCode;
using spex4j::BchView;
using spex4j::DetectParams;

// ---------------------------------------------------------------------------------------------------------------
// Error handling

int cuda_failure(cudaError_t err, const char* what, int line) {
    if (std::getenv("SPEX_CUDA_DEBUG") != nullptr)
        std::fprintf(stderr, "spex4j_cuda: %s failed (line %d): %s\n", what, line, cudaGetErrorString(err));
    cudaGetLastError();  // clear a non-sticky error so that later calls start clean
    return SPEX_CUDA_ERROR;
}

#define SPEX_CU(call)                                                          \
    do {                                                                       \
        cudaError_t err_ = (call);                                             \
        if (err_ != cudaSuccess) return cuda_failure(err_, #call, __LINE__);   \
    } while (0)

bool have_device() {
    int count = 0;
    if (cudaGetDeviceCount(&count) != cudaSuccess) {
        cudaGetLastError();
        return false;
    }
    return count > 0;
}

// A device allocation released on every exit path.
struct DeviceBuffer {
    void* ptr = nullptr;
    DeviceBuffer() = default;
    DeviceBuffer(const DeviceBuffer&) = delete;
    DeviceBuffer& operator=(const DeviceBuffer&) = delete;
    ~DeviceBuffer() {
        if (ptr != nullptr) cudaFree(ptr);
    }
    cudaError_t alloc(size_t bytes) { return cudaMalloc(&ptr, bytes == 0 ? 1 : bytes); }
    template <typename T>
    T* as() const {
        return static_cast<T*>(ptr);
    }
};

// ---------------------------------------------------------------------------------------------------------------
// FWHT
//
// Natural-order WHT of rows of 2^b elements, stored contiguously: stage s (half-width 2^s) pairs index i with
// i + 2^s for every i with bit s clear, (u, v) -> (u + v, u - v). Stage s < b never crosses a row, so the low
// stages treat the whole batch as one flat array. Stages run in the order 0, 1, ..., b-1 with the same butterflies
// as the CPU kernel (fwht.h), so the results agree bit for bit.
//
// * fwht_tile_kernel: stages 0 .. min(b, 12)-1 on tiles of 4096 elements, one block of 256 threads per tile. Each
//   warp holds 512 contiguous elements in registers (16 per lane, lane + 32 e): stages 0-4 by warp shuffles,
//   5-8 within a thread; stages 9-11 go through shared memory (each thread then holds 8 elements 512 apart).
// * fwht_pass_kernel<R>: stages s .. s+R-1 (s >= 12, R <= 4) in one pass over global memory, each thread holding
//   the 2^R elements at stride 2^s of one butterfly group; consecutive threads read consecutive addresses.
// b = 24 thus takes 4 passes over memory (1 tile + 3 x R = 4).

constexpr int kTileBits = 12;
constexpr int kTile = 1 << kTileBits;
constexpr int kTileThreads = 256;  // 8 warps x 512 elements
constexpr int kPassThreads = 256;
constexpr unsigned kFullMask = 0xffffffffu;

template <typename T>
__global__ void __launch_bounds__(kTileThreads) fwht_tile_kernel(T* __restrict__ x, int64_t total, int L, T f,
                                                                 int do_scale) {
    __shared__ T sh[kTile];
    const int tid = int(threadIdx.x), lane = tid & 31, warp = tid >> 5;
    const int64_t tile = int64_t(blockIdx.x) << kTileBits;
    const int64_t wbase = tile + int64_t(warp) * 512;
    T v[16];
#pragma unroll
    for (int e = 0; e < 16; ++e) {
        const int64_t idx = wbase + lane + 32 * e;
        v[e] = idx < total ? x[idx] : T(0);  // past the end: whole rows of padding, never stored
    }
    // stages 0..4: the partner is in lane ^ h; the lower element keeps u + v, the upper one u - v
#pragma unroll
    for (int s = 0; s < 5; ++s) {
        if (s < L) {
            const int h = 1 << s;
            const bool upper = (lane & h) != 0;
#pragma unroll
            for (int e = 0; e < 16; ++e) {
                const T p = __shfl_xor_sync(kFullMask, v[e], h);
                v[e] = upper ? p - v[e] : v[e] + p;
            }
        }
    }
    // stages 5..8: the partner of register e is register e ^ 2^(s-5)
#pragma unroll
    for (int q = 0; q < 4; ++q) {
        if (5 + q < L) {
            const int h = 1 << q;
#pragma unroll
            for (int e = 0; e < 16; ++e) {
                if ((e & h) == 0) {
                    const T u = v[e], w = v[e + h];
                    v[e] = u + w;
                    v[e + h] = u - w;
                }
            }
        }
    }
    if (L <= 9) {  // uniform over the block
#pragma unroll
        for (int e = 0; e < 16; ++e) {
            const int64_t idx = wbase + lane + 32 * e;
            if (idx < total) x[idx] = do_scale ? v[e] * f : v[e];
        }
        return;
    }
#pragma unroll
    for (int e = 0; e < 16; ++e) sh[warp * 512 + lane + 32 * e] = v[e];
    __syncthreads();
    // stages 9..L-1: element low + 512 e, e = 0..7, for low = tid and tid + 256
#pragma unroll
    for (int rep = 0; rep < 2; ++rep) {
        const int low = tid + kTileThreads * rep;
        T w[8];
#pragma unroll
        for (int e = 0; e < 8; ++e) w[e] = sh[low + 512 * e];
#pragma unroll
        for (int q = 0; q < 3; ++q) {
            if (9 + q < L) {
                const int h = 1 << q;
#pragma unroll
                for (int e = 0; e < 8; ++e) {
                    if ((e & h) == 0) {
                        const T u = w[e], z = w[e + h];
                        w[e] = u + z;
                        w[e + h] = u - z;
                    }
                }
            }
        }
#pragma unroll
        for (int e = 0; e < 8; ++e) {
            const int64_t idx = tile + low + 512 * e;
            if (idx < total) x[idx] = do_scale ? w[e] * f : w[e];
        }
    }
}

template <typename T, int R>
__global__ void __launch_bounds__(kPassThreads) fwht_pass_kernel(T* __restrict__ x, int64_t groups, int s, T f,
                                                                 int do_scale) {
    constexpr int E = 1 << R;
    const int64_t low_mask = (int64_t(1) << s) - 1;
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    for (int64_t g = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; g < groups; g += step) {
        // group g: low bits below s, the R bits s..s+R-1 enumerate its elements, the rest above
        const int64_t base = (g & low_mask) | ((g >> s) << (s + R));
        T v[E];
#pragma unroll
        for (int e = 0; e < E; ++e) v[e] = x[base + (int64_t(e) << s)];
#pragma unroll
        for (int q = 0; q < R; ++q) {
#pragma unroll
            for (int e = 0; e < E; ++e) {
                if ((e & (1 << q)) == 0) {
                    const T u = v[e], w = v[e + (1 << q)];
                    v[e] = u + w;
                    v[e + (1 << q)] = u - w;
                }
            }
        }
#pragma unroll
        for (int e = 0; e < E; ++e) x[base + (int64_t(e) << s)] = do_scale ? v[e] * f : v[e];
    }
}

template <typename T, int R>
cudaError_t launch_pass(T* x, int64_t total, int s, T f, int do_scale, cudaStream_t st) {
    const int64_t groups = total >> R;
    const int64_t want = (groups + kPassThreads - 1) / kPassThreads;
    const unsigned grid = unsigned(std::min<int64_t>(want, int64_t(1) << 20));  // grid-stride beyond that
    fwht_pass_kernel<T, R><<<grid, kPassThreads, 0, st>>>(x, groups, s, f, do_scale);
    return cudaGetLastError();
}

// Enqueues the transform of rows x 2^b elements at dev (device memory) on st. Arguments already validated.
template <typename T>
int fwht_enqueue(T* dev, int64_t rows, int b, bool scale, cudaStream_t st) {
    const int64_t total = rows << b;
    if (total == 0 || b == 0) return SPEX_CUDA_OK;  // a row of one element is its own transform, 2^0 = 1
    const T f = T(1) / T(int64_t(1) << b);          // as fwht_row: exact, a power of two
    const int L = std::min(b, kTileBits);
    const int64_t tiles = (total + kTile - 1) / kTile;
    if (tiles > int64_t(0x7fffffff)) return SPEX_CUDA_BAD_ARGUMENT;
    fwht_tile_kernel<T><<<unsigned(tiles), kTileThreads, 0, st>>>(dev, total, L, f, (scale && b == L) ? 1 : 0);
    SPEX_CU(cudaGetLastError());
    for (int s = L; s < b;) {
        const int rem = b - s;
        const int passes = (rem + 3) / 4;
        const int R = (rem + passes - 1) / passes;  // balanced: 12 -> 4+4+4, 5 -> 3+2
        const int last = (scale && s + R == b) ? 1 : 0;
        cudaError_t err = cudaSuccess;
        switch (R) {
            case 1: err = launch_pass<T, 1>(dev, total, s, f, last, st); break;
            case 2: err = launch_pass<T, 2>(dev, total, s, f, last, st); break;
            case 3: err = launch_pass<T, 3>(dev, total, s, f, last, st); break;
            default: err = launch_pass<T, 4>(dev, total, s, f, last, st); break;
        }
        SPEX_CU(err);
        s += R;
    }
    return SPEX_CUDA_OK;
}

bool fwht_args_ok(const void* p, int64_t rows, int32_t b) {
    if (rows < 0 || b < 0 || b > spex4j::kMaxB) return false;
    if (rows > 0 && p == nullptr) return false;
    return rows <= (INT64_MAX >> b);
}

// Host data: copied through one device buffer, in chunks of whole rows of at most kChunkBytes (smaller when the
// device has less memory).
template <typename T>
int fwht_host(T* host, int64_t rows, int32_t b, int32_t scale) {
    if (!fwht_args_ok(host, rows, b)) return SPEX_CUDA_BAD_ARGUMENT;
    if (!have_device()) return SPEX_CUDA_NO_DEVICE;
    if (rows == 0) return SPEX_CUDA_OK;
    constexpr int64_t kChunkBytes = int64_t(512) << 20;
    const int64_t row_bytes = int64_t(sizeof(T)) << b;
    int64_t chunk = std::min(rows, std::max<int64_t>(1, kChunkBytes / row_bytes));
    DeviceBuffer buf;
    for (;;) {
        cudaError_t err = buf.alloc(size_t(chunk * row_bytes));
        if (err == cudaSuccess) break;
        if (err != cudaErrorMemoryAllocation || chunk == 1) return cuda_failure(err, "cudaMalloc", __LINE__);
        cudaGetLastError();
        buf.ptr = nullptr;
        chunk = (chunk + 1) / 2;
    }
    T* dev = buf.as<T>();
    for (int64_t r0 = 0; r0 < rows; r0 += chunk) {
        const int64_t cnt = std::min(chunk, rows - r0);
        const size_t bytes = size_t(cnt * row_bytes);
        T* h = host + (r0 << b);
        SPEX_CU(cudaMemcpy(dev, h, bytes, cudaMemcpyHostToDevice));
        const int st = fwht_enqueue(dev, cnt, b, scale != 0, nullptr);
        if (st != SPEX_CUDA_OK) return st;
        SPEX_CU(cudaMemcpy(h, dev, bytes, cudaMemcpyDeviceToHost));  // waits for the kernels, reports their errors
    }
    return SPEX_CUDA_OK;
}

// ---------------------------------------------------------------------------------------------------------------
// Detection: one thread per bin runs spex4j::detect_bin on the device copy of U. Singletons are appended to a
// compact list through an atomic counter (in no particular order); the host sorts them by bin index, which gives
// spex_detect's (group, bin) order. The number of decodes is summed per warp, then atomically.

constexpr int kDetectThreads = 128;

struct DetectOut {
    unsigned long long* counters;  // [0] = singletons, [1] = decodes
    int32_t* bin;                  // global bin index g * 2^b + j
    int32_t* size;
    int32_t* k;                    // t slots each
    double* value;
    int64_t capacity;
};

__global__ void __launch_bounds__(kDetectThreads)
    detect_kernel(BchView code, const double* __restrict__ U, int64_t bins, int b, const int32_t* __restrict__ mrows,
                  uint8_t* __restrict__ to_check, DetectParams prm, DetectOut out) {
    const int64_t idx = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
    const int64_t N = int64_t(1) << b;
    const int P = code.r + 1;
    int dec = 0;
    if (idx < bins && to_check[idx]) {
        const int64_t g = idx >> b;
        const int32_t j = int32_t(idx & (N - 1));
        int k[spex4j::kMaxT];
        int size = 0;
        double rho = 0;
        const int kind = spex4j::detect_bin(code, U + g * P * N + j, N, mrows + g * code.n, j, prm, k, &size, &rho,
                                            &dec);
        if (kind == spex4j::kSingleton) {
            const unsigned long long pos = atomicAdd(&out.counters[0], 1ull);
            if (int64_t(pos) < out.capacity) {
                out.bin[pos] = int32_t(idx);
                out.size[pos] = size;
                for (int i = 0; i < code.t; ++i) out.k[int64_t(pos) * code.t + i] = i < size ? k[i] : -1;
                out.value[pos] = rho;
            }
        } else {
            to_check[idx] = 0;
        }
    }
    // every thread of the (full) warp gets here
    unsigned sum = unsigned(dec);
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) sum += __shfl_down_sync(kFullMask, sum, o);
    if ((threadIdx.x & 31) == 0 && sum != 0) atomicAdd(&out.counters[1], (unsigned long long)sum);
}

template <typename T>
cudaError_t upload(DeviceBuffer& buf, const T* src, size_t count) {
    cudaError_t err = buf.alloc(count * sizeof(T));
    if (err != cudaSuccess || count == 0) return err;
    return cudaMemcpy(buf.ptr, src, count * sizeof(T), cudaMemcpyHostToDevice);
}

int64_t detect_impl(const void* code_handle, const double* U, int32_t C, int32_t b, const int32_t* mrows,
                    uint8_t* to_check, double cutoff, double res_cutoff, int32_t soft, int32_t depth,
                    int32_t* out_group, int32_t* out_bin, int32_t* out_k, int32_t* out_size, double* out_value,
                    int64_t* decodes) {
    if (code_handle == nullptr || decodes == nullptr || C < 0 || b < 0 || b > spex4j::kMaxB)
        return SPEX_CUDA_BAD_ARGUMENT;
    const int64_t N = int64_t(1) << b, bins = int64_t(C) * N;
    if (bins > int64_t(0x7fffffff)) return SPEX_CUDA_BAD_ARGUMENT;  // bin indices are int32 (as in spex_detect)
    if (bins > 0 && (U == nullptr || mrows == nullptr || to_check == nullptr)) return SPEX_CUDA_BAD_ARGUMENT;
    if (!have_device()) return SPEX_CUDA_NO_DEVICE;

    const auto* code = static_cast<const BchCode*>(code_handle);
    BchView view = code->view();
    const int t = view.t, n = view.n, P = view.r + 1;
    int64_t candidates = 0;
    for (int64_t i = 0; i < bins; ++i) candidates += to_check[i] != 0;
    if (candidates == 0) {  // nothing to look at: spex_detect touches nothing either
        *decodes = 0;
        return 0;
    }

    // the code's tables and delay columns, and a view of them in device memory
    const auto& exp = code->field().exp();
    const auto& log = code->field().log();
    const auto& dcols = code->delay_columns();
    DeviceBuffer d_exp, d_log, d_dcols, d_U, d_mrows, d_check, d_counters, d_bin, d_size, d_k, d_value;
    SPEX_CU(upload(d_exp, exp.data(), exp.size()));
    SPEX_CU(upload(d_log, log.data(), log.size()));
    SPEX_CU(upload(d_dcols, dcols.data(), dcols.size()));
    view.gf.exp = d_exp.as<uint16_t>();
    view.gf.log = d_log.as<uint16_t>();
    view.dcols = d_dcols.as<uint64_t>();

    SPEX_CU(upload(d_U, U, size_t(bins) * size_t(P)));
    SPEX_CU(upload(d_mrows, mrows, size_t(C) * size_t(n)));
    SPEX_CU(upload(d_check, to_check, size_t(bins)));
    SPEX_CU(d_counters.alloc(2 * sizeof(unsigned long long)));
    SPEX_CU(cudaMemset(d_counters.ptr, 0, 2 * sizeof(unsigned long long)));
    SPEX_CU(d_bin.alloc(size_t(candidates) * sizeof(int32_t)));
    SPEX_CU(d_size.alloc(size_t(candidates) * sizeof(int32_t)));
    SPEX_CU(d_k.alloc(size_t(candidates) * size_t(t) * sizeof(int32_t)));
    SPEX_CU(d_value.alloc(size_t(candidates) * sizeof(double)));

    const DetectParams prm{cutoff, res_cutoff, soft, depth};
    DetectOut out{d_counters.as<unsigned long long>(), d_bin.as<int32_t>(), d_size.as<int32_t>(), d_k.as<int32_t>(),
                  d_value.as<double>(), candidates};
    const int64_t blocks = (bins + kDetectThreads - 1) / kDetectThreads;
    detect_kernel<<<unsigned(blocks), kDetectThreads>>>(view, d_U.as<double>(), bins, b, d_mrows.as<int32_t>(),
                                                        d_check.as<uint8_t>(), prm, out);
    SPEX_CU(cudaGetLastError());

    unsigned long long counters[2] = {0, 0};
    SPEX_CU(cudaMemcpy(counters, d_counters.ptr, sizeof(counters), cudaMemcpyDeviceToHost));  // waits for the kernel
    const int64_t count = int64_t(counters[0]);
    if (count > candidates) return cuda_failure(cudaErrorUnknown, "singleton count", __LINE__);  // cannot happen
    const size_t found = static_cast<size_t>(count);
    std::vector<int32_t> r_bin(found), r_size(found), r_k(found * size_t(t));
    std::vector<double> r_value(found);
    if (count > 0) {
        SPEX_CU(cudaMemcpy(r_bin.data(), d_bin.ptr, r_bin.size() * sizeof(int32_t), cudaMemcpyDeviceToHost));
        SPEX_CU(cudaMemcpy(r_size.data(), d_size.ptr, r_size.size() * sizeof(int32_t), cudaMemcpyDeviceToHost));
        SPEX_CU(cudaMemcpy(r_k.data(), d_k.ptr, r_k.size() * sizeof(int32_t), cudaMemcpyDeviceToHost));
        SPEX_CU(cudaMemcpy(r_value.data(), d_value.ptr, r_value.size() * sizeof(double), cudaMemcpyDeviceToHost));
    }
    // to_check last: the host array changes only once everything has come back
    SPEX_CU(cudaMemcpy(to_check, d_check.ptr, size_t(bins), cudaMemcpyDeviceToHost));

    std::vector<int64_t> order(found);
    std::iota(order.begin(), order.end(), int64_t(0));
    std::sort(order.begin(), order.end(), [&](int64_t a, int64_t c) { return r_bin[size_t(a)] < r_bin[size_t(c)]; });
    for (int64_t q = 0; q < count; ++q) {
        const size_t s = size_t(order[size_t(q)]);
        out_group[q] = int32_t(r_bin[s] / N);
        out_bin[q] = int32_t(r_bin[s] % N);
        out_size[q] = r_size[s];
        for (int i = 0; i < t; ++i) out_k[q * t + i] = r_k[s * size_t(t) + size_t(i)];
        out_value[q] = r_value[s];
    }
    *decodes = int64_t(counters[1]);
    return count;
}


// ---------------------------------------------------------------------------------------------------------------
// Mask expansion: one thread per output row runs expand_row of native/include/spex4j/expand.h, so the GPU writes
// exactly the rows the CPU kernel writes.

constexpr int kExpandThreads = 128;

__global__ void __launch_bounds__(kExpandThreads)
expand_kernel(const uint64_t* __restrict__ masks, int32_t w, const int32_t* __restrict__ row_index, int64_t count,
              spex4j::ExpandInput in, int64_t pad_id, int32_t out_len, int64_t* out_ids, int64_t* out_attention,
              int64_t* out_positions) {
    const int64_t q = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (q >= count) return;
    const int64_t off = q * out_len;
    spex4j::expand_row(in, masks + int64_t(row_index[q]) * w, out_len, pad_id, out_ids + off, out_attention + off,
                       out_positions + off);
}

bool expand_args_ok(const void* masks, int32_t w, const int32_t* row_index, int64_t count, const int64_t* base_ids,
                    int32_t base_len, const int32_t* feat_start, const int32_t* feat_end, int32_t n, int32_t mode,
                    int32_t out_len, const void* out_ids, const void* out_attention, const void* out_positions) {
    return masks != nullptr && row_index != nullptr && base_ids != nullptr && feat_start != nullptr &&
           feat_end != nullptr && out_ids != nullptr && out_attention != nullptr && out_positions != nullptr &&
           count >= 0 && n >= 1 && w == (n + 63) / 64 && base_len >= 1 && out_len >= 1 &&
           (mode == spex4j::kReplace || mode == spex4j::kDelete);
}

int expand_enqueue(const uint64_t* masks, int32_t w, const int32_t* row_index, int64_t count, const int64_t* base_ids,
                   int32_t base_len, const int32_t* feat_start, const int32_t* feat_end, int32_t n, int64_t replace_id,
                   int32_t mode, int64_t pad_id, int32_t out_len, int64_t* out_ids, int64_t* out_attention,
                   int64_t* out_positions, cudaStream_t st) {
    if (count == 0) return SPEX_CUDA_OK;
    const spex4j::ExpandInput in{base_ids, base_len, feat_start, feat_end, n, replace_id, mode};
    const int64_t blocks = (count + kExpandThreads - 1) / kExpandThreads;
    expand_kernel<<<unsigned(blocks), kExpandThreads, 0, st>>>(masks, w, row_index, count, in, pad_id, out_len,
                                                                out_ids, out_attention, out_positions);
    SPEX_CU(cudaGetLastError());
    return SPEX_CUDA_OK;
}

int expand_host(const uint64_t* masks, int64_t rows, int32_t w, const int32_t* row_index, int64_t count,
                const int64_t* base_ids, int32_t base_len, const int32_t* feat_start, const int32_t* feat_end, int32_t n,
                int64_t replace_id, int32_t mode, int64_t pad_id, int32_t out_len, int64_t* out_ids,
                int64_t* out_attention, int64_t* out_positions) {
    int32_t prev = 0;  // feature ranges sorted, disjoint and inside the input: the kernel reads base_ids by them
    for (int f = 0; f < n; ++f) {
        if (feat_start[f] < prev || feat_end[f] < feat_start[f] || feat_end[f] > base_len) return SPEX_CUDA_BAD_ARGUMENT;
        prev = feat_end[f];
    }
    const spex4j::ExpandInput in{base_ids, base_len, feat_start, feat_end, n, replace_id, mode};
    for (int64_t q = 0; q < count; ++q) {  // the same preconditions as the CPU kernel, checked on the host
        if (row_index[q] < 0 || row_index[q] >= rows) return SPEX_CUDA_BAD_ARGUMENT;
        if (spex4j::masked_length(in, masks + int64_t(row_index[q]) * w) > out_len) return SPEX_CUDA_BAD_ARGUMENT;
    }
    if (count == 0) return SPEX_CUDA_OK;
    if (!have_device()) return SPEX_CUDA_NO_DEVICE;
    DeviceBuffer d_masks, d_rows, d_base, d_start, d_end, d_ids, d_att, d_pos;
    SPEX_CU(upload(d_masks, masks, size_t(rows * w)));
    SPEX_CU(upload(d_rows, row_index, size_t(count)));
    SPEX_CU(upload(d_base, base_ids, size_t(base_len)));
    SPEX_CU(upload(d_start, feat_start, size_t(n)));
    SPEX_CU(upload(d_end, feat_end, size_t(n)));
    const size_t cells = size_t(std::max<int64_t>(1, count * out_len));
    SPEX_CU(cudaMalloc(&d_ids.ptr, cells * sizeof(int64_t)));
    SPEX_CU(cudaMalloc(&d_att.ptr, cells * sizeof(int64_t)));
    SPEX_CU(cudaMalloc(&d_pos.ptr, cells * sizeof(int64_t)));
    const int st = expand_enqueue(static_cast<const uint64_t*>(d_masks.ptr), w, static_cast<const int32_t*>(d_rows.ptr), count,
                        static_cast<const int64_t*>(d_base.ptr), base_len, static_cast<const int32_t*>(d_start.ptr),
                        static_cast<const int32_t*>(d_end.ptr), n, replace_id, mode, pad_id, out_len,
                        static_cast<int64_t*>(d_ids.ptr), static_cast<int64_t*>(d_att.ptr),
                        static_cast<int64_t*>(d_pos.ptr), nullptr);
    if (st != SPEX_CUDA_OK) return st;
    SPEX_CU(cudaDeviceSynchronize());
    const size_t bytes = size_t(count * out_len) * sizeof(int64_t);
    SPEX_CU(cudaMemcpy(out_ids, d_ids.ptr, bytes, cudaMemcpyDeviceToHost));
    SPEX_CU(cudaMemcpy(out_attention, d_att.ptr, bytes, cudaMemcpyDeviceToHost));
    SPEX_CU(cudaMemcpy(out_positions, d_pos.ptr, bytes, cudaMemcpyDeviceToHost));
    return SPEX_CUDA_OK;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// C API

extern "C" {

int spex_cuda_device_count(void) {
    int count = 0;
    if (cudaGetDeviceCount(&count) != cudaSuccess) {
        cudaGetLastError();
        return 0;
    }
    return count < 0 ? 0 : count;
}

int spex_cuda_fwht_f64(double* host, int64_t rows, int32_t b, int32_t scale) {
    try {
        return fwht_host(host, rows, b, scale);
    } catch (...) {
        return SPEX_CUDA_ERROR;
    }
}

int spex_cuda_fwht_f32(float* host, int64_t rows, int32_t b, int32_t scale) {
    try {
        return fwht_host(host, rows, b, scale);
    } catch (...) {
        return SPEX_CUDA_ERROR;
    }
}

int spex_cuda_fwht_f64_device(double* dev, int64_t rows, int32_t b, int32_t scale, void* stream) {
    if (!fwht_args_ok(dev, rows, b)) return SPEX_CUDA_BAD_ARGUMENT;
    if (!have_device()) return SPEX_CUDA_NO_DEVICE;
    return fwht_enqueue(dev, rows, b, scale != 0, static_cast<cudaStream_t>(stream));
}

int64_t spex_cuda_detect(const void* code, const double* U, int32_t C, int32_t b, const int32_t* mrows,
                         uint8_t* to_check, double cutoff, double res_cutoff, int32_t soft, int32_t depth,
                         int32_t* out_group, int32_t* out_bin, int32_t* out_k, int32_t* out_size, double* out_value,
                         int64_t* decodes) {
    try {
        return detect_impl(code, U, C, b, mrows, to_check, cutoff, res_cutoff, soft, depth, out_group, out_bin,
                           out_k, out_size, out_value, decodes);
    } catch (...) {  // std::bad_alloc of the host-side vectors
        return SPEX_CUDA_ERROR;
    }
}

int spex_cuda_expand_masks(const uint64_t* masks, int64_t rows, int32_t w, const int32_t* row_index, int64_t count,
                           const int64_t* base_ids, int32_t base_len, const int32_t* feat_start,
                           const int32_t* feat_end, int32_t n, int64_t replace_id, int32_t mode, int64_t pad_id,
                           int32_t out_len, int64_t* out_ids, int64_t* out_attention, int64_t* out_positions) {
    if (!expand_args_ok(masks, w, row_index, count, base_ids, base_len, feat_start, feat_end, n, mode, out_len,
                        out_ids, out_attention, out_positions) || rows < 0)
        return SPEX_CUDA_BAD_ARGUMENT;
    try {
        return expand_host(masks, rows, w, row_index, count, base_ids, base_len, feat_start, feat_end, n, replace_id,
                           mode, pad_id, out_len, out_ids, out_attention, out_positions);
    } catch (...) {
        return SPEX_CUDA_ERROR;
    }
}

int spex_cuda_expand_masks_device(const uint64_t* masks, int32_t w, const int32_t* row_index, int64_t count,
                                  const int64_t* base_ids, int32_t base_len, const int32_t* feat_start,
                                  const int32_t* feat_end, int32_t n, int64_t replace_id, int32_t mode,
                                  int64_t pad_id, int32_t out_len, int64_t* out_ids, int64_t* out_attention,
                                  int64_t* out_positions, int32_t device, void* stream) {
    if (!expand_args_ok(masks, w, row_index, count, base_ids, base_len, feat_start, feat_end, n, mode, out_len,
                        out_ids, out_attention, out_positions))
        return SPEX_CUDA_BAD_ARGUMENT;
    if (!have_device()) return SPEX_CUDA_NO_DEVICE;
    int devices = 0;
    SPEX_CU(cudaGetDeviceCount(&devices));
    if (device < 0 || device >= devices) return SPEX_CUDA_BAD_ARGUMENT;
    // launch on the device that holds the memory, whatever the calling thread's current device is
    int previous = 0;
    SPEX_CU(cudaGetDevice(&previous));
    SPEX_CU(cudaSetDevice(device));
    const int st = expand_enqueue(masks, w, row_index, count, base_ids, base_len, feat_start, feat_end, n, replace_id,
                                  mode, pad_id, out_len, out_ids, out_attention, out_positions,
                                  static_cast<cudaStream_t>(stream));
    SPEX_CU(cudaSetDevice(previous));
    return st;
}

}  // extern "C"
