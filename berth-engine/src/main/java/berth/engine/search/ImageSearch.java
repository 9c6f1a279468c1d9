package berth.engine.search;

import berth.api.Json;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import berth.api.errors.UnauthorizedException;
import berth.api.errors.UnavailableException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /images/search}. A term without a registry goes to Docker Hub's search API ({@code /v1/search}); a term
 * naming a registry ({@code 127.0.0.1:5000/app}) searches that registry's {@code /v2/_catalog} for repositories whose
 * name contains the rest of the term, and lists each one's tags as its description, since the registry API has no
 * search of its own (Docker cannot search a private registry at all). Every wait is bounded, so an unreachable Hub is
 * a prompt error, never a hang.
 */
public final class ImageSearch {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(15);
    /** Catalog pages read at most, of {@link #PAGE} repositories each. */
    static final int MAX_PAGES = 20;
    static final int PAGE = 1000;
    private static final Set<String> FILTERS = Set.of("is-official", "is-automated", "stars");

    private final URI hub;
    // made on the first search: an HttpClient loads the trust store and keeps a selector thread (issue 11)
    private HttpClient client;

    public ImageSearch() {
        this(URI.create("https://index.docker.io"));
    }

    /** {@code hub}: where Docker Hub's search API answers (tests point it elsewhere). */
    public ImageSearch(URI hub) {
        this.hub = hub;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        return client;
    }

    public List<SearchResult> search(String term, Integer limit, Map<String, List<String>> filters) {
        if (term == null || term.isBlank()) throw new InvalidArgumentException("a search term is required");
        int n = limit == null || limit == 0 ? 25 : limit;
        if (n < 1 || n > 100) throw new InvalidArgumentException("limit " + n + " is outside the range of [1, 100]");
        Filter filter = Filter.of(filters);
        Target target = Target.of(term.strip());
        List<SearchResult> found = target.registry() == null ? hub(target.query(), n) : catalog(target);
        List<SearchResult> out = new ArrayList<>();
        for (SearchResult r : found) {
            if (filter.matches(r)) out.add(r);
            if (out.size() == n) break;
        }
        return out;
    }

    /** The registry a term names (null: Docker Hub) and what to look for in it. */
    record Target(String registry, String query) {
        static Target of(String term) {
            int slash = term.indexOf('/');
            String first = slash < 0 ? "" : term.substring(0, slash);
            boolean registry = first.contains(".") || first.contains(":") || first.equals("localhost");
            if (!registry) return new Target(null, term);
            if (first.equals("docker.io") || first.equals("index.docker.io") || first.equals("registry-1.docker.io")) {
                return new Target(null, term.substring(slash + 1));
            }
            return new Target(first, term.substring(slash + 1));
        }
    }

    record Filter(Boolean official, Boolean automated, int stars) {
        static Filter of(Map<String, List<String>> filters) {
            Boolean official = null;
            Boolean automated = null;
            int stars = 0;
            for (Map.Entry<String, List<String>> e : (filters == null ? Map.<String, List<String>>of() : filters).entrySet()) {
                if (!FILTERS.contains(e.getKey())) throw new InvalidArgumentException("invalid filter '" + e.getKey() + "'");
                for (String v : e.getValue()) {
                    switch (e.getKey()) {
                        case "is-official" -> official = bool(e.getKey(), v);
                        case "is-automated" -> automated = bool(e.getKey(), v);
                        default -> {
                            try {
                                stars = Math.max(stars, Integer.parseInt(v));
                            } catch (NumberFormatException x) {
                                throw new InvalidArgumentException("invalid filter 'stars=" + v + "'");
                            }
                        }
                    }
                }
            }
            return new Filter(official, automated, stars);
        }

        private static boolean bool(String key, String v) {
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "true", "1" -> true;
                case "false", "0" -> false;
                default -> throw new InvalidArgumentException("invalid filter '" + key + "=" + v + "'");
            };
        }

