package org.spex4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spex4j.kernels.Kernels;
import org.spex4j.model.Models;
import org.spex4j.model.TextModel;
import org.spex4j.patchscopes.LayerSweep;
import org.spex4j.patchscopes.NextTokens;
import org.spex4j.patchscopes.Patchscope;
import org.spex4j.patchscopes.SweepTable;
import org.spex4j.patchscopes.TokenIdentity.Expected;
import org.spex4j.patchscopes.TokenIdentity.TargetPrompt;
import org.spex4j.patchscopes.TokenIdentity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spex patchscope}: decode a hidden state of a decoder by patching it into a target prompt. */
@Command(name = "patchscope", mixinStandardHelpOptions = true,
        description = {"Patchscopes (arXiv 2401.06102): reads what a decoder's hidden state encodes.",
            "Writes the hidden state at (source layer, position) of a source "
                + "prompt over the hidden state at (target layer, position) of a target prompt, and reads the "
                + "next-token distribution (or decodes greedily, patching at prefill only).",
            "Layers: 0 = embedding output, l = output of block l, L = last block. Positions count tokens from 0 (BOS); "
                + "negative ones count from the end (-1 = last).",
            "Examples:",
            "  ./spex patchscope --source-prompt \"Lily went to the park.\" \\",
            "      --position 3 --source-layer 2",
            "  ./spex patchscope --logit-lens --source-prompt \"Lily went home.\"",
            "  ./spex patchscope --sweep --expect next-token --html sweep.html"})
final class PatchscopeCommand implements Callable<Integer> {

    @Option(names = "--model", defaultValue = "stories260k", paramLabel = "NAME|PATH",
            description = "stories260k (default), or a Llama directory/llama2.c checkpoint (see 'spex models')")
    String model;

    @Option(names = "--source-prompt", paramLabel = "TEXT",
            description = "the source prompt (with --sweep: default the built-in story sentences)")
    String sourcePrompt;

    @Option(names = "--position", paramLabel = "I",
            description = "source position (default -1, the last token; with --sweep: every non-final position)")
    Integer position;

    @Option(names = "--source-layer", paramLabel = "L", description = "source layer 0..L (default L)")
    Integer sourceLayer;

    @Option(names = "--target-prompt", paramLabel = "TEXT",
            description = "the target prompt (default: the token-identity prompt \"" + TokenIdentity.FEW_SHOT
                    + "\", followed by ',' for --expect source-token, patched at its '?')")
    String targetPrompt;

    @Option(names = "--target-position", paramLabel = "I",
            description = "target position (default: the '?' of the default prompt, else -1)")
    Integer targetPosition;

    @Option(names = "--target-layer", paramLabel = "L", description = "target layer 0..L (default: the source layer)")
    Integer targetLayer;

    @Option(names = "--expect", defaultValue = "source-token", paramLabel = "source-token|next-token",
            description = "what the patched prediction should be: the source token (default) or the model's own "
                    + "next-token prediction at the source position (the paper's metric); picks the default target")
    String expect;

    @Option(names = "--sweep", description = "every (source layer, target layer) pair: Precision@1 and surprisal")
    boolean sweep;

    @Option(names = "--logit-lens", description = "the logit lens at every layer (target = source, last layer)")
    boolean logitLens;

    @Option(names = "--top", defaultValue = "5", paramLabel = "K", description = "tokens shown (default 5)")
    int top;

    @Option(names = "--steps", defaultValue = "0", paramLabel = "N",
            description = "also decode N tokens greedily (patch at prefill only, KV cache)")
    int steps;

    @Mixin
    DeviceOptions run = new DeviceOptions();

    @Option(names = "--json", description = "print only JSON on stdout")
    boolean json;

