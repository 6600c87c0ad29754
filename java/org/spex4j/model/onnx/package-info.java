/**
 * ONNX Runtime as a second engine: a text classifier exported to ONNX ({@code input_ids}, {@code attention_mask},
 * optionally {@code token_type_ids} in; logits out), its tokenizer.json and optional settings file.
 *
 * <p>May use: model.runtime, text.
 */
package org.spex4j.model.onnx;
