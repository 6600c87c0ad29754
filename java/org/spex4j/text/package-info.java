/**
 * Text to features: segmenters (words, sentences, tokens) with character spans, tokenized text, and the maskers
 * (replace, delete) that say how a masked feature reaches the model. Imports nothing of the project.
 *
 * <p>May use: util.
 */
package org.spex4j.text;
