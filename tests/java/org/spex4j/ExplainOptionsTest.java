package org.spex4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;
import org.spex4j.api.Explanation;
import org.spex4j.kernels.BchCode;
import org.spex4j.model.Task;
import org.spex4j.model.TextModel;
import org.spex4j.spex.Decoder;
import org.spex4j.spex.SpexConfig;
import org.spex4j.text.MaskMode;

/** One immutable, validated, serialisable options value, and a facade that copies it. */
class ExplainOptionsTest {
    static final String STORY = "Lily went to the park to play.";

    @Test
    void defaultsAreStatedOnce() {
        ExplainOptions d = ExplainOptions.defaults();
        assertEquals("minilm", d.model());
        assertEquals(Methods.SPEX, d.method());
        assertNull(d.b());
        assertEquals(ExplainOptions.DEFAULT_BUDGET, d.budget());
        assertEquals(SpexConfig.DEFAULT_MAX_ORDER, d.maxOrder());
        assertEquals(SpexConfig.DEFAULT_DECODER, d.decoder());
        assertEquals(SpexConfig.DEFAULT_REFIT, d.refit());
        assertEquals(TextModel.ValueOptions.defaults(), d.valueOptions());
        assertEquals(d, ExplainOptions.builder().build());
    }

    @Test
    void toBuilderMakesAModifiedCopyAndLeavesTheOriginal() {
        ExplainOptions a = ExplainOptions.builder().optModel("stories260k").optB(4).optSeed(7).build();
        ExplainOptions b = a.toBuilder().optMethod("LIME").build();
        assertEquals("spex", a.method());
        assertEquals("lime", b.method());
        assertEquals(a.seed(), b.seed());
        assertEquals(a.b(), b.b());
        assertNotEquals(a, b);
        assertEquals(a, a.toBuilder().build());
        assertEquals(a.hashCode(), a.toBuilder().build().hashCode());
        // the budget clears b, and the settings record whichever decides
        ExplainOptions c = a.toBuilder().optBudget(900).build();
        assertNull(c.b());
        assertEquals("900", c.settings().get("budget"));
        assertEquals("4", a.settings().get("b"));
        assertTrue(!a.settings().containsKey("budget"));
    }

    @Test
    void badSettingsFailWhenBuiltWithTheirRange() {
        assertMessage("b must be in 1..20, got 0", () -> ExplainOptions.builder().optB(0).build());
        assertMessage("b must be in 1..20, got 30", () -> ExplainOptions.builder().optB(30).build());
        assertMessage("the budget must be >= 1 query, got 0", () -> ExplainOptions.builder().optBudget(0).build());
        assertMessage("max order must be in 1.." + BchCode.MAX_T + ", got 0",
                () -> ExplainOptions.builder().optMaxOrder(0).build());
        assertMessage("order must be >= 1, got 0", () -> ExplainOptions.builder().optOrder(0).build());
        assertMessage("threads must be >= 0 (0 = all cores), got -1",
                () -> ExplainOptions.builder().optThreads(-1).build());
        assertMessage("faithfulness needs 0 (off) or at least 2 masks, got 1",
                () -> ExplainOptions.builder().optFaithfulness(1).build());
        IllegalArgumentException e = assertRefused(IllegalArgumentException.class,
                () -> ExplainOptions.builder().optMethod("magic"), "unknown method 'magic'");
        assertTrue(e.getMessage().startsWith("unknown method 'magic'; valid: spex, "), e.getMessage());
    }

    @Test
    void theFacadeChecksOptionsBeforeItLoadsAModel() {
        // a model that does not exist: the options' error comes first, so no load was attempted
        IllegalArgumentException e = assertRefused(IllegalArgumentException.class,
                () -> Spex.builder().optModel("/no/such/model").optB(-3).build(), "b must be in 1..20, got -3");
        assertEquals("b must be in 1..20, got -3", e.getMessage());
    }

    @Test
    void serialisesAndComesBackEqual() throws Exception {
        ExplainOptions o = ExplainOptions.builder().optModel("stories260k").optTask(Task.LOGPROB).optB(5)
                .optMask(MaskMode.DELETE).optDecoder(Decoder.HARD).optSeed(42)
                .optValueOptions(new TextModel.ValueOptions(8, 1024, true, 4)).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            ExplainOptions back = (ExplainOptions) in.readObject();
            assertEquals(o, back);
            assertEquals(o.settings(), back.settings());
            assertEquals(o.valueOptions(), back.valueOptions());
        }
    }

    @Test
    void editingTheBuilderAfterBuildChangesNothingAndExplanationsSayHowTheyWereMade() {
        Spex.Builder builder = Spex.builder().optModel("stories260k").optB(3).optSeed(1);
        try (Spex spex = builder.build()) {
            builder.optMethod("lime", 1).optB(5);  // after build: must not reach the built instance
            assertEquals("spex", spex.options().method());
            Explanation e = spex.explain(STORY);
            assertEquals("spex", e.method());
            assertEquals(3, e.b());
            assertEquals("stories260k", e.provenance().model());
            assertEquals("logprob", e.provenance().task());
            assertEquals(spex.options().settings(), e.provenance().settings());
            // the same options give the same explanation, bit for bit
            try (Spex again = Spex.builder().optOptions(spex.options()).build()) {
                Explanation f = again.explain(STORY);
                assertEquals(e.fourier().entries(), f.fourier().entries());
            }
        }
    }

    private static void assertMessage(String message, org.junit.jupiter.api.function.Executable call) {
        assertEquals(message, assertRefused(IllegalArgumentException.class, call, message).getMessage());
    }
}
