package berth.daemon.route;

import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the route for a method and a (version-stripped) path; the first matching entry wins. A staged router answers
 * its own few routes at once and hands every other request to a router that is still being built (berthd binds its
 * socket before the engine has opened the store): those requests wait until it is there.
 */
public final class Router {
    private static final Pattern GROUP = Pattern.compile("\\{(\\w+)\\*?}");

    private final List<Route> routes;
    private final CompletableFuture<Router> rest;

    public Router(List<Route> routes) {
        this(routes, null);
    }

    private Router(List<Route> routes, CompletableFuture<Router> rest) {
        this.routes = List.copyOf(routes);
        this.rest = rest;
    }

    /** Routes {@code early} at once; anything else waits for {@code rest} and fails as it fails. */
    public static Router staged(List<Route> early, CompletableFuture<Router> rest) {
        return new Router(early, rest);
    }

    /** The route table, in matching order. */
    public List<Route> routes() {
        return routes;
    }

    /** The route for the request, with its path parameters filled in. */
    public Bound route(Request request) {
        Bound bound = match(request);
        if (bound != null) return bound;
        if (rest == null) throw new NotFoundException("page not found");
        try {
            return rest.join().route(request);
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) throw cause;
            throw e;
        }
    }

    private Bound match(Request request) {
        for (Route route : routes) {
            if (!route.method().equals(request.method())) continue;
            Matcher m = route.match(request.path());
            if (!m.matches()) continue;
            if (route.since() != null && request.version().compareTo(route.since()) < 0) {
                throw new InvalidArgumentException(request.method() + " " + route.template() + " requires API version "
                        + route.since() + ", but the request uses " + request.version());
            }
            route.query().check(request);
            return new Bound(route, request.withParams(params(route, m)));
        }
        return null;
    }

    private static Map<String, String> params(Route route, Matcher m) {
        Map<String, String> out = new HashMap<>();
        Matcher names = GROUP.matcher(route.template());
        List<String> keys = new ArrayList<>();
        while (names.find()) keys.add(names.group(1));
        for (String key : keys) out.put(key, m.group(key));
        return out;
    }

    public record Bound(Route route, Request request) {
        public void handle(Response response) throws Exception {
            route.handler().handle(request, response);
        }
    }
}
