/* The CUDA kernels of spex4j (cuda/spex4j_cuda.cu): batched fast Walsh–Hadamard transform, batched bin
 * detection and the expansion of feature masks into model inputs.
 * A plain C header with no CUDA include, so that g++ (JavaCPP: org.spex4j.kernels.CudaNative) can bind it. The
 * library links the CUDA runtime statically: at run time it needs only the driver (libcuda.so.1), and only where
 * a GPU is; without one every entry point returns SPEX_CUDA_NO_DEVICE instead of failing.
 *
 * Status codes: >= 0 success (0 or a count), SPEX_CUDA_BAD_ARGUMENT (-1) for arguments out of range,
 * SPEX_CUDA_NO_DEVICE (-3) when there is no driver or no device, SPEX_CUDA_ERROR (-4) on any CUDA error (out of
 * device memory included). No function aborts or exits. Functions use the calling thread's current device. */
#ifndef SPEX4J_CUDA_H
#define SPEX4J_CUDA_H

#include <stdint.h>

#define SPEX_CUDA_OK 0
#define SPEX_CUDA_BAD_ARGUMENT (-1)
#define SPEX_CUDA_NO_DEVICE (-3)
#define SPEX_CUDA_ERROR (-4)

#ifdef __cplusplus
extern "C" {
#endif

/* Number of CUDA devices: 0 when there is no driver or no device; never aborts. */
int spex_cuda_device_count(void);

/* In-place FWHT in natural (Hadamard) order of `rows` rows of length 2^b (0 <= b <= 24), contiguous in host memory:
 * X[j] = s * sum_z x[z] (-1)^popcount(z & j), s = 2^-b when scale != 0 else 1. Same result as spex_fwht_f64/f32 of
 * native/include/spex4j/kernels.h (the same butterfly network, so bit for bit). Copies to the device and back,
 * in chunks of rows when the data is large. */
int spex_cuda_fwht_f64(double* host, int64_t rows, int32_t b, int32_t scale);
int spex_cuda_fwht_f32(float* host, int64_t rows, int32_t b, int32_t scale);

/* The same on device memory, enqueued on `stream` (a cudaStream_t; null = the default stream). Asynchronous: it
 * returns once the kernels are launched, so errors of the kernels themselves surface at the next synchronization. */
int spex_cuda_fwht_f64_device(double* dev, int64_t rows, int32_t b, int32_t scale, void* stream);

/* One detection pass over all C * 2^b bins, with the semantics of spex_detect (native/include/spex4j/kernels.h)
 * minus `threads`: `code` is a handle from spex_bch_create; U holds C blocks of P x 2^b doubles (row-major),
 * mrows C x n, to_check C x 2^b (cleared for zerotons and multitons). Singletons are written in increasing
 * (group, bin) order to out_group/out_bin/out_size/out_value and t slots each of out_k (-1 beyond the size).
 * All pointers are host memory. Returns the number of singletons, *decodes = the number of BCH decodes. */
int64_t spex_cuda_detect(const void* code, const double* U, int32_t C, int32_t b, const int32_t* mrows,
                         uint8_t* to_check, double cutoff, double res_cutoff, int32_t soft, int32_t depth,
                         int32_t* out_group, int32_t* out_bin, int32_t* out_k, int32_t* out_size, double* out_value,
                         int64_t* decodes);

/* Mask expansion with the semantics of spex_expand_masks (native/include/spex4j/kernels.h): the selected rows
 * row_index[0..count) of the packed masks (rows x w words, w = ceil(n / 64)) become right-padded [count x out_len]
 * int64 token ids, attention mask and positions. Host memory; rows that do not fit out_len or a row index outside
 * [0, rows) are SPEX_CUDA_BAD_ARGUMENT, checked before anything is copied. */
int spex_cuda_expand_masks(const uint64_t* masks, int64_t rows, int32_t w, const int32_t* row_index, int64_t count,
                           const int64_t* base_ids, int32_t base_len, const int32_t* feat_start,
                           const int32_t* feat_end, int32_t n, int64_t replace_id, int32_t mode, int64_t pad_id,
                           int32_t out_len, int64_t* out_ids, int64_t* out_attention, int64_t* out_positions);

/* The same on memory of CUDA device `device` (e.g. the data_ptr of CUDA tensors), enqueued on `stream` of that
 * device; the calling thread's current device is restored before returning. The caller guarantees that every
 * selected row fits out_len (the host knows the lengths: spex_mask_lengths); a row that does not is cut at out_len
 * rather than written past it. Nothing is checked on the device: row_index, the feature ranges and out_len must be
 * valid (spex_cuda_expand_masks checks them on the host). */
int spex_cuda_expand_masks_device(const uint64_t* masks, int32_t w, const int32_t* row_index, int64_t count,
                                  const int64_t* base_ids, int32_t base_len, const int32_t* feat_start,
                                  const int32_t* feat_end, int32_t n, int64_t replace_id, int32_t mode,
                                  int64_t pad_id, int32_t out_len, int64_t* out_ids, int64_t* out_attention,
                                  int64_t* out_positions, int32_t device, void* stream);

#ifdef __cplusplus
}
#endif

#endif /* SPEX4J_CUDA_H */
