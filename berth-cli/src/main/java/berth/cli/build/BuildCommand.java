package berth.cli.build;

import berth.api.Json;
import berth.cli.CliError;
import berth.cli.Verb;
import berth.client.EngineClient;
import berth.client.Response;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "build", description = "Build an image from a Dockerfile and a context directory")
public final class BuildCommand extends Verb {
    /** berthd's header for build secrets (Berth's own: the classic builder API has no way to send them). */
    private static final String SECRETS_HEADER = "X-Berth-Build-Secrets";
    private static final Pattern STEP_END = Pattern.compile(" ---> [0-9a-f]{12}\n");

    @Option(names = {"-t", "--tag"}, description = "Name and optionally a tag for the image (name:tag); may be repeated") List<String> tags = new ArrayList<>();
    @Option(names = {"-f", "--file"}, description = "The Dockerfile, relative to the context (default PATH/Dockerfile); - reads it from stdin") String file;
    @Option(names = "--build-arg", description = "A build-time variable, NAME=value (NAME alone takes it from the environment)") List<String> buildArgs = new ArrayList<>();
    @Option(names = "--target", description = "The stage to build (and the stages it needs)") String target;
    @Option(names = "--no-cache", description = "Run every step, using no cached result") boolean noCache;
    @Option(names = "--pull", description = "Pull base images even when they are present") boolean pull;
    @Option(names = "--label", description = "A label for the image, key=value; may be repeated") List<String> labels = new ArrayList<>();
    @Option(names = {"-q", "--quiet"}, description = "Print only the image ID") boolean quiet;
    @Option(names = "--iidfile", description = "Write the image ID to this file") String iidFile;
    @Option(names = "--network", description = "The network of RUN steps (default, none, host, a network name)") String network;
    @Option(names = "--add-host", description = "A host-to-IP mapping for RUN steps, host:ip; may be repeated") List<String> addHosts = new ArrayList<>();
    @Option(names = "--secret", description = "A secret for RUN --mount=type=secret: id=ID[,src=FILE | ,env=VAR]; sent beside the context, never part of it; may be repeated") List<String> secrets = new ArrayList<>();
    @Option(names = "--cache-from", split = ",", description = "An image whose layers steps may reuse when they match its history (after the daemon's own step cache); may be repeated") List<String> cacheFrom = new ArrayList<>();
    @Option(names = "--explain", description = "For each step that misses the cache, say why (Berth's own)") boolean explain;
    @Parameters(index = "0", paramLabel = "PATH | -") String context;

    @Override
    protected int run() throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (String a : buildArgs) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                String env = System.getenv(a);
                if (env != null) args.put(a, env);
            } else {
                args.put(a.substring(0, eq), a.substring(eq + 1));
            }
        }
        Map<String, String> labelMap = new LinkedHashMap<>();
        for (String l : labels) {
            int eq = l.indexOf('=');
            labelMap.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
        }
        String dockerfile = file;
        Object body; // stdin as it comes, or the context directory written as a tar
        if (context.equals("-")) {
            if ("-".equals(file)) throw new CliError("invalid argument: can't use stdin for both build context and dockerfile", 1);
            body = System.in;
        } else {
            Path dir = Path.of(context);
            if (!Files.isDirectory(dir)) throw new CliError("unable to prepare context: path \"" + context + "\" not found", 1);
            String extraName = null;
            byte[] extra = null;
            if ("-".equals(file)) {
                extra = System.in.readAllBytes();
                extraName = ".dockerfile." + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
                dockerfile = extraName;
            } else if (file != null) {
                // -f names a file; the daemon wants its path inside the context
                Path f = Path.of(file);
                Path abs = f.isAbsolute() ? f : Path.of("").toAbsolutePath().resolve(f).normalize();
                Path root = dir.toAbsolutePath().normalize();
                if (abs.startsWith(root)) {
                    dockerfile = root.relativize(abs).toString();
                } else if (Files.isRegularFile(abs)) {
                    extra = Files.readAllBytes(abs);
                    extraName = ".dockerfile." + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
                    dockerfile = extraName;
                } else {
                    throw new CliError("unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat "
                            + abs + ": no such file or directory", 1);
                }
            }
            body = ContextTar.of(dir, extraName, extra);
        }
        String q = EngineClient.query(EngineClient.params(
                "t", tags.isEmpty() ? null : tags, "dockerfile", dockerfile,
                "buildargs", args.isEmpty() ? null : Json.mapper().writeValueAsString(args),
                "target", target, "nocache", noCache ? "1" : null, "pull", pull ? "1" : null,
                "labels", labelMap.isEmpty() ? null : Json.mapper().writeValueAsString(labelMap),
                "q", quiet ? "1" : null, "networkmode", network,
                "extrahosts", addHosts.isEmpty() ? null : String.join(",", addHosts),
                "cachefrom", cacheFrom.isEmpty() ? null : Json.mapper().writeValueAsString(cacheFrom),
                "explain", explain ? "1" : null, "version", "1"));
        Map<String, String> headers = secrets.isEmpty() ? Map.of() : Map.of(SECRETS_HEADER, BuildSecretFlags.header(secrets));
        String imageId = null;
        StringBuilder quietOut = new StringBuilder();
        long stepStart = System.nanoTime();
        boolean cached = false;
        try (Response r = client().send("POST", "/build" + q, headers, body).check();
             MappingIterator<JsonNode> it = Json.mapper().readerFor(JsonNode.class).readValues(r.body())) {
            while (it.hasNextValue()) {
                JsonNode m = it.nextValue();
                if (m.hasNonNull("errorDetail") || m.hasNonNull("error")) {
                    String message = m.hasNonNull("error") ? m.get("error").asText() : m.get("errorDetail").path("message").asText();
                    int code = m.path("errorDetail").path("code").asInt(0);
                    if (quiet) err.print(quietOut);
                    throw new CliError(message, code == 0 ? 1 : code);
                }
                if (m.has("aux") && m.get("aux").hasNonNull("ID")) imageId = m.get("aux").get("ID").asText();
                if (m.hasNonNull("stream")) {
                    String text = m.get("stream").asText();
                    if (quiet) {
                        quietOut.append(text);
                        continue;
                    }
                    if (text.startsWith("Step ")) {
                        stepStart = System.nanoTime();
                        cached = false;
                    }
                    if (text.equals(" ---> Using cache\n")) cached = true;
                    if (STEP_END.matcher(text).matches() && !cached) {
                        out.printf("%s (%.2fs)%n", text.stripTrailing(), (System.nanoTime() - stepStart) / 1e9);
                    } else {
                        out.print(text);
                    }
                } else if (m.hasNonNull("status") && !quiet) {
                    String id = m.hasNonNull("id") ? m.get("id").asText() + ": " : "";
                    out.println(id + m.get("status").asText());
                }
            }
        }
        // a quiet build's only text is its image ID (dockerd sends no aux message then)
        if (quiet && imageId == null && quietOut.toString().strip().startsWith("sha256:")) imageId = quietOut.toString().strip();
        if (quiet && imageId != null) out.println(imageId);
        if (iidFile != null && imageId != null) Files.writeString(Path.of(iidFile), imageId, StandardCharsets.UTF_8);
        return 0;
    }

    @SuppressWarnings("unused")
    private static InputStream bytes(byte[] b) {
        return new ByteArrayInputStream(b);
    }
}
