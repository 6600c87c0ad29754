/**
 * Value functions: a batch of feature masks in, one number per mask out. Every explainer consumes only this, so any
 * method runs on any model; batching, de-duplication and progress live here.
 *
 * <p>May use: kernels, math.
 */
package org.spex4j.value;
