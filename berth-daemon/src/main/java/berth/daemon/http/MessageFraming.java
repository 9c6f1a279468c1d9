package berth.daemon.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Locale;

/**
 * RFC 9112 §6: a request whose body length is ambiguous could be read differently by a proxy in front of berthd and
 * by berthd (request smuggling). Netty already refuses chunked with Content-Length; this refuses what it lets
 * through: any other Transfer-Encoding, alone or beside Content-Length. Such a request is answered 400 and its
 * connection closed, since where its body ends is unknown.
 */
final class MessageFraming {
    private MessageFraming() {}

    /** Why the request's framing is refused, or null when it is sound. */
    static String problem(HttpHeaders headers) {
        List<String> encodings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (encodings.isEmpty()) return null;
        if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            return "a request must not carry both Content-Length and Transfer-Encoding";
        }
        String all = String.join(",", encodings).toLowerCase(Locale.ROOT);
        String[] codings = all.split(",");
        if (codings.length != 1 || !codings[0].strip().equals("chunked")) {
            return "unsupported Transfer-Encoding: " + all.strip();
        }
        return null;
    }
}
