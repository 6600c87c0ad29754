package org.spex4j.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * How an explanation was made: the model and task it explains, the device it ran on, every setting (as the command
 * line spells them, seed included) and the library's version. Enough to rerun it.
 *
 * @param model    the model's name or path
 * @param task     the task explained
 * @param device   where the model ran ("cpu", "cuda:0")
 * @param settings every option, in a fixed order
 * @param version  the spex4j version that made it
 */
public record Provenance(String model, String task, String device, Map<String, String> settings, String version) {
    /** This build's version (from the jar's build properties). */
    public static final String VERSION = readVersion();

    public Provenance {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(device, "device");
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        Objects.requireNonNull(version, "version");
    }

    /** A provenance of this build. */
    public static Provenance of(String model, String task, String device, Map<String, String> settings) {
        return new Provenance(model, task, device, settings, VERSION);
    }

    private static String readVersion() {
        try (InputStream in = Provenance.class.getResourceAsStream("/org/spex4j/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
