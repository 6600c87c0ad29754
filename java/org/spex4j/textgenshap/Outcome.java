package org.spex4j.textgenshap;

/**
 * What one coalition is worth: the payoff vector {@code value · e_label}. An output game gives value 1 at the label
 * of the generated output (the indicator games {@code v_y} at once); a scalar game gives its value at label 0.
 */
public record Outcome(int label, double value) {}
