package berth.engine.registry;

import berth.api.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code GET /v2/<name>/tags/list}, following the registry's {@code Link: <…>; rel="next"} pages. */
final class TagEndpoints {
    private static final int MAX_PAGE_BYTES = 4 * 1024 * 1024;
    private static final int MAX_PAGES = 1000;
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    private final RegistryTransport transport;

    TagEndpoints(RegistryTransport transport) {
        this.transport = transport;
    }

    List<String> list() throws IOException {
        List<String> tags = new ArrayList<>();
        URI page = transport.uri("tags/list");
        for (int i = 0; page != null; i++) {
            if (i == MAX_PAGES) throw new IOException("the registry lists more than " + MAX_PAGES + " pages of tags");
            URI uri = page;
            HttpResponse<InputStream> r = transport.send("pull", () -> HttpRequest.newBuilder(uri).GET(),
                    HttpResponse.BodyHandlers.ofInputStream());
            InputStream body = transport.guarded(r.body(), "listing tags");
            if (r.statusCode() != 200) throw RegistryErrors.of(r.statusCode(), BoundedBody.readPrefix(body, 64 * 1024));
            JsonNode json = Json.mapper().readTree(BoundedBody.read(body, MAX_PAGE_BYTES, "tag list"));
            for (JsonNode t : json.path("tags")) tags.add(t.asText());
            page = r.headers().firstValue("Link").map(NEXT::matcher).filter(Matcher::find)
                    .map(m -> transport.resolve(m.group(1))).orElse(null);
        }
        return tags;
    }
}
