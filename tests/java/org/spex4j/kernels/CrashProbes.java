package org.spex4j.kernels;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.bytedeco.javacpp.LongPointer;
import org.spex4j.math.MaskBatch;
import org.spex4j.spex.SpexDesign;
import org.spex4j.text.MaskMode;
import org.spex4j.text.MaskedInput;
import org.spex4j.text.Segmenter;

/**
 * The inputs that once crashed the JVM in the kernels (issue 20), one per argument, run by {@link
 * NativeCrashRegressionTest} in a forked JVM. Each prints "ok" and exits 0 when the kernels refuse or survive the
 * input as they should; a regression is an exit code (1 for a wrong answer, 134 for a crash).
 */
public final class CrashProbes {
    private CrashProbes() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "designMasks" -> designMasksSizesInLong();
            case "binMatrix" -> binMatrixKeepsItsOwnRows();
            case "expand" -> expandChecksTheBuffers();
            case "bchClose" -> bchCloseWaitsForDecodes();
            case "tokenizerJson" -> tokenizerJsonTheNativeLibraryCannotRead();
            default -> throw new IllegalArgumentException("no probe " + args[0]);
        }
        System.out.println("ok " + args[0]);
    }

    static void require(boolean ok, String what) {
        if (!ok) {
            System.out.println("FAILED: " + what);
            System.exit(1);
        }
    }

    static void refused(Runnable call, String contains) {
        try {
            call.run();
        } catch (IllegalArgumentException e) {
            require(e.getMessage().contains(contains), "message '" + e.getMessage() + "' names '" + contains + "'");
            return;
        }
        require(false, "refused (IllegalArgumentException containing '" + contains + "')");
    }

    /** groups * n = 2^32 wrapped to 0 as an int, so an empty mrows passed and the kernel read past it. */
    static void designMasksSizesInLong() {
        Kernels cpu = Kernels.cpu();
        refused(() -> cpu.designMasks(new int[0], new long[1024], 65536, 1, 1, 65536), "4294967296");
        refused(() -> cpu.designMasks(new int[0], new long[725], 46341, 1, 1, 46341), "2147488281");
        refused(() -> cpu.designMasks(new int[4], new long[0], 2, 1, 1 << 30, 2), "delayCount");
    }

    /** Rows changed through the array passed in, or the one handed out, never reach the kernels. */
    static void binMatrixKeepsItsOwnRows() {
        try (BchCode code = BchCode.create(10, 2)) {
            SpexDesign design = new SpexDesign(code, 4, 3, new SplittableRandom(1));
            int p = design.delays(), bins = 16;
            for (int bad : new int[] {1 << 30, -100000}) {
                double[] u = new double[3 * p * bins];
                int[] rows = design.mrows();
                BinMatrix m = new BinMatrix(3, p, 4, 10, u, rows);
                rows[0] = bad;
                m.mrows()[0] = bad;
                require(m.mrows()[0] == design.mrows()[0], "mrows() is a copy");
                Kernels.cpu().peel(code, m, new int[][] {{0}}, new double[] {1.0});
                for (int c = 0; c < 3; c++) {
                    int j = design.binOf(c, new int[] {0});
                    require(u[c * p * bins + j] == -1.0, "peel subtracted 1 at bin " + j + " of group " + c);
                }
                Detections d = Kernels.cpu().detect(code, m, new DetectParams(1e-9, 0.9, true, 4, 1));
                require(d.count() >= 0, "detection ran");
            }
            for (int i = 0; i < 3; i++) {
                System.gc();  // a heap written out of bounds dies here
            }
        }
    }

    /** Pointers of unknown (0) or too small capacity, and negative lengths, are refused before native code. */
    static void expandChecksTheBuffers() {
        String text = "the movie, sadly was great";
        long[] ids = {101, 1996, 3185, 1010, 7082, 2135, 2001, 2307, 102};
        int[] start = {-1, 0, 4, 9, 11, 14, 17, 21, -1}, end = {-1, 3, 9, 10, 14, 16, 20, 26, -1};
        MaskedInput in = MaskedInput.of(Segmenter.words(text), ids, start, end, MaskMode.REPLACE, 100, 0);
        MaskBatch masks = MaskBatch.allKept(5);
        int[] row = {0};
        try (LongPointer unknown = new LongPointer(4).capacity(0); LongPointer small = new LongPointer(4);
                LongPointer a = new LongPointer(9); LongPointer b = new LongPointer(9);
                LongPointer c = new LongPointer(9)) {
            refused(() -> MaskExpansion.expand(in, masks, row, 9, unknown, b, c), "unknown capacity");
            refused(() -> MaskExpansion.expand(in, masks, row, 9, a, small, c), "must hold 9 values");
            refused(() -> MaskExpansion.expand(in, masks, row, 9, a, b, new LongPointer(9).position(3)), "must hold");
            refused(() -> MaskExpansion.expand(in, masks, row, -9, a, b, c), "outLength");
            refused(() -> MaskExpansion.expand(in, masks, new int[] {0, 0}, 9, a, b, c), "must hold 18");
            refused(() -> MaskExpansion.expand(in, masks, row, 8, a, b, c), "longer than outLength");
            MaskExpansion.expand(in, masks, row, 9, a, b, c);
            require(a.get(8) == 102 && b.get(8) == 1 && c.get(8) == 8, "the unmasked input was written");
        }
        refused(() -> MaskExpansion.expandOnDevice(in, masks, new int[] {9}, new MaskExpansion.DeviceSource(
                new LongPointer(9), new LongPointer(9), new LongPointer(5), new LongPointer(5)), row,
                new LongPointer(1).capacity(0), 9, new LongPointer(9), new LongPointer(9), new LongPointer(9), 0),
                "unknown capacity");
    }

    /**
     * JSON that Jackson reads but Rust's serde_json does not (an unpaired surrogate, a number past a double, deep
     * nesting): in a tokenizer's decoder it made the native tokenizers library abort the JVM (found by the fuzzer).
     */
    static void tokenizerJsonTheNativeLibraryCannotRead() throws java.io.IOException {
        String vocab = "{\"[UNK]\":0,\"the\":1,\"movie\":2}";
        String deep = "[".repeat(130) + "]".repeat(130);
        for (String extra : new String[] {"\"prefix\":\"\\udc00\"", "\"x\":1e400", "\"x\":" + deep}) {
            java.nio.file.Path p = java.nio.file.Files.createTempFile("tokenizer", ".json");
            java.nio.file.Files.writeString(p, "{\"version\":\"1.0\",\"pre_tokenizer\":{\"type\":\"BertPreTokenizer\"},"
                    + "\"decoder\":{\"type\":\"WordPiece\",\"cleanup\":true," + extra + "},\"model\":{\"type\":"
                    + "\"WordPiece\",\"unk_token\":\"[UNK]\",\"vocab\":" + vocab + "}}");
            try {
                refused(() -> org.spex4j.model.runtime.HfTokenizerFile.open(p, true).close(), "cannot be loaded");
            } finally {
                java.nio.file.Files.delete(p);
            }
        }
    }

    /** close() while other threads decode: it waits for them, and their later calls fail cleanly. */
    static void bchCloseWaitsForDecodes() throws InterruptedException {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 30; round++) {
            BchCode code = BchCode.create(1000, 5);
            double[] soft = random.doubles(code.params().r(), -1, 1).toArray();  // noise: the whole Chase list
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new java.util.ArrayList<>();
            for (int t = 0; t < 2; t++) {
                Thread th = new Thread(() -> {
                    try {
                        while (true) {
                            code.decodeSoft(soft, 10);
                            code.decodeHard(new boolean[soft.length]);
                        }
                    } catch (IllegalStateException closed) {
                        if (!closed.getMessage().contains("closed")) {
                            failure.set(closed);
                        }
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                });
                th.start();
                threads.add(th);
            }
            Thread.sleep(1 + round % 3);
            code.close();
            code.close();  // twice is harmless
            for (Thread th : threads) {
                th.join();
            }
            require(failure.get() == null, "decoders ended with 'closed', got " + failure.get());
        }
    }
}
