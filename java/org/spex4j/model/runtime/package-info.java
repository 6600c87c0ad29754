/**
 * The LibTorch runtime the networks run on: tensors, devices, number formats, named hook points, safetensors and
 * tokenizer.json files, and the strict reader of the JSON files models come with
 * ({@link org.spex4j.model.runtime.JsonFiles}).
 * Knows no network and no task.
 *
 * <p>May use: kernels, text, util.
 */
package org.spex4j.model.runtime;
