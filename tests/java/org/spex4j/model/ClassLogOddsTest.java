package org.spex4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.spex4j.testing.Refusals.assertRefused;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The classification readout: log-odds of a class, its probability, and the explained class. */
class ClassLogOddsTest {
    @Test
    void logOddsAndProbabilityAgreeWithTheSoftmax() {
        double[] z = {9, 1.0, 2.0, 0.5, 9};   // classes at [1, 4)
        double e1 = Math.exp(1.0), e2 = Math.exp(2.0), e3 = Math.exp(0.5), p = e2 / (e1 + e2 + e3);
        double x = ClassLogOdds.of(z, 1, 3, 1);
        assertEquals(Math.log(p) - Math.log(1 - p), x, 1e-12);
        assertEquals(p, ClassLogOdds.probability(x), 1e-12);
        assertEquals(1.0, ClassLogOdds.probability(800), 0.0, "no overflow");
        assertEquals(1000.0, ClassLogOdds.of(new double[] {1000, 0}, 0, 2, 0), 0.0, "no overflow");
    }

    @Test
    void theExplainedClassIsALabelAnIndexOrThePrediction() {
        List<String> labels = List.of("NEGATIVE", "POSITIVE");
        assertEquals(1, ClassLogOdds.resolve("POSITIVE", labels));
        assertEquals(1, ClassLogOdds.resolve("positive", labels));
        assertEquals(0, ClassLogOdds.resolve(" 0", labels));
        assertRefused(IllegalArgumentException.class, () -> ClassLogOdds.resolve("2", labels), "class '2'",
                "0 = NEGATIVE, 1 = POSITIVE");
        assertEquals(1, ClassLogOdds.predicted(new double[] {0.5, 3, 3}), "the first of equals");
    }
}
