/**
 * Text models as value functions: {@link org.spex4j.model.TextModel} (tokenize, tasks, masked forward passes in
 * batches), the shipped models and user files ({@link org.spex4j.model.Models}), and the tasks they are explained
 * on. The networks themselves live in {@code model.bert} and {@code model.llama}; ONNX Runtime
 * runs exported classifiers in {@code model.onnx}.
 *
 * <p>May use: kernels, math, model.bert, model.llama, model.onnx, model.runtime, text, util, value.
 */
package org.spex4j.model;
