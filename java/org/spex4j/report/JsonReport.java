package org.spex4j.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.spex4j.api.Explanation;
import org.spex4j.api.Provenance;
import org.spex4j.api.Scores;
import org.spex4j.math.Basis;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.Index;
import org.spex4j.math.SparseCoefficients;

/**
 * The JSON form of an {@link Explanation}, exactly the command-line contract of DESIGN.md: n, method, b, t,
 * queries, distinct_queries, iterations, timing_ms, features, baseline, full, fourier (sorted by |value|),
 * interactions, scores (per-feature scores of methods that have them), target (what the value is, in words),
 * faithfulness, and the added shapley (per-feature Shapley values of the surrogate), warnings (see
 * {@link Explanation#warnings()}) and provenance. Fields may be added, never changed; b is null for a method that has none.
 */
public final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {}

    /** The explanation as a JSON tree; {@code index}/{@code order} choose the interactions block (null: none). */
    public static ObjectNode toJson(Explanation e, Index index, int order, int top) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("n", e.n());
        root.put("method", e.method());
        if (e.b() != null) {
            root.put("b", e.b());
        } else {
            root.putNull("b");  // the contract's field is always there: null for methods without a b
        }
        root.put("t", e.maxOrder());
        root.put("queries", e.queries());
        root.put("distinct_queries", e.distinctQueries());
        root.put("iterations", e.iterations());
        root.put("seed", e.seed());
        ObjectNode timing = root.putObject("timing_ms");
        for (Map.Entry<String, Double> t : e.timingMillis().entrySet()) {
            timing.put(t.getKey(), round(t.getValue()));
        }
        if (e.features() != null) {
            ArrayNode features = root.putArray("features");
            e.features().forEach(features::add);
        }
        if (e.baseline() != null) {
            root.put("baseline", e.baseline());
        }
        if (e.full() != null) {
            root.put("full", e.full());
        }
        if (e.target() != null) {
            root.put("target", e.target());
        }
        if (e.provenance() != null) {
            ObjectNode p = root.putObject("provenance");
            p.put("model", e.provenance().model());
            p.put("task", e.provenance().task());
            p.put("device", e.provenance().device());
            p.put("version", e.provenance().version());
            ObjectNode settings = p.putObject("settings");
            e.provenance().settings().forEach(settings::put);
        }
        root.set("fourier", terms(e.fourier(), Integer.MAX_VALUE));
        ArrayNode shapley = root.putArray("shapley");  // per feature, of the surrogate: the console's default list
        for (double v : e.shapleyValues()) {
            shapley.add(v);
        }
        ArrayNode warnings = root.putArray("warnings");
        e.warnings().forEach(warnings::add);
        if (index != null) {
            ObjectNode inter = root.putObject("interactions");
            inter.put("index", index.name().toLowerCase());
            inter.put("order", order);
            inter.set("values", terms(e.interactions(index, order), top));
        }
        root.put("ranked_by_sign", e.rankedBySign());
        if (!e.scores().isEmpty()) {
            ObjectNode scores = root.putObject("scores");
            for (Map.Entry<String, double[]> sc : e.scores().asMap().entrySet()) {  // the ranking score first
                ArrayNode values = scores.putArray(sc.getKey());
                for (double v : sc.getValue()) {
                    values.add(v);
                }
            }
        }
        if (e.faithfulness() != null) {
            ObjectNode f = root.putObject("faithfulness");
            f.put("r2", e.faithfulness().r2());
            f.put("masks", e.faithfulness().masks());
        }
        return root;
    }

    /**
     * The explanation back from its JSON ({@link #toJson}): every field that JSON holds, so that
     * {@code toJson(fromJson(toJson(e)))} equals {@code toJson(e)}. The derived blocks (interactions, shapley) are
     * computed again from the Fourier terms.
     *
     * @throws IllegalArgumentException when a required field (n, method, fourier) is missing
     */
    public static Explanation fromJson(String json) {
        JsonNode j;
        try {
            j = MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalArgumentException("not JSON: " + ex.getOriginalMessage());
        }
        for (String field : new String[] {"n", "method", "fourier"}) {
            if (!j.hasNonNull(field)) {
                throw new IllegalArgumentException("not an explanation: no '" + field + "' field");
            }
        }
        SparseCoefficients.Builder f = SparseCoefficients.builder(j.get("n").asInt(), Basis.FOURIER);
        for (JsonNode t : j.get("fourier")) {
            f.put(featureSet(t.get("features")), t.get("value").asDouble());
        }
        Explanation.Builder x = Explanation.builder(j.get("method").asText(), f.build())
                .b(j.hasNonNull("b") ? j.get("b").asInt() : null)
                .maxOrder(j.path("t").asInt())
                .queries(j.path("queries").asLong(), j.path("distinct_queries").asLong())
                .iterations(j.path("iterations").asInt())
                .seed(j.path("seed").asLong());
        j.path("timing_ms").fields().forEachRemaining(t -> x.timing(t.getKey(), t.getValue().asDouble()));
        if (j.has("features")) {
            List<String> features = new java.util.ArrayList<>();
            j.get("features").forEach(w -> features.add(w.asText()));
            x.features(features);
        }
        x.baseline(j.hasNonNull("baseline") ? j.get("baseline").asDouble() : null);
        x.full(j.hasNonNull("full") ? j.get("full").asDouble() : null);
        x.target(j.hasNonNull("target") ? j.get("target").asText() : null);
        if (j.has("provenance")) {
            JsonNode p = j.get("provenance");
            Map<String, String> settings = new java.util.LinkedHashMap<>();
            p.path("settings").fields().forEachRemaining(s -> settings.put(s.getKey(), s.getValue().asText()));
            x.provenance(new Provenance(p.path("model").asText(), p.path("task").asText(), p.path("device").asText(),
                    settings, p.path("version").asText()));
        }
        Scores.Builder scores = null;  // the first in the JSON ranks
        for (Iterator<Map.Entry<String, JsonNode>> it = j.path("scores").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> sc = it.next();
            double[] v = new double[sc.getValue().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = sc.getValue().get(i).asDouble();
            }
            scores = scores == null ? Scores.ranking(sc.getKey(), v) : scores.add(sc.getKey(), v);
        }
        if (scores != null) {
            x.scores((j.path("ranked_by_sign").asBoolean() ? scores.bySign() : scores).build());
        }
        j.path("warnings").forEach(w -> x.warning(w.asText()));
        if (j.has("faithfulness")) {
            x.faithfulness(new Explanation.Faithfulness(j.get("faithfulness").get("r2").asDouble(),
                    j.get("faithfulness").get("masks").asInt()));
        }
        return x.build();
    }

    private static FeatureSet featureSet(JsonNode indices) {
        int[] k = new int[indices.size()];
        for (int i = 0; i < k.length; i++) {
            k[i] = indices.get(i).asInt();
        }
        return FeatureSet.of(k);
    }

    /** Pretty-printed JSON text. */
    public static String write(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException("JSON serialisation failed", ex);
        }
    }

    /** [{"features": [..], "value": v}, ...] sorted by |value| descending, at most {@code top} entries. */
    public static ArrayNode terms(SparseCoefficients c, int top) {
        ArrayNode out = MAPPER.createArrayNode();
        List<Map.Entry<FeatureSet, Double>> entries = c.topK(Math.min(top, c.size()));
        for (Map.Entry<FeatureSet, Double> t : entries) {
            ObjectNode term = out.addObject();
            ArrayNode f = term.putArray("features");
            for (int i = 0; i < t.getKey().size(); i++) {
                f.add(t.getKey().get(i));
            }
            term.put("value", t.getValue());
        }
        return out;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
