package org.spex4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A file a command writes when its work is done (--html), checked first so that no run is lost to a bad path. */
final class OutputFile {
    private OutputFile() {}

    /** A usage error naming {@code option} unless {@code file} can be created or overwritten. */
    static void requireWritable(Path file, String option) {
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        String why = null;
        if (Files.isDirectory(file)) {
            why = "it is a directory";
        } else if (dir == null || !Files.isDirectory(dir)) {
            why = "the directory " + dir + " does not exist";
        } else if (Files.exists(file) ? !Files.isWritable(file) : !Files.isWritable(dir)) {
            why = "permission denied";
        }
        if (why != null) {
            throw new UsageException(option + ": cannot write " + file + ": " + why);
        }
    }

    /** Writes {@code text} as UTF-8; a failure names the file and the reason. */
    static void write(Path file, String text, String option) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException(option + ": cannot write " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
    }
}
