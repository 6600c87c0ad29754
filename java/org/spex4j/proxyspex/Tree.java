package org.spex4j.proxyspex;

/**
 * One regression tree over 0/1 features, as XGBoost stores it: node 0 is the root; a node with
 * {@code left[i] == -1} is a leaf whose value is {@code value[i]}; otherwise it splits on {@code feature[i]} and a
 * mask goes to {@code left[i]} when {@code x < value[i]} (the split condition), else to {@code right[i]}.
 */
record Tree(int[] left, int[] right, int[] feature, double[] value) {
    Tree {
        int size = left.length;
        if (right.length != size || feature.length != size || value.length != size || size == 0) {
            throw new IllegalArgumentException("a tree's node arrays must have one equal, positive length");
        }
    }

    boolean isLeaf(int node) {
        return left[node] < 0;
    }

    /** The child a mask with feature {@code feature[node]} equal to {@code bit} (0 or 1) goes to. */
    int child(int node, int bit) {
        return bit < value[node] ? left[node] : right[node];
    }

    /** The tree's value on a mask given as a predicate on features (for tests and checks). */
    double evaluate(java.util.function.IntPredicate kept) {
        int node = 0;
        while (!isLeaf(node)) {
            node = child(node, kept.test(feature[node]) ? 1 : 0);
        }
        return value[node];
    }
}
