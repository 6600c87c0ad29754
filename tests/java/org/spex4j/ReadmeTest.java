package org.spex4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java snippets compile as pasted: their imports are there and the API they call exists. */
class ReadmeTest {
    /** A snippet's statements run in a method with these in scope: the reader's own scoring function, and n. */
    static final String STUBS = "static double[] myScores(org.spex4j.math.MaskBatch batch) { return new double["
            + "batch.rows()]; }\n";

    /** The ```java blocks of the section "Using it from Java". */
    static List<String> snippets() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int from = readme.indexOf("\n## Using it from Java"), to = readme.indexOf("\n## ", from + 1);
        assertTrue(from > 0, "the README has a section 'Using it from Java'");
        Matcher m = Pattern.compile("```java\n([\\s\\S]*?)```").matcher(readme.substring(from, to));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void theJavaSnippetsCompileWithTheirImports(@TempDir Path dir) throws IOException {
        List<String> snippets = snippets();
        assertEquals(3, snippets.size(), "the library, its options, and SPEX on a value function");
        List<JavaFileObject> sources = new ArrayList<>();
        for (int i = 0; i < snippets.size(); i++) {
            StringBuilder imports = new StringBuilder(), body = new StringBuilder();
            for (String line : snippets.get(i).split("\n")) {
                (line.startsWith("import ") ? imports : body).append(line).append('\n');
            }
            String name = "Snippet" + i;
            String code = imports + "class " + name + " {\n" + STUBS + "void run() throws Exception {\n" + body
                    + "}\n}\n";
            sources.add(new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return code;
                }
            });
        }
        // surefire may start the tests from a manifest-only jar: its own property has the real class path
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> problems = new DiagnosticCollector<>();
        boolean ok = javac.getTask(null, null, problems, List.of("-proc:none", "-d", dir.toString(), "-classpath",
                classPath + File.pathSeparator + "target/classes"), null, sources).call();
        assertTrue(ok, problems.getDiagnostics().toString());
    }
}
