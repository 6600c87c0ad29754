package org.spex4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.spex4j.api.Explainer;
import org.spex4j.api.Explanation;
import org.spex4j.api.Subject;
import org.spex4j.baselines.Baselines;
import org.spex4j.math.Basis;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.Index;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.report.HtmlReport;
import org.spex4j.value.SparseFourierFunction;

/** The one method registry: its names, its factories, and the places that read it. */
class MethodsTest {
    @Test
    void namesAreUniqueAndTheDefaultComesFirst() {
        List<String> names = Methods.names();
        assertEquals(Methods.SPEX, names.get(0));
        assertEquals(names.size(), new TreeSet<>(names).size());
        assertEquals(names, Spex.methods());
        for (String n : names) {
            assertEquals(n, Methods.byName(n.toUpperCase(java.util.Locale.ROOT)).name());
        }
        IllegalArgumentException e = assertRefused(IllegalArgumentException.class, () -> Methods.byName("magic"),
                "unknown method 'magic'");
        assertEquals("unknown method 'magic'; valid: " + String.join(", ", names), e.getMessage());
    }

    @Test
    void everyBaselineIsRegisteredAndRunsOnAValueFunction() {
        Set<String> valueMethods = new TreeSet<>();
        for (Method m : Methods.all()) {
            if (!m.needsModel()) {
                valueMethods.add(m.name());
            }
        }
        Set<String> expected = new TreeSet<>(Baselines.NAMES);
        expected.add(Methods.SPEX);
        expected.add("proxyspex");
        assertEquals(expected, valueMethods);
    }

    /** Each value method, made by the registry, explains a known sparse function and gets its main effect. */
    @Test
    void factoriesMakeWorkingExplainers() {
        int n = 6;
        SparseCoefficients truth = SparseCoefficients.builder(n, Basis.FOURIER).put(FeatureSet.EMPTY, 1.0)
                .put(FeatureSet.of(2), 3.0).build();
        SparseFourierFunction f = new SparseFourierFunction(truth, 0, 0);
        for (Method m : Methods.all()) {
            if (m.needsModel()) {
                Explainer x = m.explainer(ExplainOptions.defaults());
                assertEquals(m.name(), x.name());
                assertRefused(IllegalArgumentException.class, () -> x.explain(Subject.of(f, n), 2_000, 3),
                        m.name() + " needs a subject with ModelInput");
                continue;
            }
            ExplainOptions o = ExplainOptions.builder().optMethod(m.name()).optBudget(2_000).optSeed(3)
                    .optMaxOrder(2).build();
            Explainer x = m.explainer(o);
            assertEquals(m.name(), x.name());
            Explanation e = x.explain(Subject.of(f, n), o.budget(n), o.seed());
            double[] phi = e.shapleyValues();
            for (int i = 0; i < n; i++) {
                // F(k) = 3 on {2}: f moves by 2·3 = 6 between feature 2 kept and masked, so its value is ∓6
                assertEquals(i == 2 ? 1 : 0, Math.abs(phi[i]) > 1 ? 1 : 0, m.name() + " feature " + i + ": "
                        + phi[i]);
            }
            // the registry's flags say what the command line may warn about: a per-feature method has no term
            // of order 2 or more, whatever the function
            if (!m.findsInteractions()) {
                assertEquals(1, e.maxOrder(), m.name());
                e.fourier().entries().forEach(t -> assertTrue(t.getKey().size() <= 1, m.name() + " " + t));
            }
            // the HTML report: an interaction section exactly for the methods that find interactions, and a
            // footer naming the method that ran
            String html = HtmlReport.render(e, Index.SV, Index.FSII, 2, 10, java.util.Map.of());
            assertEquals(m.findsInteractions(), html.contains("Top interactions"), m.name());
            assertTrue(html.contains("method run: " + (m.name().equals(Methods.SPEX) ? "SPEX" : m.name())), m.name());
            assertTrue(m.usesBudget(), m.name());
        }
        assertTrue(Methods.byName(Methods.SPEX).findsInteractions());
        assertTrue(!Methods.byName("normxlogit").usesBudget());
    }

    @Test
    void theCommandLineHelpListsTheRegistry() {
        String help = new picocli.CommandLine(new org.spex4j.cli.Main()).getSubcommands().get("explain")
                .getUsageMessage();
        for (String name : Methods.names()) {
            assertTrue(help.contains(name), name + " missing from: " + help);
        }
    }
}
