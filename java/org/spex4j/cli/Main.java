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
        if (!m.startsWith("expected only one match")) {
            return m;
        }
        String given = m.substring(m.indexOf("but got") + "but got".length());
        if (given.contains("={--budget") && given.contains("={--b=")) {
            return "give either --budget or --b, not both";
        }
        if (given.split("=\\{--(text|file|csv)=", -1).length > 2) {
            return "give one input only: --text, --file or --csv";
        }
        return m;
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
