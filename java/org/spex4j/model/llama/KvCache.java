package org.spex4j.model.llama;

import org.bytedeco.pytorch.Tensor;

/**
 * Keys and values of earlier tokens, so decoding step by step runs only the new tokens: per layer, float32
 * {@code [1, kvHeads, capacity, headSize]} on the model's device, indexed by cache slot. Made by
 * {@code LlamaModel.newCache} and used inside one {@code LlamaModel.call}.
 */
record KvCache(Tensor[] keys, Tensor[] values) {
    /**
     * Copies the entries at slots {@code index} (int64 {@code [n]}) to slots {@code start..start+n-1} in every layer:
     * tree decoding moves the accepted path, stored by tree node, into sequence order.
     */
    void copySlots(Tensor index, int start) {
        long n = index.size(0);
        for (int l = 0; l < keys.length; l++) {
            for (Tensor[] kv : new Tensor[][] {keys, values}) {
                kv[l].narrow(2, start, n).copy_(kv[l].index_select(2, index));
            }
        }
    }
}
