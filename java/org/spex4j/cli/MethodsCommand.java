package org.spex4j.cli;

import java.util.concurrent.Callable;
import org.spex4j.Method;
import org.spex4j.Methods;
import picocli.CommandLine.Command;

/** {@code spex methods}: every method, from the one registry, with what it does and what it needs. */
@Command(name = "methods", mixinStandardHelpOptions = true, description = "Lists the explanation methods.")
final class MethodsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.printf("%-15s %-13s %s%n", "method", "runs on", "what it does");
        for (Method m : Methods.all()) {
            System.out.printf("%-15s %-13s %s%s%n", m.name(), m.needsModel() ? "the model" : "any model",
                    m.summary(), m.takesOrder() ? " (--order)" : "");
        }
        System.out.println();
        System.out.println("'any model': the method sees only the model's values on masked inputs, so it runs on every");
        System.out.println("model; 'the model': it also asks the model for hidden states, token sequences or generations.");
        return 0;
    }
}