        boolean matches(SearchResult r) {
            return (official == null || r.official() == official) && (automated == null || r.automated() == automated)
                    && r.stars() >= stars;
        }
    }

    private List<SearchResult> hub(String query, int limit) {
        URI uri = hub.resolve("/v1/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&n=" + limit);
        JsonNode body = getJson(uri, "Docker Hub");
        List<SearchResult> out = new ArrayList<>();
        for (JsonNode r : body.path("results")) {
            out.add(new SearchResult(r.path("description").asText(""), r.path("is_official").asBoolean(),
                    r.path("is_automated").asBoolean(), r.path("name").asText(""), r.path("star_count").asLong()));
        }
        return out;
    }

    private List<SearchResult> catalog(Target target) {
        String base = (isLoopback(target.registry()) ? "http://" : "https://") + target.registry();
        String needle = target.query().toLowerCase(Locale.ROOT);
        List<SearchResult> out = new ArrayList<>();
        String last = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String q = "/v2/_catalog?n=" + PAGE + (last == null ? "" : "&last=" + URLEncoder.encode(last, StandardCharsets.UTF_8));
            JsonNode repos = getJson(URI.create(base + q), target.registry()).path("repositories");
            for (JsonNode r : repos) {
                String repo = r.asText();
                last = repo;
                if (!repo.toLowerCase(Locale.ROOT).contains(needle)) continue;
                out.add(new SearchResult(tags(base, target.registry(), repo), false, false,
                        target.registry() + "/" + repo, 0));
            }
            if (repos.size() < PAGE) break;
        }
        return out;
    }

    /** "tags: 1, latest" (the first ten, sorted), Berth's description of a repository of a private registry. */
    private String tags(String base, String registry, String repo) {
        JsonNode tags = getJson(URI.create(base + "/v2/" + repo + "/tags/list"), registry).path("tags");
        List<String> names = new ArrayList<>();
        for (JsonNode t : tags) names.add(t.asText());
        names.sort(null);
        if (names.isEmpty()) return "no tags";
        String shown = String.join(", ", names.subList(0, Math.min(10, names.size())));
        return "tags: " + shown + (names.size() > 10 ? ", … (" + names.size() + ")" : "");
    }

    private JsonNode getJson(URI uri, String who) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(RESPONSE_TIMEOUT).header("Accept", "application/json")
                .GET().build();
        String get = "Get \"" + uri + "\": ";
        try {
            HttpResponse<byte[]> r = client().send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 401 || r.statusCode() == 403) {
                throw new UnauthorizedException(get + who + " refused the request (" + r.statusCode()
                        + "): its catalog needs credentials that search does not send");
            }
            if (r.statusCode() == 404) throw new NotFoundException(get + who + " has no such API (404)");
            if (r.statusCode() != 200) throw new UnavailableException(get + who + " answered " + r.statusCode());
            if (r.body().length > 16 << 20) throw new UnavailableException(get + "the answer is larger than 16 MiB");
            return Json.mapper().readTree(r.body());
        } catch (HttpConnectTimeoutException e) {
            throw new UnavailableException(get + "dial tcp: i/o timeout (no connection within " + CONNECT_TIMEOUT.toSeconds() + "s)");
        } catch (HttpTimeoutException e) {
            throw new UnavailableException(get + "no answer within " + RESPONSE_TIMEOUT.toSeconds() + "s");
        } catch (ConnectException e) {
            throw new UnavailableException(get + (cause(e) instanceof UnknownHostException
                    ? "dial tcp: lookup " + uri.getHost() + ": no such host" : "dial tcp " + uri.getAuthority() + ": connect: connection refused"));
        } catch (IOException e) {
            throw new UnavailableException(get + (cause(e) instanceof UnknownHostException
                    ? "dial tcp: lookup " + uri.getHost() + ": no such host" : String.valueOf(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException(get + "interrupted");
        }
    }

    private static Throwable cause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t;
    }

    private static boolean isLoopback(String hostPort) {
        String host = hostPort.startsWith("[") ? hostPort.substring(1, hostPort.indexOf(']'))
                : hostPort.contains(":") ? hostPort.substring(0, hostPort.lastIndexOf(':')) : hostPort;
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }
}
