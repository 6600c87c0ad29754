package org.spex4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The BCH code through the Java binding: the spec's vectors (spec §11.1), decoding, and bad input. */
class BchCodeTest {

    @Test
    void delayMatrixForN20T3IsTheSpecs() {
        String[] rows = {"00000000000000000000", "00100110000010011001", "10110101000011010101",
            "01111100100011110011", "10011000010011100000", "01001100001001110000", "00100110000100111000",
            "10010011000010011100", "01001001100001001110", "00100100110000100111", "00110100011010001010",
            "10011010001101000101", "01101011000100111011", "00010011100000000100", "00001001110000000010",
            "10000100111000000001", "11100100011110011001", "11010100001101010101", "01001100000100110011"};
        try (BchCode c = BchCode.create(20, 3)) {
            assertEquals(new BchCode.Params(20, 3, 6, 63, 45, 18), c.params());
            byte[] d = c.delayMatrix();
            for (int p = 0; p < 19; p++) {
                for (int i = 0; i < 20; i++) {
                    assertEquals(rows[p].charAt(i) - '0', d[p * 20 + i], "D[" + p + "][" + i + "]");
                }
            }
            assertEquals(new BigInteger("782cf", 16), poly(c.generator()));
        }
    }

    static BigInteger poly(byte[] g) {
        BigInteger v = BigInteger.ZERO;
        for (int i = 0; i < g.length; i++) {
            if (g[i] != 0) {
                v = v.setBit(i);
            }
        }
        return v;
    }

    @Test
    void generatorPolynomialsForT5() {
        String[] hex = {"1626d5", "86e8113", "ca76024d7", "1337dd3ad11", "24aea6c8e3f3", "6f21ce1015ff9",
            "d52a8400919ecd"};
        int[] firstN = {2, 12, 37, 93, 216, 467, 974};
        for (int m = 5; m <= 11; m++) {
            try (BchCode c = BchCode.create(firstN[m - 5], 5)) {
                assertEquals(m, c.params().m());
                assertEquals(new BigInteger(hex[m - 5], 16), poly(c.generator()), "m=" + m);
            }
        }
    }

    @Test
    void codeSizeTableForT5() {
        int[][] table = {{2, 11, 21}, {12, 36, 28}, {37, 92, 36}, {93, 215, 41}, {216, 466, 46}, {467, 973, 51},
            {974, 1992, 56}, {1993, 4035, 61}};
        for (int[] row : table) {
            assertEquals(row[2], BchCode.params(row[0], 5).delays());
            assertEquals(row[2], BchCode.params(row[1], 5).delays());
        }
        assertEquals(new BchCode.Params(100, 5, 8, 255, 215, 40), BchCode.params(100, 5));
        assertEquals(new BchCode.Params(1000, 5, 11, 2047, 1992, 55), BchCode.params(1000, 5));
    }

    @Test
    void decodesRandomPatternsWithinRadius() {
        SplittableRandom r = new SplittableRandom(9);
        for (int n : new int[] {500, 1500}) {  // m = 10 and 11
            try (BchCode c = BchCode.create(n, 5)) {
                byte[] d = c.delayMatrix();
                int rr = c.params().r();
                for (int trial = 0; trial < 500; trial++) {
                    int w = r.nextInt(6);
                    int[] k = r.ints(0, n).distinct().limit(w).sorted().toArray();
                    boolean[] bits = new boolean[rr];
                    for (int f : k) {
                        for (int p = 1; p <= rr; p++) {
                            bits[p - 1] ^= d[p * n + f] != 0;
                        }
                    }
                    int flips = r.nextInt(6 - w);
                    for (int q = 0; q < flips; q++) {
                        int p = r.nextInt(rr);
                        bits[p] = !bits[p];
                    }
                    BchCode.Decoded hard = c.decodeHard(bits);
                    assertNotNull(hard);
                    // repeated flips of one bit can cancel: only the corrected count is bounded
                    assertArrayEquals(k, hard.k());
                    double[] soft = new double[rr];
                    for (int p = 0; p < rr; p++) {
                        soft[p] = bits[p] ? -1 : 1;
                    }
                    assertArrayEquals(k, c.decodeSoft(soft, 10).k());
                }
            }
        }
    }

    @Test
    void chaseRecoversTPlusOneAndTwoErrorsOnUnreliableBits() {
        SplittableRandom r = new SplittableRandom(4);
        try (BchCode c = BchCode.create(1000, 5)) {
            byte[] d = c.delayMatrix();
            int rr = c.params().r();
            for (int extra = 1; extra <= 2; extra++) {
                for (int trial = 0; trial < 40; trial++) {
                    int[] k = r.ints(0, 1000).distinct().limit(2).sorted().toArray();
                    double[] soft = new double[rr];
                    for (int p = 1; p <= rr; p++) {
                        int bit = (d[p * 1000 + k[0]] ^ d[p * 1000 + k[1]]);
                        soft[p - 1] = (bit == 1 ? -1 : 1) * (2 + r.nextDouble());
                    }
                    int[] flip = r.ints(0, rr).distinct().limit(3 + extra).toArray();
                    for (int p : flip) {
                        soft[p] = -0.05 * soft[p];
                    }
                    BchCode.Decoded got = c.decodeSoft(soft, 10);
                    assertNotNull(got);
                    assertArrayEquals(k, got.k());
                }
            }
        }
    }

    @Test
    void garbageNeverCrashes() {
        SplittableRandom r = new SplittableRandom(5);
        try (BchCode c = BchCode.create(300, 5)) {
            int rr = c.params().r();
            for (int trial = 0; trial < 3000; trial++) {
                double[] soft = new double[rr];
                for (int p = 0; p < rr; p++) {
                    int kind = r.nextInt(10);
                    soft[p] = kind == 0 ? Double.NaN : kind == 1 ? 0 : r.nextGaussian();
                }
                BchCode.Decoded got = c.decodeSoft(soft, 10);
                if (got != null) {
                    assertTrue(got.k().length <= 5);
                    for (int f : got.k()) {
                        assertTrue(f >= 0 && f < 300);
                    }
                }
            }
        }
    }

    @Test
    void badArgumentsAreClearErrors() {
        assertRefused(IllegalArgumentException.class, () -> BchCode.create(0, 5), "n must be >= 1, got 0");
        assertRefused(IllegalArgumentException.class, () -> BchCode.create(10, 0),
                "t must be in 1.." + BchCode.MAX_T + ", got 0");
        assertRefused(IllegalArgumentException.class, () -> BchCode.create(10, 11),
                "t must be in 1.." + BchCode.MAX_T + ", got 11");
        assertRefused(IllegalArgumentException.class, () -> BchCode.params(70000, 5),
                "no BCH code of radius t = 5 carries n = 70000 features");
        BchCode c = BchCode.create(20, 3);
        assertRefused(IllegalArgumentException.class, () -> c.decodeHard(new boolean[17]),
                "bits must have r = 18 entries (n = 20, t = 3), got 17");
        assertRefused(IllegalArgumentException.class, () -> c.decodeSoft(new double[19], 6),
                "soft must have r = 18 entries (n = 20, t = 3), got 19");
        assertRefused(IllegalArgumentException.class, () -> c.decodeSoft(null, 6),
                "soft must have r = 18 entries (n = 20, t = 3), got null");
        assertRefused(IllegalArgumentException.class, () -> c.decodeSoft(new double[18], -1),
                "Chase depth must be in 0..20, got -1");
        c.close();
        assertRefused(IllegalStateException.class, () -> c.decodeSoft(new double[18], 6), "this BchCode is closed");
        c.close();  // idempotent
    }
}
