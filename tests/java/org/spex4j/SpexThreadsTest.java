package org.spex4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.spex4j.api.Explanation;
import org.spex4j.value.Progress;

/** Many texts on one model: explainAll, sharing one Spex between threads, and per-call cancellation. */
class SpexThreadsTest {
    static final String A = "Lily went to the park to play.", B = "Tom saw a big dog. The dog was happy.";

    @Test
    void explainAllThreadsAndPerCallCancellationGiveTheSequentialResults() throws Exception {
        try (Spex spex = Spex.builder().optModel("stories260k").optB(3).optSeed(1).optValueOptions(
                new org.spex4j.model.TextModel.ValueOptions(256, 65_536, false, 4)).build()) {
            Explanation a = spex.explain(A), b = spex.explain(B);
            // the same computation on the same machine: equal bit for bit
            List<Explanation> all = spex.explainAll(List.of(A, B));
            assertEquals(a.fourier().entries(), all.get(0).fourier().entries());
            assertEquals(b.fourier().entries(), all.get(1).fourier().entries());
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Explanation> fa = pool.submit(() -> spex.explain(A));
                Future<Explanation> fb = pool.submit(() -> spex.explain(B));
                assertEquals(a.fourier().entries(), fa.get().fourier().entries());
                assertEquals(b.fourier().entries(), fb.get().fourier().entries());
            } finally {
                pool.shutdown();
            }
            // one call cancelled; the instance goes on
            assertThrows(CancellationException.class, () -> spex.explain(A, Progress.NONE, () -> true));
            assertEquals(a.fourier().entries(), spex.explain(A).fourier().entries());
        }
    }
}