    @Option(names = "--html", paramLabel = "PATH", description = "write a self-contained HTML page")
    Path html;

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public Integer call() throws IOException {
        if (top < 1) {
            throw new UsageException("--top must be >= 1, got " + top);
        }
        if (steps < 0) {
            throw new UsageException("--steps must be >= 0, got " + steps);
        }
        if (sweep && logitLens) {
            throw new UsageException("--sweep and --logit-lens are separate modes; choose one");
        }
        if (sourcePrompt != null && sourcePrompt.isBlank()) {
            throw new UsageException("--source-prompt is empty");
        }
        if (targetPrompt != null && targetPrompt.isBlank()) {
            throw new UsageException("--target-prompt is empty");
        }
        if (!sweep && sourcePrompt == null) {
            throw new UsageException("--source-prompt is required (or use --sweep for the built-in sentences)");
        }
        Expected expected = Expected.parse(expect);
        OutputFile.requireWritable(html, "--html");
        Kernels.Device where = run.device();
        run.applyModelThreads();
        try (TextModel loaded = Models.load(model, where)) {
            Patchscope scope = new Patchscope(Models.llama(loaded));
            if (sweep) {
                return sweep(scope, loaded.name(), expected);
            }
            if (logitLens) {
                return lens(scope, loaded.name());
            }
            return single(scope, loaded.name());
        }
    }

    private TargetPrompt targetPrompt(Patchscope scope, Expected expected) {
        if (targetPrompt == null) {
            TargetPrompt t = TokenIdentity.target(scope, expected);
            return targetPosition == null ? t : new TargetPrompt(t.ids(), Patchscope.resolvePosition(targetPosition,
                    t.ids().length, "target position"), t.text());
        }
        int[] ids = scope.encode(targetPrompt, "target prompt");
        int p = Patchscope.resolvePosition(targetPosition == null ? -1 : targetPosition, ids.length,
                "target position");
        return new TargetPrompt(ids, p, targetPrompt);
    }

    // ------------------------------------------------------------------------------------------------ one patch

    private int single(Patchscope scope, String modelName) throws IOException {
        int[] src = scope.encode(sourcePrompt, "source prompt");
        int ls = scope.checkLayer(sourceLayer == null ? scope.layers() : sourceLayer, "source layer");
        int lt = scope.checkLayer(targetLayer == null ? ls : targetLayer, "target layer");
        TargetPrompt tp = targetPrompt(scope, Expected.parse(expect));
        int i = Patchscope.resolvePosition(position == null ? -1 : position, src.length, "source position");
        Patchscope.Result r = scope.inspect(new Patchscope.Request(src, i, ls, null, tp.ids(), tp.position(), lt));
        Patchscope.Decoded decoded = steps > 0 ? scope.generate(r.target(), r.patched(), steps, true) : null;

        ObjectNode j = mapper.createObjectNode();
        j.put("model", modelName);
        j.put("layers", scope.layers());
        ObjectNode s = j.putObject("source");
        s.put("prompt", sourcePrompt);
        s.put("position", i);
        s.put("token", scope.tokenText(r.sourceToken()));
        s.put("token_id", r.sourceToken());
        s.put("layer", ls);
        s.set("next_tokens", candidates(scope, r.sourceNext()));
        ObjectNode t = j.putObject("target");
        t.put("prompt", tp.text());
        t.put("position", tp.position());
        t.put("token", scope.tokenText(tp.ids()[tp.position()]));
        t.put("layer", lt);
        j.set("next_tokens", candidates(scope, r.next()));
        j.put("source_token_surprisal", r.next().surprisal(r.sourceToken()));
        if (decoded != null) {
            j.put("generated", scope.text(decoded.tokens()));
            ArrayNode ids = j.putArray("generated_ids");
            for (int id : decoded.tokens()) {
                ids.add(id);
            }
        }
        if (html != null) {
            write(singleHtml(scope, j, r));
        }
        if (json) {
            System.out.println(mapper.writeValueAsString(j));
            return 0;
        }
        System.out.printf("Patchscope on %s (layers 0..%d: 0 = embedding output, l = output of block l)%n", modelName,
                scope.layers());
        System.out.printf("source: \"%s\"  position %d %s  layer %d%n", sourcePrompt, i,
                quote(scope.tokenText(r.sourceToken())), ls);
        System.out.printf("target: \"%s\"  position %d %s  layer %d%n", tp.text(), tp.position(),
                quote(scope.tokenText(tp.ids()[tp.position()])), lt);
        System.out.println();
        System.out.println("patched next-token distribution (target's last position):");
        printTop(scope, r.next());
        System.out.printf("surprisal of the source token %s: %.3f nats%n", quote(scope.tokenText(r.sourceToken())),
                r.next().surprisal(r.sourceToken()));
        System.out.println();
        System.out.println("the model's own next-token distribution at the source position:");
        printTop(scope, r.sourceNext());
        if (decoded != null) {
            System.out.printf("%ngreedy continuation (%d steps, patch at prefill only): %s%n", steps,
                    quote(scope.text(decoded.tokens())));
        }
        if (html != null) {
            System.out.println("HTML: " + html);
        }
        return 0;
    }

