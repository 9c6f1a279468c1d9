package berth.daemon.route;

import berth.api.Json;
import berth.api.errors.InvalidArgumentException;
import berth.api.model.ProgressMessage;
import berth.daemon.log.ClientMessage;
import berth.engine.build.BuildOutput;
import berth.engine.build.BuildRequest;
import berth.engine.build.BuildSecrets;
import berth.engine.build.BuildService;
import berth.engine.build.BuildStepException;
import berth.engine.registry.Credential;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /build} (Docker's classic builder protocol: the context tar as the body, JSON progress lines back;
 * {@code POST /build/prune} is in {@link PruneRoutes}). Every parameter of Docker's API is either applied or refused with a 400 naming it,
 * before the context is read.
 */
public final class BuildRoutes {
    private final BuildService builder;

    public BuildRoutes(BuildService builder) {
        this.builder = builder;
    }

    public List<Route> routes() {
        return List.of(
                Route.post("/build", this::build)
                        .query("t", "dockerfile", "buildargs", "target", "nocache", "pull", "labels", "rm", "forcerm",
                                "q", "networkmode", "extrahosts", "platform", "cachefrom", "shmsize", "ulimits",
                                "memory", "memswap", "cpushares", "cpusetcpus", "cpusetmems", "cpuperiod", "cpuquota",
                                "version", "explain")
                        .refuses("remote", null).refuses("squash", "false").refuses("isolation", "default")
                        .refuses("cgroupparent", null).refuses("session", null).refuses("outputs", null));
    }

    void build(Request request, Response response) throws IOException {
        BuildRequest options = options(request);
        Stream stream = new Stream(response);
        try {
            builder.build(options, request.body(), stream);
        } catch (BuildStepException e) {
            stream.fail(e.getMessage(), e.code());
            return;
        } catch (RuntimeException e) {
            if (!stream.started()) throw e;
            stream.fail(ClientMessage.of(e), 0);
            return;
        }
        stream.finish();
    }

    /** The request's parameters, checked: anything Berth would not apply is a 400 here, before the body is read. */
    static BuildRequest options(Request request) {
        String version = request.query("version");
        if (version != null && !version.isEmpty() && !version.equals("1")) {
            throw new InvalidArgumentException("query parameter 'version' is not supported by Berth (got \"" + version
                    + "\"): only the classic builder (version 1) is available");
        }
        if (request.query("rm") != null && !request.query("rm").isEmpty() && !request.bool("rm")) {
            throw new InvalidArgumentException("query parameter 'rm' is not supported by Berth (got \"" + request.query("rm")
                    + "\"): build step containers are always removed");
        }
        String platform = request.query("platform");
        if (platform != null && !platform.isEmpty() && !platform.equals("linux/amd64") && !platform.equals("linux")) {
            throw new InvalidArgumentException("query parameter 'platform' is not supported by Berth (got \"" + platform
                    + "\"): builds are for linux/amd64 only");
        }
        List<String> cacheFrom = cacheFrom(request.query("cachefrom"));
        Map<String, Object> host = new LinkedHashMap<>();
        String network = request.query("networkmode");
        if (network != null && !network.isEmpty()) host.put("NetworkMode", network);
        List<String> extraHosts = new ArrayList<>();
        for (String v : request.queryAll("extrahosts")) {
            for (String h : v.split(",")) if (!h.isBlank()) extraHosts.add(h.strip());
        }
        if (!extraHosts.isEmpty()) host.put("ExtraHosts", extraHosts);
        number(request, "shmsize", "ShmSize", host);
        number(request, "memory", "Memory", host);
        number(request, "memswap", "MemorySwap", host);
        number(request, "cpushares", "CpuShares", host);
        number(request, "cpuperiod", "CpuPeriod", host);
        number(request, "cpuquota", "CpuQuota", host);
        text(request, "cpusetcpus", "CpusetCpus", host);
        text(request, "cpusetmems", "CpusetMems", host);
        String ulimits = request.query("ulimits");
        if (ulimits != null && !ulimits.isBlank() && !ulimits.equals("null") && !ulimits.equals("[]")) {
            host.put("Ulimits", json(ulimits, "ulimits", new TypeReference<List<Map<String, Object>>>() {}));
        }
        Map<String, String> buildArgs = jsonMap(request.query("buildargs"), "buildargs");
        Map<String, String> labels = jsonMap(request.query("labels"), "labels");
        return new BuildRequest(request.query("dockerfile"), request.queryAll("t").stream().filter(t -> !t.isEmpty()).toList(),
                buildArgs, request.query("target"), request.bool("nocache"), request.bool("pull"), labels,
                request.bool("q"), request.bool("explain"), host, credentials(request.header("X-Registry-Config")),
                BuildSecrets.fromHeader(request.header(BuildSecrets.HEADER)), cacheFrom);
    }

