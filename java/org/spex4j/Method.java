package org.spex4j;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.spex4j.api.Explainer;
import org.spex4j.api.ModelExplainer;

/**
 * One attribution method as the library, the command line and the studies know it: its name, what it does in one
 * line, whether it takes an interaction order, and how to make it. A method either needs only a value function over
 * feature masks (it runs on any model) or asks the model itself for more (hidden states, generations).
 * {@link Methods} holds the one list of them.
 */
public final class Method {
    private final String name;
    private final String summary;
    private final boolean takesOrder;
    private final Function<MethodRun, Explainer> valueFactory;
    private final Supplier<ModelExplainer> modelFactory;
    private final boolean findsInteractions;
    private final boolean usesBudget;

    private Method(String name, String summary, boolean takesOrder, Function<MethodRun, Explainer> valueFactory,
            Supplier<ModelExplainer> modelFactory, boolean findsInteractions, boolean usesBudget) {
        this.name = name;
        this.summary = summary;
        this.takesOrder = takesOrder;
        this.valueFactory = valueFactory;
        this.modelFactory = modelFactory;
        this.findsInteractions = findsInteractions;
        this.usesBudget = usesBudget;
    }

    /** A method that needs only a value function. */
    static Method onValues(String name, String summary, boolean takesOrder, Function<MethodRun, Explainer> factory) {
        return new Method(name, summary, takesOrder, Objects.requireNonNull(factory), null, takesOrder, true);
    }

    /** A method that asks the model itself for more than masked values. */
    static Method onModel(String name, String summary, Supplier<ModelExplainer> factory) {
        return new Method(name, summary, false, null, Objects.requireNonNull(factory), false, true);
    }

    /** This method, finding interactions of its own accord (SPEX, up to its max order) without taking an order. */
    Method withInteractions() {
        return new Method(name, summary, takesOrder, valueFactory, modelFactory, true, usesBudget);
    }

    /** This method, with a query count of its own that no budget changes (NormXLogit: one pass). */
    Method withoutBudget() {
        return new Method(name, summary, takesOrder, valueFactory, modelFactory, findsInteractions, false);
    }

    /** The name as the command line spells it ("spex", "faith-shap", ...). */
    public String name() {
        return name;
    }

    /** What the method does, in one line (the command line's help). */
    public String summary() {
        return summary;
    }

    /** True when the method fits interactions up to an order ℓ (faith-banzhaf, faith-shap, shapley-taylor). */
    public boolean takesOrder() {
        return takesOrder;
    }

    /** True when the result can hold interactions (order 2 or more); false for per-feature attributions. */
    public boolean findsInteractions() {
        return findsInteractions;
    }

    /** False when no budget (nor b) changes what the method does. */
    public boolean usesBudget() {
        return usesBudget;
    }

    /** True when the method asks the model itself (hidden states, token sequences, generations). */
    public boolean needsModel() {
        return modelFactory != null;
    }

    /** The explainer of a value-function method for one run. */
    public Explainer explainer(MethodRun run) {
        if (valueFactory == null) {
            throw new IllegalStateException(name + " needs the model itself, not only a value function");
        }
        return valueFactory.apply(run);
    }

    /** The explainer of a method that needs the model. */
    public ModelExplainer modelExplainer() {
        if (modelFactory == null) {
            throw new IllegalStateException(name + " runs on a value function: use explainer(run)");
        }
        return modelFactory.get();
    }

    @Override
    public String toString() {
        return name;
    }
}
