package org.spex4j.cli;

import java.util.concurrent.Callable;
import org.spex4j.model.Models;
import org.spex4j.model.runtime.TorchDevice;
import picocli.CommandLine.Command;

/** {@code spex models}: the built-in models, their tasks, and how to load your own. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "Lists the built-in models and their tasks.")
final class ModelsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.printf("%-12s %-10s %-24s %s%n", "name", "kind", "tasks (first = default)", "weights");
        for (Models.Entry e : Models.builtIn()) {
            System.out.printf("%-12s %-10s %-24s %s%n", e.name(), e.kind(),
                    e.tasks(), e.source());
        }
        System.out.println();
        System.out.println("Your own models (--model PATH):");
        System.out.println("  a directory with config.json + model.safetensors + tokenizer.json (BERT or Llama, by");
        System.out.println("  config.json's model_type), or a llama2.c checkpoint FILE.bin with tok512-style");
        System.out.println("  tokenizer FILE.tok.bin (or tokenizer.bin) beside it, or a TorchScript module FILE.pt whose");
        System.out.println("  forward(input_ids, attention_mask) returns [B] or [B, C] (or a tuple starting with it),");
        System.out.println("  with FILE.tokenizer.json or tokenizer.json beside it and an optional FILE.json");
        System.out.println("  (max_tokens, mask_token, pad_token, inputs, class); its task is 'output'.");
        System.out.println();
        System.out.println("Devices: " + TorchDevice.availability()
                + (TorchDevice.cudaAvailable() ? "." : "; models run on the CPU."));
        return 0;
    }
}
