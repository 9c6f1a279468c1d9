package berth.engine.registry;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed WWW-Authenticate header: {@code Bearer realm="…",service="…",scope="…"} or {@code Basic realm="…"}. */
record Challenge(String scheme, Map<String, String> params) {
    private static final Pattern PARAM = Pattern.compile("([A-Za-z_]+)=(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^,\\s]*))");

    static Challenge parse(String header) {
        String trimmed = header.strip();
        int space = trimmed.indexOf(' ');
        String scheme = (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
        Map<String, String> params = new HashMap<>();
        if (space >= 0) {
            Matcher m = PARAM.matcher(trimmed.substring(space + 1));
            while (m.find()) params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2) != null ? m.group(2) : m.group(3));
        }
        return new Challenge(scheme, Map.copyOf(params));
    }

    boolean isBearer() {
        return scheme.equals("bearer");
    }

    boolean isBasic() {
        return scheme.equals("basic");
    }
}
