/**
 * The BERT encoder (all-MiniLM-L6-v2 and Hugging Face BERT directories) on LibTorch: weights from ONNX initializers
 * or safetensors, the forward pass with hook points, mean pooling.
 *
 * <p>May use: model.runtime.
 */
package org.spex4j.model.bert;