    // ------------------------------------------------------------------------------------------------ logit lens

    private int lens(Patchscope scope, String modelName) throws IOException {
        int[] src = scope.encode(sourcePrompt, "source prompt");
        int i = Patchscope.resolvePosition(position == null ? -1 : position, src.length, "source position");
        ObjectNode j = mapper.createObjectNode();
        j.put("model", modelName);
        j.put("source_prompt", sourcePrompt);
        j.put("position", i);
        j.put("token", scope.tokenText(src[i]));
        ArrayNode layers = j.putArray("logit_lens");
        List<NextTokens> per = new ArrayList<>();
        for (int l = 0; l <= scope.layers(); l++) {
            NextTokens n = scope.logitLens(src, i, l);
            per.add(n);
            ObjectNode o = layers.addObject();
            o.put("layer", l);
            o.set("next_tokens", candidates(scope, n));
        }
        if (html != null) {
            write(page("Logit lens", "<p>" + esc("\"" + sourcePrompt + "\", position " + i + " "
                    + quote(scope.tokenText(src[i]))) + "</p>" + lensTable(scope, per)));
        }
        if (json) {
            System.out.println(mapper.writeValueAsString(j));
            return 0;
        }
        System.out.printf("Logit lens on %s: \"%s\", position %d %s%n", modelName, sourcePrompt, i,
                quote(scope.tokenText(src[i])));
        for (int l = 0; l < per.size(); l++) {
            StringBuilder b = new StringBuilder();
            for (NextTokens.Candidate c : per.get(l).top(top)) {
                b.append(String.format(Locale.ROOT, "  %s %.3f", quote(scope.tokenText(c.token())),
                        c.probability()));
            }
            System.out.printf("layer %d:%s%n", l, b);
        }
        if (html != null) {
            System.out.println("HTML: " + html);
        }
        return 0;
    }

    // ------------------------------------------------------------------------------------------------ sweep

    private int sweep(Patchscope scope, String modelName, Expected expected) throws IOException {
        if (sourceLayer != null || targetLayer != null) {
            throw new UsageException("--sweep covers every source and target layer; drop --source-layer and "
                    + "--target-layer");
        }
        List<TokenIdentity.Sample> samples;
        if (sourcePrompt == null) {
            if (position != null) {
                throw new UsageException("--position needs --source-prompt (the built-in sentences use every "
                        + "non-final position)");
            }
            samples = TokenIdentity.samples(scope, TokenIdentity.SENTENCES);
        } else if (position == null) {
            samples = TokenIdentity.samples(scope, List.of(sourcePrompt));
        } else {
            int[] src = scope.encode(sourcePrompt, "source prompt");
            int i = Patchscope.resolvePosition(position, src.length, "source position");
            if (i == 0) {
                throw new UsageException("--position 0 is BOS; sweep a real token (1.." + (src.length - 1) + ")");
            }
            samples = List.of(new TokenIdentity.Sample(src, i));
        }
        SweepTable table = LayerSweep.run(scope, samples, targetPrompt(scope, expected), expected, null);
        if (html != null) {
            write(table.toHtml("Patchscope sweep on " + modelName));
        }
        if (json) {
            ObjectNode j = table.toJson(mapper);
            j.put("model", modelName);
            System.out.println(mapper.writeValueAsString(j));
            return 0;
        }
        System.out.printf("Patchscope sweep on %s (layers 0..%d: 0 = embedding output, l = output of block l)%n%n",
                modelName, scope.layers());
        System.out.print(table.toMarkdown());
        if (html != null) {
            System.out.println("\nHTML: " + html);
        }
        return 0;
    }

