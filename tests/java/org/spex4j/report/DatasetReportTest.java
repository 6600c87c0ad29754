package org.spex4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spex4j.math.Basis;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.InteractionIndices;
import org.spex4j.math.SparseCoefficients;

/** The data set report: word types gathered across rows (case and punctuation aside), pairs counted, errors listed. */
class DatasetReportTest {
    static final SparseCoefficients A = SparseCoefficients.of(2, Basis.FOURIER, Map.of(FeatureSet.of(), 0.1,
            FeatureSet.of(0), -0.5, FeatureSet.of(0, 1), 0.2));
    static final SparseCoefficients B = SparseCoefficients.of(3, Basis.FOURIER, Map.of(FeatureSet.of(0), -0.3,
            FeatureSet.of(1), 0.4, FeatureSet.of(0, 1), -0.1, FeatureSet.of(1, 2), 0.05));
    static final List<DatasetReport.Row> ROWS = List.of(
            new DatasetReport.Row("0", List.of("\"Good", "film."), A, null),
            new DatasetReport.Row("1", List.of("good", "bad", "<b>plot</b>"), B, null),
            new DatasetReport.Row("2", null, null, "the input text is empty"));

    @Test
    void wordTypesGatherOccurrencesAcrossRows() {
        double[] a = InteractionIndices.shapleyFromFourier(A);
        double[] b = InteractionIndices.shapleyFromFourier(B);
        List<DatasetReport.TypeStats> types = DatasetReport.types(ROWS, 1);
        DatasetReport.TypeStats good = types.stream().filter(t -> t.type().equals("good")).findFirst().orElseThrow();
        assertEquals(List.of(a[0], b[0]), good.values());
        assertEquals((Math.abs(a[0]) + Math.abs(b[0])) / 2, good.meanAbs(), 1e-15);
        assertEquals(4, types.size());   // good, film, bad, b>plot</b (the tags' outer brackets are punctuation)
        for (int i = 1; i < types.size(); i++) {
            assertTrue(types.get(i - 1).meanAbs() >= types.get(i).meanAbs());
        }
        assertEquals(List.of("good"), DatasetReport.types(ROWS, 2).stream().map(DatasetReport.TypeStats::type)
                .toList());
    }

    @Test
    void pairsAndErrorsAppearOnThePage() {
        List<DatasetReport.PairStats> pairs = DatasetReport.pairs(ROWS);
        assertEquals(List.of("film × good", "bad × good", "b>plot</b × bad"), pairs.stream()
                .map(DatasetReport.PairStats::pair).toList());
        String page = DatasetReport.render(ROWS, Map.of("model", "minilm"));
        assertTrue(page.contains("Explanations of 3 rows"), page);
        assertTrue(page.contains("2 explained, 1 errors"));
        assertTrue(page.contains("<td>2</td><td>the input text is empty</td>"));
        assertTrue(page.contains("b&gt;plot&lt;/b"), "escaped");
        assertTrue(!page.contains("<b>plot"));
    }
}
