/**
 * TextGenSHAP (Enouen et al., arXiv 2312.01279): Shapley and Banzhaf values of input features for a generated text.
 *
 * <p>Every distinct greedy output y defines the indicator game {@code v_y(S) = 1[g(x_S) = y]}; {@link Game} plays
 * coalitions, {@link PermutationShapley} and {@link BanzhafSampler} estimate the values with their inclusion parts,
 * {@link Hierarchy} and {@link TextGenShap} refine sentences into words where the sentence score passes the
 * threshold, and {@link GreedyGenerator} decodes with a {@link SpeculationTree} of every output seen so far. A scalar
 * value function plugs in as {@link Game#of}. {@link TextGenShapExplainer} is the {@code textgenshap} method of
 * {@code spex explain}.
 *
 * <p>May use: api, kernels, math, model, model.llama, text, value.
 */
package org.spex4j.textgenshap;
