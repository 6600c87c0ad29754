/**
 * The native kernels behind one {@link org.spex4j.kernels.Kernels} interface (CPU via JavaCPP; CUDA where built and
 * a GPU exists): Walsh–Hadamard transforms, BCH decoding, bin detection and peeling, and the expansion of feature
 * masks into token ids. Arguments are validated in Java before any native call.
 *
 * <p>May use: math, text, util.
 */
package org.spex4j.kernels;
