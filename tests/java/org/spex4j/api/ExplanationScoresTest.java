package org.spex4j.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.spex4j.testing.Refusals.assertRefused;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spex4j.math.Basis;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.report.JsonReport;

class ExplanationScoresTest {
    private static SparseCoefficients surrogate() {
        // f = 1 + 0.5·(−1)^{m_0}: Shapley value of feature 0 is −1, of feature 1 is 0
        return SparseCoefficients.of(2, Basis.FOURIER, Map.of(FeatureSet.of(), 1.0, FeatureSet.of(0), 0.5));
    }

    /** Every field survives JSON and back, scores, warnings and provenance included. */
    @Test
    void jsonRoundTripKeepsEveryField() {
        Explanation e = Explanation.builder("normxlogit", surrogate())
                .b(null).maxOrder(1).queries(7, 5).iterations(2).seed(42).timing("evaluate", 1.25)
                .timing("total", 3.5).features(java.util.List.of("good", "😍")).baseline(-0.1).full(0.3)
                .target("log-odds").faithfulness(new Explanation.Faithfulness(0.9, 100))
                .scores(Scores.ranking("normxlogit", new double[] {0.5, -1.0 / 3}).bySign().build())
                .warning("1 feature cannot be masked by replacement")
                .provenance(Provenance.of("minilm", "sentiment", "cpu", Map.of("b", "3")))
                .build();
        com.fasterxml.jackson.databind.node.ObjectNode json = JsonReport.toJson(e, org.spex4j.math.Index.FSII, 2, 10);
        Explanation back = JsonReport.fromJson(JsonReport.write(json));
        assertEquals(json, JsonReport.toJson(back, org.spex4j.math.Index.FSII, 2, 10));
        assertEquals(e.fourier().entries(), back.fourier().entries());
        assertArrayEquals(e.scores().get("normxlogit"), back.scores().get("normxlogit"));  // bit for bit
        assertEquals(true, back.rankedBySign());
        assertEquals(null, back.b());
        assertEquals(e.warnings(), back.warnings());
        assertEquals(e.provenance(), back.provenance());
        assertRefused(IllegalArgumentException.class, () -> JsonReport.fromJson("{\"n\": 2}"),
                "not an explanation: no 'method' field");
    }

    @Test
    void withoutScoresTheRankingIsTheShapleyValue() {
        Explanation e = Explanation.builder("lime", surrogate()).build();
        assertEquals("shapley", e.rankingName());
        assertArrayEquals(e.shapleyValues(), e.ranking(), 1e-12);
        assertEquals(-1.0, e.ranking()[0], 1e-12);
        assertEquals(false, JsonReport.toJson(e, null, 2, 10).has("scores"));
    }

    @Test
    void theNamedScoreRanksAndAllAreWrittenToJsonRankingFirst() {
        Explanation e = Explanation.builder("slalom", surrogate())
                .scores(Scores.ranking("removal", new double[] {0.25, -2}).add("value", new double[] {1, 2}).build())
                .build();
        assertEquals("removal", e.rankingName());
        assertArrayEquals(new double[] {0.25, -2}, e.ranking());
        assertEquals(java.util.List.of("removal", "value"), e.scores().names());
        // a rebuilt explanation keeps its scores and how they rank
        assertEquals(2, e.toBuilder().build().scores().size());
        assertEquals(false, e.rankedBySign());
        Scores signed = Scores.ranking("removal", new double[] {0.25, -2}).bySign().build();
        assertEquals(true, e.toBuilder().scores(signed).build().toBuilder().build().rankedBySign());
        JsonNode json = JsonReport.toJson(e, null, 2, 10);
        java.util.List<String> names = new java.util.ArrayList<>();
        json.get("scores").fieldNames().forEachRemaining(names::add);
        assertEquals(java.util.List.of("removal", "value"), names);
        assertEquals(-2.0, json.get("scores").get("removal").get(1).asDouble());
        assertEquals(2.0, json.get("scores").get("value").get(1).asDouble());
    }

    @Test
    void scoresAreCopiesAndNamesAreUnique() {
        double[] removal = {0.25, -2};
        Scores s = Scores.ranking("removal", removal).build();
        removal[0] = 9;
        s.get("removal")[1] = 9;
        assertArrayEquals(new double[] {0.25, -2}, s.ranking());
        assertEquals(null, s.get("value"));
        assertEquals(true, Scores.NONE.isEmpty());
        assertEquals(null, Scores.NONE.rankingName());
        assertRefused(IllegalArgumentException.class, () -> Scores.ranking("removal", removal).add("removal", removal),
                "'removal' is given twice");
    }

    @Test
    void aScoreOfTheWrongLengthIsRefused() {
        assertRefused(IllegalArgumentException.class,
                () -> Explanation.builder("x", surrogate())
                        .scores(Scores.ranking("removal", new double[] {1}).build()),
                "score 'removal' has 1 values for n = 2");
    }
}
