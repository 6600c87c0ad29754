/**
 * The LibTorch runtime the networks run on: tensors, devices, named hook points, safetensors and tokenizer.json
 * files. Knows no network and no task.
 *
 * <p>May use: kernels, text.
 */
package org.spex4j.model.runtime;
