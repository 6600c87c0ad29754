// Expansion of packed feature masks into model inputs (token ids, attention mask, positions), written straight into
// the caller's buffers (the memory of LibTorch tensors). A feature owns a contiguous token range of the unmasked
// input; tokens outside every feature (special tokens) are always kept. A masked feature becomes one replacement
// token (REPLACE, as re-tokenising the string "[UNK]" would give) or disappears (DELETE).
#pragma once
#include <cstdint>
#include "spex4j/common.h"
#include "spex4j/parallel.h"

namespace spex4j {

enum MaskMode : int { kReplace = 0, kDelete = 1 };

struct ExpandInput {
    const int64_t* base_ids;  // the unmasked input, base_len tokens
    int32_t base_len;
    const int32_t* feat_start;  // feature f owns tokens [feat_start[f], feat_end[f]), sorted, disjoint
    const int32_t* feat_end;
    int32_t n;
    int64_t replace_id;
    int32_t mode;
};

SPEX_HD bool mask_bit(const uint64_t* row, int f) { return (row[f >> 6] >> (f & 63)) & 1; }

// Number of tokens of the masked input of one mask row.
SPEX_HD int32_t masked_length(const ExpandInput& in, const uint64_t* row) {
    int32_t len = in.base_len;
    for (int f = 0; f < in.n; ++f) {
        const int32_t width = in.feat_end[f] - in.feat_start[f];
        if (width == 0 || mask_bit(row, f)) continue;
        len -= in.mode == kReplace ? width - 1 : width;
    }
    return len;
}

// Writes one masked row, padded with pad_id up to out_len (attention 0, position 0 on padding). Callers check
// masked_length <= out_len first; the guard in emit only keeps a violated precondition inside the row.
SPEX_HD void expand_row(const ExpandInput& in, const uint64_t* row, int32_t out_len, int64_t pad_id, int64_t* ids,
                       int64_t* attention, int64_t* positions) {
    int32_t at = 0, tok = 0;
    auto emit = [&](int64_t id) {
        if (at >= out_len) return;
        ids[at] = id;
        attention[at] = 1;
        positions[at] = at;
        ++at;
    };
    for (int f = 0; f <= in.n; ++f) {
        const int32_t next = f < in.n ? in.feat_start[f] : in.base_len;
        for (; tok < next; ++tok) emit(in.base_ids[tok]);  // tokens between features: always kept
        if (f == in.n) break;
        const int32_t end = in.feat_end[f];
        if (end == in.feat_start[f]) continue;
        if (mask_bit(row, f)) {
            for (; tok < end; ++tok) emit(in.base_ids[tok]);
        } else {
            if (in.mode == kReplace) emit(in.replace_id);
            tok = end;
        }
    }
    for (; at < out_len; ++at) {
        ids[at] = pad_id;
        attention[at] = 0;
        positions[at] = 0;
    }
}

}  // namespace spex4j
