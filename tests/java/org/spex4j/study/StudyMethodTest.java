package org.spex4j.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.spex4j.testing.Refusals.assertRefused;

import org.junit.jupiter.api.Test;
import org.spex4j.api.Explanation;
import org.spex4j.proxyspex.ProxySpexConfig;
import org.spex4j.value.ValueFunction;

/** The study's method spellings, ProxySPEX's among them. */
class StudyMethodTest {
    @Test
    void proxySpexAtSpexQueriesOrAFractionOfThem() {
        StudyMethod full = StudyMethod.parse("proxyspex");
        StudyMethod tenth = StudyMethod.parse("ProxySPEX/10");
        assertEquals(1, full.divisor());
        assertEquals(10, tenth.divisor());
        assertNull(tenth.infeasible(200), "ProxySPEX has no feasibility limit");
        ValueFunction constant = masks -> new double[masks.rows()];  // no trees to fit: fast
        Explanation e = tenth.explain(constant, 8, 6, 5_376, 0);
        assertEquals("proxyspex", e.method());
        assertEquals(537, e.queries());
        // a tenth of a budget below ten minimums is below the minimum: refused, so the study records a skip
        assertRefused(IllegalArgumentException.class,
                () -> tenth.explain(constant, 8, 4, ProxySpexConfig.MIN_BUDGET * 10 - 1, 0),
                "ProxySPEX needs a budget of at least " + ProxySpexConfig.MIN_BUDGET,
                "got " + (ProxySpexConfig.MIN_BUDGET - 1));
        assertRefused(IllegalArgumentException.class, () -> StudyMethod.parse("proxyspex/0"),
                "unknown method 'proxyspex/0'");
        assertEquals(2, StudyMethod.parse("faith-shap-2").order());
    }
}
