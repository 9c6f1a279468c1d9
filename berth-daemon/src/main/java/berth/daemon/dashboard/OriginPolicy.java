package berth.daemon.dashboard;

import java.util.Locale;

/**
 * Where requests may come from. The Host header must name the dashboard's own address, so that a web page that
 * rebinds its DNS name to 127.0.0.1 cannot reach it under its own name. A request that carries an Origin must come
 * from the dashboard's own pages; WebSocket upgrades and requests that change something must carry one, since a
 * browser always sends it with them, and a missing one means the request was not made by the dashboard's page.
 */
public final class OriginPolicy {
    private final int port;

    public OriginPolicy(int port) {
        this.port = port;
    }

    public boolean hostAllowed(String host) {
        if (host == null) return false;
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.equals("127.0.0.1:" + port) || h.equals("localhost:" + port);
    }

    public boolean originSame(String origin) {
        if (origin == null) return false;
        String o = origin.strip().toLowerCase(Locale.ROOT);
        return o.equals("http://127.0.0.1:" + port) || o.equals("http://localhost:" + port);
    }

    /**
     * True when the request's origin is acceptable: a same Origin, or none where none is needed.
     * {@code originRequired} for WebSocket upgrades and non-GET API requests.
     */
    public boolean originAllowed(String origin, boolean originRequired) {
        if (origin == null) return !originRequired;
        return originSame(origin);
    }

    /** The Content-Security-Policy of every answer: the page's own code and connections only. */
    public String contentSecurityPolicy() {
        return "default-src 'self'; connect-src 'self' ws://127.0.0.1:" + port + " ws://localhost:" + port
                + "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";
    }
}
