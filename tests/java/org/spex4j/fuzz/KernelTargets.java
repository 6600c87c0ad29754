package org.spex4j.fuzz;

import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.LongPointer;
import org.spex4j.kernels.BchCode;
import org.spex4j.kernels.BinMatrix;
import org.spex4j.kernels.DetectParams;
import org.spex4j.kernels.Kernels;
import org.spex4j.kernels.MaskExpansion;
import org.spex4j.math.MaskBatch;
import org.spex4j.text.MaskMode;
import org.spex4j.text.MaskedInput;
import org.spex4j.text.Segment;
import org.spex4j.text.Segmenter;

/**
 * Random calls into every public native entry point, through the Java API: the transforms, mask design, row
 * de-duplication, the BCH code and its decoders, bin detection and peeling, and mask expansion. Arguments are
 * mostly near valid (so calls reach native code) and sometimes wrong in one place (so the checks are exercised).
 */
final class KernelTargets {
    private static final BchCode[] CODES = {BchCode.create(20, 2), BchCode.create(100, 3), BchCode.create(300, 5)};

    private KernelTargets() {}

    static void register(Fuzz f) {
        Kernels cpu = Kernels.cpu();
        f.add("fwht", (r, x) -> {
            int b = Fuzz.size(r, 0, 12), rows = Fuzz.size(r, 0, 3);
            long need = b >= 0 && b < 31 && rows >= 0 ? (long) rows << b : 16;
            int length = (int) Math.max(0, Math.min(1 << 16, need + r.nextInt(-2, 3)));
            if (r.nextBoolean()) {
                cpu.fwht(Fuzz.values(r, length), rows, b, r.nextBoolean());
            } else {
                cpu.fwht(new float[length], rows, b, r.nextBoolean());
            }
        });
        f.add("designMasks", (r, x) -> {
            int n = Fuzz.size(r, 1, 200), groups = Fuzz.size(r, 1, 3), p = Fuzz.size(r, 1, 20), b = Fuzz.size(r, 0, 8);
            boolean exact = r.nextInt(4) > 0 && n > 0 && n <= 200 && groups > 0 && groups <= 3 && p > 0 && p <= 20;
            int w = (Math.max(n, 1) + 63) >>> 6;
            int[] mrows = new int[exact ? groups * n : r.nextInt(64)];
            for (int i = 0; i < mrows.length; i++) {
                mrows[i] = r.nextInt();
            }
            long[] delays = new long[exact ? p * w : r.nextInt(64)];
            for (int i = 0; i < delays.length; i++) {
                delays[i] = r.nextLong();
            }
            cpu.designMasks(mrows, delays, n, b, p, groups);
        });
        f.add("uniqueRows", (r, x) -> {
            int rows = Fuzz.size(r, 0, 200), wpr = Fuzz.size(r, 1, 4);
            long[] words = new long[r.nextInt(0, 900)];
            for (int i = 0; i < words.length; i++) {
                words[i] = r.nextInt(3);  // few distinct values: many duplicate rows
            }
            Kernels.UniqueRows u = cpu.uniqueRows(words, rows, wpr);
            check(u.inverse().length == rows && u.count() <= Math.max(rows, 0), "uniqueRows sizes");
        });
        f.add("bchParams", (r, x) -> {
            BchCode.Params p = BchCode.params(Fuzz.size(r, 1, 3000), Fuzz.size(r, 1, 10));
            check(p.delays() == p.r() + 1, "P = r + 1");
        });
        f.add("bchCreate", (r, x) -> {
            try (BchCode c = BchCode.create(Fuzz.size(r, 1, 500), Fuzz.size(r, 1, 6))) {
                check(c.generator().length == c.params().r() + 1, "generator degree r");
                check(c.delayMatrix().length == c.delays() * c.n(), "delay matrix size");
            }
        });
        f.add("bchDecode", (r, x) -> {
            BchCode c = CODES[r.nextInt(CODES.length)];
            int len = c.params().r() + (r.nextInt(6) == 0 ? r.nextInt(-2, 3) : 0);
            BchCode.Decoded d;
            if (r.nextBoolean()) {
                boolean[] bits = new boolean[Math.max(0, len)];
                for (int i = 0; i < bits.length; i++) {
                    bits[i] = r.nextInt(8) == 0;
                }
                d = c.decodeHard(r.nextInt(20) == 0 ? null : bits);
            } else {
                d = c.decodeSoft(Fuzz.values(r, len), Fuzz.size(r, 0, 20));
            }
            if (d != null) {
                checkFeatures(d.k(), c.n(), c.t());
            }
        });
        f.add("detectAndPeel", (r, x) -> {
            BchCode c = CODES[r.nextInt(CODES.length)];
            int groups = Fuzz.size(r, 1, 3), b = Fuzz.size(r, 1, 7), p = c.delays() + (r.nextInt(8) == 0 ? 1 : 0);
            boolean fits = groups >= 1 && groups <= 3 && b >= 1 && b <= 7;
            double[] u = Fuzz.values(r, fits ? (groups * p << b) + (r.nextInt(10) == 0 ? 1 : 0) : 8);
            int[] mrows = new int[fits ? groups * c.n() : 4];
            for (int i = 0; i < mrows.length; i++) {
                mrows[i] = r.nextInt(1 << Math.max(1, Math.min(b, 30)));
            }
            if (r.nextInt(8) == 0) {
                mrows[r.nextInt(mrows.length)] = r.nextInt();  // one row that is not a b-bit row
            }
            BinMatrix bins = new BinMatrix(groups, p, b, c.n(), u, mrows);
            mrows[0] = r.nextInt();               // what the caller does after handing over changes nothing
            bins.mrows()[0] = r.nextInt();
            DetectParams params = new DetectParams(r.nextInt(10) == 0 ? Fuzz.value(r) : r.nextDouble(),
                    r.nextInt(10) == 0 ? Fuzz.value(r) : 0.9, r.nextBoolean(), Fuzz.size(r, 0, 10), r.nextInt(3));
            var d = cpu.detect(c, bins, params);
            for (int[] k : d.k()) {
                checkFeatures(k, c.n(), c.t());
            }
            int q = r.nextInt(4);
            int[][] ks = new int[q][];
            for (int i = 0; i < q; i++) {
                ks[i] = new int[r.nextInt(c.t() + 2)];
                int at = r.nextInt(3) - 1;
                for (int j = 0; j < ks[i].length; j++) {
                    at += r.nextInt(20) == 0 ? -1 : 1 + r.nextInt(5);
                    ks[i][j] = r.nextInt(30) == 0 ? c.n() + j : at;
                }
            }
            cpu.peel(c, bins, ks, Fuzz.values(r, q + (r.nextInt(10) == 0 ? 1 : 0)));
        });
        f.add("maskExpansion", (r, x) -> expansion(r));
    }

