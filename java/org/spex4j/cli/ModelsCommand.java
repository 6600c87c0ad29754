package org.spex4j.cli;

import java.util.concurrent.Callable;
import org.spex4j.model.Models;
import org.spex4j.model.runtime.TorchDevice;
import picocli.CommandLine.Command;

/** {@code spex models}: the built-in models, their tasks, and how to load your own. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "Lists the built-in models, their tasks, and the formats of your own models.")
final class ModelsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.printf("%-12s %-10s %-24s %s%n", "name", "kind", "tasks (first = default)", "weights");
        for (Models.Entry e : Models.builtIn()) {
            System.out.printf("%-12s %-10s %-24s %s%n", e.name(), e.kind(),
                    e.tasks(), e.source());
        }
        System.out.println();
        System.out.println("Your own models (--model PATH), by format:");
        for (Models.Format f : Models.formats()) {
            System.out.printf("  %-18s %s%n", f.command(), f.format());
            System.out.printf("  %-18s architectures: %s%n", "", f.architectures());
            System.out.printf("  %-18s tasks: %s%n", "", f.tasks());
        }
        System.out.println();
        System.out.println("Devices: " + TorchDevice.availability()
                + (TorchDevice.cudaAvailable() ? "." : "; models run on the CPU."));
        return 0;
    }
}
