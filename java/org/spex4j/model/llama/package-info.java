/**
 * Llama-architecture decoders on LibTorch: llama2.c checkpoints and Hugging Face directories and their tokenizers
 * (loading), {@link org.spex4j.model.llama.LlamaModel} (the network: the forward pass with hook points and the LM
 * head), and the tasks run on it: {@link org.spex4j.model.llama.LlamaGenerator} (cached and uncached greedy
 * generation), {@link org.spex4j.model.llama.SpeculativeDecoder} (greedy generation verified against a draft tree)
 * and {@link org.spex4j.model.llama.ContinuationScorer} (continuation log-probabilities).
 *
 * <p>May use: model.runtime.
 */
package org.spex4j.model.llama;
