package org.spex4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code spex} command line. Exit codes: 0 success, 2 bad usage or input (a one-line message naming what is
 * wrong), 1 a failure while running (one line of cause). Never a stack trace for a user mistake; set
 * SPEX_DEBUG=1 to see one for a failure.
 */
@Command(name = "spex", mixinStandardHelpOptions = true, version = "spex4j 0.1.0",
        description = "Sparse spectral explanations (SPEX) of language models and other value functions.",
        subcommands = {ExplainCommand.class, ExplainDatasetCommand.class, RecoverCommand.class, ModelsCommand.class, MethodsCommand.class, AccuracyCommand.class, StudyCommand.class, PatchscopeCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    public static final int USAGE = 2;
    public static final int FAILURE = 1;

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    static {
        // library and Spark chatter is not for the console (SPEX_LOG=info asks for it); never download at run time
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "org/spex4j/cli/log4j2.properties");
        }
        System.setProperty("ai.djl.offline", "true");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Picocli's message for a parse error, in the user's terms: its message for two options of one exclusive group
     * spells out the group's synopsis, so say which options exclude each other instead.
     */
    static String plain(String message) {
        String m = message == null ? "bad arguments" : message.replaceFirst("^Error: ", "");
        if (m.startsWith("Missing required argument") && m.contains("--text=TEXT")) {
            return "no input: give --text TEXT, --file PATH, or --csv PATH --column NAME --row I";
        }
        if (!m.startsWith("expected only one match")) {
            return m;
        }
        // "… but got (group synopsis)={--b=3} and (group synopsis)={--b=4}": name the options that were given
        String given = m.substring(m.indexOf("but got") + "but got".length());
        java.util.regex.Matcher opt = java.util.regex.Pattern.compile("=\\{(--[a-z-]+)").matcher(given);
        java.util.List<String> names = new java.util.ArrayList<>();
        while (opt.find()) {
            names.add(opt.group(1));
        }
        if (names.size() > names.stream().distinct().count()) {
            String twice = names.stream().filter(n -> names.indexOf(n) != names.lastIndexOf(n)).findFirst()
                    .orElseThrow();
            return "give " + twice + " once only";
        }
        if (names.contains("--budget") && names.contains("--b")) {
            return "give either --budget or --b, not both";
        }
        if (names.stream().filter(n -> n.matches("--(text|file|csv)")).count() > 1) {
            return "give one input only: --text, --file or --csv";
        }
        return "these options exclude each other: " + String.join(", ", names.stream().distinct().toList());
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("spex: " + plain(ex.getMessage()) + " (see '" + ex.getCommandLine().getCommandSpec()
                    .qualifiedName() + " --help')");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            PrintWriter err = c.getErr();
            if (ex instanceof UsageException || ex instanceof IllegalArgumentException) {
                err.println("spex: " + ex.getMessage());
                return USAGE;
            }
            err.println("spex: failed: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if ("1".equals(System.getenv("SPEX_DEBUG"))) {
                ex.printStackTrace(err);
            }
            return FAILURE;
        });
        return cl.execute(args);
    }
}