    /** {@code cachefrom}: a JSON array of image names, as the docker CLI sends {@code --cache-from}. */
    static List<String> cacheFrom(String text) {
        if (text == null || text.isBlank() || text.equals("null")) return List.of();
        List<String> names = json(text, "cachefrom", new TypeReference<List<String>>() {});
        if (names == null) return List.of();
        return names.stream().filter(n -> n != null && !n.isBlank()).map(String::strip).toList();
    }

    private static void number(Request request, String name, String field, Map<String, Object> host) {
        String v = request.query(name);
        if (v == null || v.isEmpty()) return;
        try {
            long n = Long.parseLong(v.strip());
            if (n != 0) host.put(field, n);
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("invalid value for " + name + ": " + v);
        }
    }

    private static void text(Request request, String name, String field, Map<String, Object> host) {
        String v = request.query(name);
        if (v != null && !v.isEmpty()) host.put(field, v);
    }

    private static Map<String, String> jsonMap(String text, String name) {
        if (text == null || text.isBlank() || text.equals("null")) return Map.of();
        Map<String, String> m = json(text, name, new TypeReference<LinkedHashMap<String, String>>() {});
        return m == null ? Map.of() : m;
    }

    private static <T> T json(String text, String name, TypeReference<T> type) {
        try {
            return Json.mapper().readValue(text, type);
        } catch (IOException e) {
            throw new InvalidArgumentException("invalid value for " + name + ": " + e.getMessage());
        }
    }

    /** X-Registry-Config: base64 JSON of registry → auth config; each entry becomes a credential for pulls. */
    static Map<String, Credential> credentials(String header) {
        if (header == null || header.isBlank()) return Map.of();
        Map<String, Map<String, Object>> all;
        try {
            byte[] raw = Base64.getUrlDecoder().decode(header.strip().replace('+', '-').replace('/', '_').replace("=", ""));
            all = Json.mapper().readValue(raw, new TypeReference<LinkedHashMap<String, Map<String, Object>>>() {});
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidArgumentException("invalid X-Registry-Config header: " + e.getMessage());
        }
        Map<String, Credential> out = new LinkedHashMap<>();
        if (all == null) return out;
        for (Map.Entry<String, Map<String, Object>> e : all.entrySet()) {
            try {
                String one = Base64.getUrlEncoder().encodeToString(Json.mapper().writeValueAsBytes(e.getValue()));
                Credential.fromHeader(one).ifPresent(c -> out.put(e.getKey(), c));
            } catch (IOException ex) {
                throw new InvalidArgumentException("invalid X-Registry-Config entry for " + e.getKey());
            }
        }
        return out;
    }

    /**
     * The JSON-lines body, started by the first message: an error before it is a plain HTTP error, as dockerd does
     * for a bad Dockerfile; after it, an error line ({@code errorDetail}, with the failing command's exit code).
     */
    private static final class Stream implements BuildOutput {
        private final Response response;
        private ChunkedOutput out;

        Stream(Response response) {
            this.response = response;
        }

        synchronized boolean started() {
            return out != null;
        }

        private synchronized void write(Object message) {
            try {
                if (out == null) out = response.stream(200, "application/json");
                out.writeJsonLine(message);
            } catch (IOException e) {
                throw new UncheckedIOException("client went away", e);
            }
        }

        @Override
        public void stream(String text) {
            write(Map.of("stream", text));
        }

        @Override
        public void progress(ProgressMessage message) {
            write(message);
        }

        @Override
        public void aux(String imageId) {
            write(Map.of("aux", Map.of("ID", imageId)));
        }

        @Override
        public boolean isOpen() {
            return response.isOpen();
        }

        synchronized void fail(String message, int code) throws IOException {
            if (out == null) out = response.stream(200, "application/json");
            if (!out.isOpen()) return;
            Map<String, Object> detail = new LinkedHashMap<>();
            if (code != 0) detail.put("code", code);
            detail.put("message", message);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("errorDetail", detail);
            line.put("error", message);
            try {
                out.writeJsonLine(line);
            } catch (IOException e) {
                // the client left while we reported the failure
            }
            out.close();
        }

        synchronized void finish() throws IOException {
            if (out == null) out = response.stream(200, "application/json");
            out.close();
        }
    }
}
