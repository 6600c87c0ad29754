/**
 * Llama-architecture decoders on LibTorch: llama2.c checkpoints and Hugging Face directories, their tokenizers, the
 * forward pass with hook points, scoring, and cached and speculative greedy generation.
 *
 * <p>May use: model.runtime.
 */
package org.spex4j.model.llama;
