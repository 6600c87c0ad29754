package org.spex4j;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.spex4j.api.Explainer;

/**
 * One attribution method as the library, the command line and the studies know it: its name, what it does in one
 * line, whether it takes an interaction order, and how to make its {@link Explainer} from the options (its
 * hyperparameters; the budget and the seed go to each call). A method either needs only a value function over
 * feature masks (it runs on any model) or asks the subject for the model itself ({@link org.spex4j.api.ModelInput}:
 * hidden states, generations).
 * {@link Methods} holds the one list of them.
 */
public final class Method {
    private final String name;
    private final String summary;
    private final boolean takesOrder;
    private final Function<ExplainOptions, Explainer> factory;
    private final boolean needsModel;
    private final boolean findsInteractions;
    private final boolean usesBudget;

    private Method(String name, String summary, boolean takesOrder, Function<ExplainOptions, Explainer> factory,
            boolean needsModel, boolean findsInteractions, boolean usesBudget) {
        this.name = name;
        this.summary = summary;
        this.takesOrder = takesOrder;
        this.factory = Objects.requireNonNull(factory, "factory");
        this.needsModel = needsModel;
        this.findsInteractions = findsInteractions;
        this.usesBudget = usesBudget;
    }

    /** A method that needs only a value function. */
    static Method onValues(String name, String summary, boolean takesOrder,
            Function<ExplainOptions, Explainer> factory) {
        return new Method(name, summary, takesOrder, factory, false, takesOrder, true);
    }

    /** A method that asks the subject for the model itself, beyond masked values. */
    static Method onModel(String name, String summary, Supplier<Explainer> factory) {
        Objects.requireNonNull(factory, "factory");
        return new Method(name, summary, false, options -> factory.get(), true, false, true);
    }

    /** This method, finding interactions of its own accord (SPEX, up to its max order) without taking an order. */
    Method withInteractions() {
        return new Method(name, summary, takesOrder, factory, needsModel, true, usesBudget);
    }

    /** This method, with a query count of its own that no budget changes (NormXLogit: one pass). */
    Method withoutBudget() {
        return new Method(name, summary, takesOrder, factory, needsModel, findsInteractions, false);
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

    /**
     * True when the method asks the subject for the model itself ({@link org.spex4j.api.ModelInput}: hidden states,
     * token sequences, generations).
     */
    public boolean needsModel() {
        return needsModel;
    }

    /**
     * The method's explainer with the hyperparameters of {@code options} (max order, decoder, refit, b, order,
     * threads, device); call it with the budget and the seed.
     */
    public Explainer explainer(ExplainOptions options) {
        return factory.apply(Objects.requireNonNull(options, "options"));
    }

    @Override
    public String toString() {
        return name;
    }
}
