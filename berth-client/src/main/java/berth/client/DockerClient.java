package berth.client;

import berth.api.Json;
import berth.api.model.ContainerCreateRequest;
import berth.api.model.ContainerInspect;
import berth.api.model.ContainerSummary;
import berth.api.model.EventMessage;
import berth.api.model.IdResponse;
import berth.api.model.ImageDeleteItem;
import berth.api.model.ImageHistoryItem;
import berth.api.model.ImageInspect;
import berth.api.model.ImageSummary;
import berth.api.model.ProgressMessage;
import berth.api.model.SystemInfo;
import berth.api.model.VersionInfo;
import berth.api.model.WaitResponse;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Typed Engine API operations over an {@link EngineClient}, named after the API's operationIds. Errors are the
 * berth.api.errors kinds with the daemon's message. The CLI renders raw JSON and uses {@link EngineClient} directly;
 * this is for Java callers (tests, tools) that want the wire records.
 */
public final class DockerClient {
    private final EngineClient http;

    public DockerClient(EngineClient http) {
        this.http = http;
    }

    /** A client for -H/$BERTH_HOST/$DOCKER_HOST/the default socket, in that order. */
    public static DockerClient fromEnvironment(String hostFlag) {
        return new DockerClient(new EngineClient(Host.parse(Host.select(hostFlag, System.getenv()))));
    }

    public EngineClient http() {
        return http;
    }

    public VersionInfo systemVersion() throws IOException {
        return http.call("GET", "/version", null).as(VersionInfo.class);
    }

    public SystemInfo systemInfo() throws IOException {
        return http.call("GET", "/info", null).as(SystemInfo.class);
    }

    public List<ContainerSummary> containerList(boolean all, String filtersJson) throws IOException {
        String q = EngineClient.query(EngineClient.params("all", all ? 1 : null, "filters", filtersJson));
        return list(http.call("GET", "/containers/json" + q, null), ContainerSummary.class);
    }

    public IdResponse containerCreate(ContainerCreateRequest request, String name) throws IOException {
        String q = EngineClient.query(EngineClient.params("name", name));
        return http.call("POST", "/containers/create" + q, request).as(IdResponse.class);
    }

    public ContainerInspect containerInspect(String id) throws IOException {
        return http.call("GET", "/containers/" + id + "/json", null).as(ContainerInspect.class);
    }

    public void containerStart(String id) throws IOException {
        http.call("POST", "/containers/" + id + "/start", null).close();
    }

    public void containerStop(String id, Integer timeoutSeconds) throws IOException {
        http.call("POST", "/containers/" + id + "/stop" + EngineClient.query(EngineClient.params("t", timeoutSeconds)), null).close();
    }

    public void containerKill(String id, String signal) throws IOException {
        http.call("POST", "/containers/" + id + "/kill" + EngineClient.query(EngineClient.params("signal", signal)), null).close();
    }

    public void containerDelete(String id, boolean force, boolean volumes) throws IOException {
        String q = EngineClient.query(EngineClient.params("force", force ? 1 : null, "v", volumes ? 1 : null));
        http.call("DELETE", "/containers/" + id + q, null).close();
    }

    /** Blocks until the condition ("next-exit", "removed", "not-running") holds. */
    public WaitResponse containerWait(String id, String condition) throws IOException {
        String q = EngineClient.query(EngineClient.params("condition", condition));
        return http.call("POST", "/containers/" + id + "/wait" + q, null).as(WaitResponse.class);
    }

    public List<ImageSummary> imageList(boolean all) throws IOException {
        return list(http.call("GET", "/images/json" + EngineClient.query(EngineClient.params("all", all ? 1 : null)), null),
                ImageSummary.class);
    }

    public ImageInspect imageInspect(String name) throws IOException {
        return http.call("GET", "/images/" + name + "/json", null).as(ImageInspect.class);
    }

    public List<ImageHistoryItem> imageHistory(String name) throws IOException {
        return list(http.call("GET", "/images/" + name + "/history", null), ImageHistoryItem.class);
    }

    public List<ImageDeleteItem> imageDelete(String name, boolean force, boolean noPrune) throws IOException {
        String q = EngineClient.query(EngineClient.params("force", force ? 1 : null, "noprune", noPrune ? 1 : null));
        return list(http.call("DELETE", "/images/" + name + q, null), ImageDeleteItem.class);
    }

    public void imageTag(String source, String repository, String tag) throws IOException {
        String q = EngineClient.query(EngineClient.params("repo", repository, "tag", tag));
        http.call("POST", "/images/" + source + "/tag" + q, null).close();
    }

    /** Pulls repository:tag, handing each progress message to {@code progress} as it arrives. */
    public void imageCreate(String repository, String tag, Consumer<ProgressMessage> progress) throws IOException {
        String q = EngineClient.query(EngineClient.params("fromImage", repository, "tag", tag));
        try (Response r = http.send("POST", "/images/create" + q, Map.of("X-Registry-Auth", "e30="), null).check()) {
            stream(r, ProgressMessage.class, progress);
        }
    }

    /** Streams events until the daemon ends the stream (an until bound) or the consumer throws. */
    public void systemEvents(String filtersJson, String since, String until, Consumer<EventMessage> events) throws IOException {
        String q = EngineClient.query(EngineClient.params("filters", filtersJson, "since", since, "until", until));
        try (Response r = http.send("GET", "/events" + q, Map.of(), null).check()) {
            stream(r, EventMessage.class, events);
        }
    }

    private static <T> List<T> list(Response r, Class<T> item) throws IOException {
        JavaType type = Json.mapper().getTypeFactory().constructCollectionType(List.class, item);
        try (r) {
            return Json.mapper().readValue(r.body(), type);
        }
    }

    /** JSON objects one after another (lines, or concatenated), decoded as they arrive. */
    static <T> void stream(Response r, Class<T> type, Consumer<T> sink) throws IOException {
        try (MappingIterator<T> it = Json.mapper().readerFor(type).readValues(r.body())) {
            while (it.hasNextValue()) sink.accept(it.nextValue());
        }
    }
}
