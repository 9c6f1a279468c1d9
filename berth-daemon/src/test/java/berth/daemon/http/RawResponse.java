package berth.daemon.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One HTTP response read back from raw bytes: status, headers (lower-case names), de-chunked body. */
record RawResponse(int status, String reason, Map<String, String> headers, String body, int length) {

    /** The first complete response in {@code raw}, or null while it is incomplete. */
    static RawResponse parse(String raw) {
        int headEnd = raw.indexOf("\r\n\r\n");
        if (headEnd < 0) return null;
        String[] lines = raw.substring(0, headEnd).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        int status = Integer.parseInt(statusLine[1]);
        String reason = statusLine.length > 2 ? statusLine[2] : "";
        int bodyStart = headEnd + 4;
        if ("chunked".equals(headers.get("transfer-encoding"))) {
            StringBuilder body = new StringBuilder();
            int pos = bodyStart;
            while (true) {
                int lineEnd = raw.indexOf("\r\n", pos);
                if (lineEnd < 0) return null;
                int size = Integer.parseInt(raw.substring(pos, lineEnd).strip(), 16);
                if (size == 0) {
                    if (raw.length() < lineEnd + 4) return null;
                    return new RawResponse(status, reason, headers, body.toString(), lineEnd + 4);
                }
                if (raw.length() < lineEnd + 2 + size + 2) return null;
                body.append(raw, lineEnd + 2, lineEnd + 2 + size);
                pos = lineEnd + 2 + size + 2;
            }
        }
        int length = headers.containsKey("content-length") ? Integer.parseInt(headers.get("content-length")) : 0;
        if (raw.length() < bodyStart + length) return null;
        return new RawResponse(status, reason, headers, raw.substring(bodyStart, bodyStart + length), bodyStart + length);
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
