package org.spex4j.proxyspex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Gradient-boosted regression trees on 0/1 masks, fitted by XGBoost4J: squared error, histogram tree method, one
 * native thread per fit, base score fixed to the mean target. The trees come back as plain {@link Tree}s (read
 * from XGBoost's JSON model) so that {@link TreeFourier} can transform them exactly. Boosting with these settings
 * samples nothing, so the same data and settings give the same trees bit for bit, and the first k trees of a fit
 * are the fit with k trees.
 */
final class BoostedTrees implements AutoCloseable {
    /** The settings of one fit (XGBoost's max_depth, number of rounds and eta). */
    record Params(int maxDepth, int trees, double learningRate) {
        Params {
            if (maxDepth < 1 || trees < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException("depth and trees must be >= 1 and the learning rate > 0, got "
                        + maxDepth + ", " + trees + ", " + learningRate);
            }
        }

        @Override
        public String toString() {
            return "depth " + maxDepth + ", " + trees + " trees, learning rate " + learningRate;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Booster booster;
    private final int n;
    private final double baseScore;
    private final int trees;

    private BoostedTrees(Booster booster, int n, double baseScore, int trees) {
        this.booster = booster;
        this.n = n;
        this.baseScore = baseScore;
        this.trees = trees;
    }

    /**
     * Fits {@code p.trees()} trees to the rows {@code rows} of {@code x} (row-major 0/1, n columns) and targets
     * {@code y}; {@code seed} goes to XGBoost (which samples nothing here).
     */
    static BoostedTrees fit(float[] x, int n, float[] y, int[] rows, Params p, long seed) {
        float[] xs = new float[rows.length * n];
        float[] ys = new float[rows.length];
        double mean = 0;
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(x, rows[r] * n, xs, r * n, n);
            ys[r] = y[rows[r]];
            mean += ys[r];
        }
        mean /= rows.length;
        float base = (float) mean;
        DMatrix d = null;
        try {
            d = new DMatrix(xs, rows.length, n, Float.NaN);
            d.setLabel(ys);
            Map<String, Object> params = new HashMap<>();
            params.put("objective", "reg:squarederror");
            params.put("tree_method", "hist");
            params.put("max_depth", p.maxDepth());
            params.put("eta", p.learningRate());
            params.put("base_score", base);
            params.put("seed", (int) (seed ^ (seed >>> 32)));
            params.put("nthread", 1);
            params.put("verbosity", 0);
            Booster booster = XGBoost.train(d, params, p.trees(), new HashMap<>(), null, null);
            return new BoostedTrees(booster, n, base, p.trees());
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed to fit: " + e.getMessage(), e);
        } finally {
            if (d != null) {
                d.dispose();
            }
        }
    }

    /** Predictions of the first {@code treeLimit} trees (all when 0) for the given rows of x. */
    double[] predict(float[] x, int[] rows, int treeLimit) {
        float[] xs = new float[rows.length * n];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(x, rows[r] * n, xs, r * n, n);
        }
        DMatrix d = null;
        try {
            d = new DMatrix(xs, rows.length, n, Float.NaN);
            float[][] out = booster.predict(d, false, treeLimit);
            double[] values = new double[rows.length];
            for (int r = 0; r < rows.length; r++) {
                values[r] = out[r][0];
            }
            return values;
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed to predict: " + e.getMessage(), e);
        } finally {
            if (d != null) {
                d.dispose();
            }
        }
    }

    /** The base score every prediction starts from (the mean target of the fit, as a float). */
    double baseScore() {
        return baseScore;
    }

    /** The fitted trees, read from XGBoost's JSON model; checks that the model's base score is ours. */
    List<Tree> trees() {
        JsonNode model;
        try {
            model = JSON.readTree(booster.toByteArray("json"));
        } catch (XGBoostError | IOException e) {
            throw new IllegalStateException("cannot read XGBoost's model: " + e.getMessage(), e);
        }
        JsonNode learner = model.path("learner");
        String base = learner.path("learner_model_param").path("base_score").asText().replace("[", "")
                .replace("]", "");
        if (Math.abs(Double.parseDouble(base) - baseScore) > 1e-6 * Math.max(1, Math.abs(baseScore))) {
            throw new IllegalStateException("XGBoost's model has base score " + base + ", expected " + baseScore);
        }
        JsonNode jsonTrees = learner.path("gradient_booster").path("model").path("trees");
        List<Tree> out = new ArrayList<>(jsonTrees.size());
        for (JsonNode t : jsonTrees) {
            out.add(new Tree(ints(t.path("left_children")), ints(t.path("right_children")),
                    ints(t.path("split_indices")), doubles(t.path("split_conditions"))));
        }
        if (out.size() != trees) {
            throw new IllegalStateException("XGBoost's model has " + out.size() + " trees, expected " + trees);
        }
        return out;
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();  // XGBoost keeps float32 values
        }
        return out;
    }

    @Override
    public void close() {
        booster.dispose();
    }
}