    /** A random input and masks expanded into buffers of random (sometimes too small or unknown) capacity. */
    private static void expansion(SplittableRandom r) {
        String[] words = {"the", "movie,", "sadly", "was", "great", "!", "a"};
        StringBuilder text = new StringBuilder();
        for (int i = 0, n = 1 + r.nextInt(8); i < n; i++) {
            text.append(words[r.nextInt(words.length)]).append(' ');
        }
        List<Segment> feats = Segmenter.words(text.toString());
        int tokens = Math.max(0, feats.size() + r.nextInt(-1, 4));
        long[] ids = new long[tokens];
        int[] start = new int[tokens], end = new int[tokens];
        int pos = 0;
        for (int t = 0; t < tokens; t++) {
            ids[t] = r.nextInt(1000);
            boolean special = r.nextInt(6) == 0;
            start[t] = special ? -1 : pos + (r.nextInt(10) == 0 ? r.nextInt(-3, 3) : 0);
            pos += 1 + r.nextInt(4);
            end[t] = special ? -1 : pos;
        }
        MaskedInput in = MaskedInput.of(feats, ids, start, end, r.nextBoolean() ? MaskMode.REPLACE : MaskMode.DELETE,
                100, 0);
        int rows = 1 + r.nextInt(4);
        MaskBatch masks = MaskBatch.uniform(r.nextInt(10) == 0 ? in.n() + 1 : in.n(), rows, r);
        int[] lengths = MaskExpansion.lengths(in, masks);
        int max = 0;
        for (int l : lengths) {
            check(l >= 0 && l <= tokens, "a masked length is within the input");
            max = Math.max(max, l);
        }
        int[] pick = new int[1 + r.nextInt(rows)];
        for (int i = 0; i < pick.length; i++) {
            pick[i] = r.nextInt(20) == 0 ? rows + r.nextInt(3) - 1 : r.nextInt(rows);
        }
        int out = r.nextInt(8) == 0 ? Fuzz.size(r, 0, max + 2) : max;
        long need = (long) pick.length * Math.max(out, 0);
        LongPointer[] buf = new LongPointer[3];
        for (int k = 0; k < 3; k++) {
            long cap = Math.max(1, Math.min(1 << 16, need + (r.nextInt(8) == 0 ? r.nextInt(-3, 3) : 0)));
            buf[k] = new LongPointer(cap);
            switch (r.nextInt(12)) {
                case 0 -> buf[k].capacity(0);                   // "unknown", as a tensor's data_ptr_long()
                case 1 -> buf[k].position(Math.min(cap, 1 + r.nextInt(3)));
                default -> { }
            }
        }
        MaskExpansion.expand(in, masks, pick, out, buf[0], buf[1], buf[2]);
    }

    static void checkFeatures(int[] k, int n, int t) {
        check(k.length <= t, "at most t features");
        for (int i = 0; i < k.length; i++) {
            check(k[i] >= 0 && k[i] < n && (i == 0 || k[i] > k[i - 1]), "features ascending in 0..n-1");
        }
    }

    /** A wrong answer is a finding too (reported by class name AssertionError). */
    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
