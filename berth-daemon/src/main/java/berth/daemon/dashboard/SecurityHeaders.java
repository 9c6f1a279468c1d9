package berth.daemon.dashboard;

import io.netty.handler.codec.http.HttpHeaders;

/** The headers on every dashboard answer: its own code only, never framed, no type sniffing, no referrer. */
final class SecurityHeaders {
    private SecurityHeaders() {}

    static void apply(HttpHeaders headers, OriginPolicy origins) {
        headers.set("Content-Security-Policy", origins.contentSecurityPolicy());
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
    }
}