    // ------------------------------------------------------------------------------------------------ output

    private ArrayNode candidates(Patchscope scope, NextTokens n) {
        ArrayNode a = mapper.createArrayNode();
        for (NextTokens.Candidate c : n.top(top)) {
            ObjectNode o = a.addObject();
            o.put("token", scope.tokenText(c.token()));
            o.put("id", c.token());
            o.put("probability", c.probability());
        }
        return a;
    }

    private void printTop(Patchscope scope, NextTokens n) {
        for (NextTokens.Candidate c : n.top(top)) {
            System.out.printf(Locale.ROOT, "  %.4f  %-12s [%d]%n", c.probability(), quote(scope.tokenText(c.token())),
                    c.token());
        }
    }

    private String singleHtml(Patchscope scope, ObjectNode j, Patchscope.Result r) {
        StringBuilder b = new StringBuilder();
        b.append("<p>").append(esc("source: \"" + sourcePrompt + "\", position " + j.get("source").get("position")
                + " " + quote(scope.tokenText(r.sourceToken())) + ", layer " + j.get("source").get("layer")));
        b.append("<br>").append(esc("target: \"" + j.get("target").get("prompt").asText() + "\", position "
                + j.get("target").get("position") + ", layer " + j.get("target").get("layer"))).append("</p>");
        b.append("<h2>Patched next-token distribution</h2>").append(topTable(scope, r.next()));
        b.append("<h2>The model's own next-token distribution at the source position</h2>")
                .append(topTable(scope, r.sourceNext()));
        if (j.has("generated")) {
            b.append("<h2>Greedy continuation</h2><p><code>").append(esc(j.get("generated").asText()))
                    .append("</code></p>");
        }
        return page("Patchscope", b.toString());
    }

    private String topTable(Patchscope scope, NextTokens n) {
        StringBuilder b = new StringBuilder("<table><tr><th>token</th><th>id</th><th>probability</th></tr>");
        for (NextTokens.Candidate c : n.top(top)) {
            int w = (int) Math.round(200 * c.probability());
            b.append("<tr><td><code>").append(esc(quote(scope.tokenText(c.token())))).append("</code></td><td>")
                    .append(c.token()).append("</td><td><span style=\"display:inline-block;background:#4a90d9;"
                            + "height:.8em;width:").append(w).append("px\"></span> ")
                    .append(String.format(Locale.ROOT, "%.4f", c.probability())).append("</td></tr>");
        }
        return b.append("</table>").toString();
    }

    private String lensTable(Patchscope scope, List<NextTokens> per) {
        StringBuilder b = new StringBuilder("<table><tr><th>layer</th><th>top tokens</th></tr>");
        for (int l = 0; l < per.size(); l++) {
            b.append("<tr><td>").append(l).append("</td><td>");
            for (NextTokens.Candidate c : per.get(l).top(top)) {
                b.append("<code>").append(esc(quote(scope.tokenText(c.token())))).append("</code> ")
                        .append(String.format(Locale.ROOT, "%.3f", c.probability())).append(" &nbsp; ");
            }
            b.append("</td></tr>");
        }
        return b.append("</table>").toString();
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title><style>"
                + "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
                + "padding:.3em .6em;text-align:left}</style></head><body>\n<h1>" + esc(title) + "</h1>\n" + body
                + "\n</body></html>\n";
    }

    private void write(String page) {
        OutputFile.write(html, page, "--html");
    }

    private static String quote(String token) {
        return "\"" + token.replace("\n", "\\n") + "\"";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
