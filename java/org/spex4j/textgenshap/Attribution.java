package org.spex4j.textgenshap;

/**
 * Per-feature values for one output label: the value {@code φ = φ⁺ − φ⁻} (Shapley or Banzhaf), its inclusion part
 * {@code φ⁺} (the mean of {@code max(Δ, 0)}: for an output y, how often adding the feature switched the output to
 * y), and the standard errors of both (0 for exact values).
 */
public record Attribution(double[] value, double[] inclusion, double[] valueSe, double[] inclusionSe) {
    public Attribution {
        value = value.clone();
        inclusion = inclusion.clone();
        valueSe = valueSe.clone();
        inclusionSe = inclusionSe.clone();
    }

    @Override
    public double[] value() {
        return value.clone();
    }

    @Override
    public double[] inclusion() {
        return inclusion.clone();
    }

    @Override
    public double[] valueSe() {
        return valueSe.clone();
    }

    @Override
    public double[] inclusionSe() {
        return inclusionSe.clone();
    }

    /** All zeros over n features (an output no feature moves towards or away from). */
    static Attribution zeros(int n) {
        return new Attribution(new double[n], new double[n], new double[n], new double[n]);
    }
}
