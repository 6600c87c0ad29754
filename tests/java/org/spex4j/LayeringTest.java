package org.spex4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package graph as the classes have it (jdeps over the compiled classes) against what each package's
 * {@code package-info.java} says it may use: every package states its job and its dependencies, and imports only
 * those, so the graph has no cycle.
 */
class LayeringTest {
    static final String ROOT = "org.spex4j";
    /** The last paragraph of a package-info: "May use: a, b (a note), c." up to the end of the comment. */
    static final Pattern MAY_USE = Pattern.compile("<p>May use: ([\\s\\S]*?)\\.\\s*\\*/");

    /** Package → the packages its classes use (within the project, itself excluded), read by jdeps. */
    static Map<String, Set<String>> actualGraph() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-verbose:package",
                "-filter:none", Path.of("target/classes").toString());
        assertEquals(0, rc, "jdeps failed");
        Map<String, Set<String>> g = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[1].equals("->") && f[0].startsWith(ROOT) && f[2].startsWith(ROOT)) {
                g.computeIfAbsent(f[0], k -> new TreeSet<>());
                if (!f[0].equals(f[2])) {
                    g.get(f[0]).add(f[2]);
                }
            }
        }
        return g;
    }

    /** Package → what its package-info allows ("everything" for the command line). */
    static Map<String, Set<String>> declared() throws IOException {
        Map<String, Set<String>> allowed = new TreeMap<>();
        Path src = Path.of("java");
        try (Stream<Path> files = Files.walk(src)) {
            for (Path p : files.filter(f -> f.getFileName().toString().equals("package-info.java")).toList()) {
                String pkg = src.relativize(p.getParent()).toString().replace('/', '.');
                Matcher m = MAY_USE.matcher(Files.readString(p));
                assertTrue(m.find(), p + " does not say what the package may use ('<p>May use: a, b.')");
                Set<String> uses = new TreeSet<>();
                for (String u : m.group(1).replaceAll("\\s*\\n\\s*\\*\\s*", " ").split(",\\s*")) {
                    u = u.replaceAll("\\(.*\\)", "").trim();  // "org.spex4j (the registry)": a note
                    if (u.equals("everything")) {
                        uses.add("*");
                    } else if (u.startsWith(ROOT)) {
                        uses.add(u);
                    } else if (!u.startsWith("nothing")) {
                        uses.add(ROOT + "." + u);
                    }
                }
                allowed.put(pkg, uses);
            }
        }
        return allowed;
    }

    @Test
    void everyPackageUsesOnlyWhatItsPackageInfoAllows() throws IOException {
        Map<String, Set<String>> actual = actualGraph(), allowed = declared();
        assertTrue(actual.size() > 10, "jdeps found the packages: " + actual.keySet());
        List<String> problems = new ArrayList<>();
        for (var e : actual.entrySet()) {
            Set<String> ok = allowed.get(e.getKey());
            if (ok == null) {
                problems.add(e.getKey() + " has no package-info.java");
                continue;
            }
            for (String used : e.getValue()) {
                if (!ok.contains("*") && !ok.contains(used)) {
                    problems.add(e.getKey() + " uses " + used + ", which its package-info does not allow");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /**
     * The command line's own dependencies (picocli, the progress bar) are optional in the pom and no logging binding
     * is declared (the command line uses Spark's, provided), so a library user does not get them: only the cli package may use them, and the library logs through the SLF4J API.
     */
    @Test
    void onlyTheCommandLineUsesItsDependencies() throws IOException {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        assertEquals(0, jdeps.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-verbose:package",
                "-filter:none", Path.of("target/classes").toString()));
        List<String> leaks = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[1].equals("->") && f[0].startsWith(ROOT) && !f[0].startsWith(ROOT + ".cli")
                    && f[2].matches("picocli.*|me\\.tongfei.*|org\\.slf4j\\.simple.*")) {
                leaks.add(f[0] + " -> " + f[2]);
            }
        }
        assertTrue(leaks.isEmpty(), String.join("\n", leaks));
        String pom = Files.readString(Path.of("pom.xml"));
        assertTrue(!pom.contains("<artifactId>slf4j-simple</artifactId>"), "no logging binding for library users");
        for (String artifact : new String[] {"picocli", "progressbar"}) {
            assertTrue(Pattern.compile("<artifactId>" + artifact + "</artifactId>\\s*<version>[^<]*</version>\\s*"
                    + "(<!--[^>]*-->\\s*)?<optional>true</optional>").matcher(pom).find(), artifact + " is optional");
        }
    }

    @Test
    void thePackageGraphHasNoCycle() {
        Map<String, Set<String>> g = actualGraph();
        // depth-first search; a grey node reached again closes a cycle
        Map<String, Integer> state = new TreeMap<>();
        for (String p : g.keySet()) {
            List<String> cycle = visit(p, g, state, new ArrayList<>());
            assertTrue(cycle == null, "package cycle: " + cycle);
        }
    }

    private static List<String> visit(String p, Map<String, Set<String>> g, Map<String, Integer> state,
            List<String> path) {
        int s = state.getOrDefault(p, 0);
        if (s == 2) {
            return null;
        }
        path.add(p);
        if (s == 1) {
            return path.subList(path.indexOf(p), path.size());
        }
        state.put(p, 1);
        for (String q : g.getOrDefault(p, Set.of())) {
            List<String> c = visit(q, g, state, path);
            if (c != null) {
                return c;
            }
        }
        state.put(p, 2);
        path.remove(path.size() - 1);
        return null;
    }
}
