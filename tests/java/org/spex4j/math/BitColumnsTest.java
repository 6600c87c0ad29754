package org.spex4j.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The bit design columns, against the indicators and characters evaluated row by row. */
class BitColumnsTest {
    @Test
    void columnsAndCountsMatchTheRowByRowDesign() {
        int n = 70; // two words per mask
        SplittableRandom random = new SplittableRandom(11);
        MaskBatch.Builder masks = MaskBatch.builder(n, 150);
        for (int r = 0; r < 150; r++) {
            int[] kept = new int[n];
            int c = 0;
            for (int i = 0; i < n; i++) {
                if (random.nextInt(4) != 0) {
                    kept[c++] = i;
                }
            }
            masks.addFeatures(kept, c);
        }
        int[] rows = new int[130]; // every row but the first 20, in reverse: row t of the columns is mask rows[t]
        double[] y = new double[rows.length];
        for (int t = 0; t < rows.length; t++) {
            rows[t] = 149 - t;
            y[t] = random.nextGaussian();
        }
        List<FeatureSet> terms = new ArrayList<>(List.of(FeatureSet.EMPTY, FeatureSet.of(3), FeatureSet.of(69),
                FeatureSet.of(1, 65), FeatureSet.of(2, 5, 64)));
        int w = masks.wordsPerRow();
        for (Basis basis : Basis.values()) {
            BitColumns cols = BitColumns.of(masks.words(), w, rows, terms, basis);
            assertEquals(rows.length, cols.rows());
            assertEquals(terms.size(), cols.columns());
            BitColumns transposed = cols.transpose();
            assertEquals(terms.size(), transposed.rows());
            assertEquals(rows.length, transposed.columns());
            for (int a = 0; a < terms.size(); a++) {
                for (int t = 0; t < rows.length; t++) {
                    assertEquals(cols.get(a, t), transposed.get(t, a));
                }
            }
            for (int a = 0; a < terms.size(); a++) {
                FeatureSet ta = terms.get(a);
                long count = 0;
                double sum = 0;
                for (int t = 0; t < rows.length; t++) {
                    boolean bit = basis == Basis.MOBIUS ? ta.allIn(masks.words(), rows[t] * w)
                            : ta.parityIn(masks.words(), rows[t] * w) != 0;
                    assertEquals(bit, cols.get(a, t), basis + " " + ta + " row " + t);
                    if (bit) {
                        count++;
                        sum += y[t];
                    }
                }
                assertEquals(count, cols.count(a));
                assertEquals(sum, cols.sum(a, y), 0.0);
                for (int b = 0; b < terms.size(); b++) {
                    long and = 0, xor = 0;
                    for (int t = 0; t < rows.length; t++) {
                        and += cols.get(a, t) && cols.get(b, t) ? 1 : 0;
                        xor += cols.get(a, t) != cols.get(b, t) ? 1 : 0;
                    }
                    assertEquals(and, cols.andCount(a, b));
                    assertEquals(xor, cols.xorCount(a, b));
                }
            }
        }
    }
}
