package org.spex4j.model.bert;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Hugging Face encoder families this runtime runs, and how each differs from BERT: the weight names of its
 * checkpoint, token types, where positions start, and the head of its {@code ForSequenceClassification} model. The
 * forward pass is BERT's for all of them (post-norm blocks, erf GELU).
 */
public enum EncoderArchitecture {
    /** BERT: [CLS] → pooler dense + tanh → classifier. */
    BERT("bert", "BertModel", "BertForSequenceClassification", "bert.", true, false,
            "bert.pooler.dense", "classifier"),
    /** DistilBERT: other weight names, no token types; [CLS] → pre_classifier + ReLU → classifier. */
    DISTILBERT("distilbert", "DistilBertModel", "DistilBertForSequenceClassification", "distilbert.", false, false,
            "pre_classifier", "classifier"),
    /** RoBERTa: positions start after the padding id; &lt;s&gt; → classifier.dense + tanh → classifier.out_proj. */
    ROBERTA("roberta", "RobertaModel", "RobertaForSequenceClassification", "roberta.", true, true,
            "classifier.dense", "classifier.out_proj"),
    /** XLM-RoBERTa: RoBERTa's network and names (its checkpoints keep the "roberta." prefix). */
    XLM_ROBERTA("xlm-roberta", "XLMRobertaModel", "XLMRobertaForSequenceClassification", "roberta.", true, true,
            "classifier.dense", "classifier.out_proj");

    private final String modelType;
    private final String bareName;
    private final String classifierName;
    private final String prefix;
    private final boolean tokenTypes;
    private final boolean paddingOffsetPositions;
    private final String headDense;
    private final String headOut;

    EncoderArchitecture(String modelType, String bareName, String classifierName, String prefix, boolean tokenTypes,
            boolean paddingOffsetPositions, String headDense, String headOut) {
        this.modelType = modelType;
        this.bareName = bareName;
        this.classifierName = classifierName;
        this.prefix = prefix;
        this.tokenTypes = tokenTypes;
        this.paddingOffsetPositions = paddingOffsetPositions;
        this.headDense = headDense;
        this.headOut = headOut;
    }

    /** config.json's {@code model_type}. */
    public String modelType() {
        return modelType;
    }

    /** The {@code architectures} name of the bare encoder ("BertModel"). */
    public String bareName() {
        return bareName;
    }

    /** The {@code architectures} name of the sequence classifier ("BertForSequenceClassification"). */
    public String classifierName() {
        return classifierName;
    }

    /** The prefix of the encoder's weights inside a classifier checkpoint ("bert."). */
    public String prefix() {
        return prefix;
    }

    public boolean tokenTypes() {
        return tokenTypes;
    }

    /** The first position id: RoBERTa counts positions from padding_idx + 1 (HF create_position_ids_from_input_ids). */
    public int firstPosition(int padTokenId) {
        return paddingOffsetPositions ? padTokenId + 1 : 0;
    }

    /** True when the head's hidden layer is ReLU (DistilBERT), false for tanh. */
    public boolean reluHead() {
        return this == DISTILBERT;
    }

    /** The full name of the head's first dense layer ("bert.pooler.dense"), without ".weight". */
    public String headDense() {
        return headDense;
    }

    /** The full name of the head's output layer ("classifier"), without ".weight". */
    public String headOut() {
        return headOut;
    }

    /**
     * The name in this family's checkpoint (without the prefix) of a weight named as in BERT
     * ({@code encoder.layer.3.attention.self.query.weight}).
     */
    public String weightName(String bertName) {
        if (this != DISTILBERT) {
            return bertName;
        }
        String n = bertName.replace("encoder.layer.", "transformer.layer.");
        return n.replace("attention.self.query.", "attention.q_lin.")
                .replace("attention.self.key.", "attention.k_lin.")
                .replace("attention.self.value.", "attention.v_lin.")
                .replace("attention.output.dense.", "attention.out_lin.")
                .replace("attention.output.LayerNorm.", "sa_layer_norm.")
                .replace("intermediate.dense.", "ffn.lin1.")
                .replace("output.dense.", "ffn.lin2.")
                .replace("output.LayerNorm.", "output_layer_norm.");
    }

    /** Every {@code architectures} name this runtime loads as an encoder. */
    public static List<String> supportedNames() {
        List<String> names = new ArrayList<>();
        for (EncoderArchitecture a : values()) {
            names.add(a.classifierName);
        }
        for (EncoderArchitecture a : values()) {
            names.add(a.bareName);
        }
        return names;
    }

    /** The family of an {@code architectures} name, or null. */
    public static EncoderArchitecture byArchitecture(String name) {
        for (EncoderArchitecture a : values()) {
            if (a.classifierName.equals(name) || a.bareName.equals(name)) {
                return a;
            }
        }
        return null;
    }

    /** The family of a {@code model_type}, or null. */
    public static EncoderArchitecture byModelType(String type) {
        String t = type.toLowerCase(Locale.ROOT).replace('_', '-');
        for (EncoderArchitecture a : values()) {
            if (a.modelType.equals(t)) {
                return a;
            }
        }
        return null;
    }
}
