package berth.engine.build.dockerfile;

import berth.api.errors.InvalidArgumentException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * EXPOSE's values as the image config's ExposedPorts keys: {@code 80} is {@code 80/tcp}, {@code 53/UDP} is
 * {@code 53/udp}, a range {@code 8000-8002} is each port of it. As in Docker, a {@code host:container} or
 * {@code ip:host:container} value exposes its container port (the rest is ignored: an image cannot publish).
 */
public final class ExposedPorts {
    private ExposedPorts() {}

    /**
     * Substitutes {@code expose}'s words with {@code env} (one word may become several, as in Docker) and returns the
     * ports in order, without repeats.
     */
    public static List<String> of(Instruction.Expose expose, Substitution substitution, Map<String, String> env) {
        Set<String> ports = new LinkedHashSet<>();
        for (String word : expose.ports()) {
            for (String spec : substitution.words(word, env)) ports.addAll(parse(spec));
        }
        return List.copyOf(ports);
    }

    /** One port spec (after substitution) as its {@code port/proto} keys. */
    public static List<String> parse(String spec) {
        String[] parts = spec.split(":", -1);
        String containerPart = parts[parts.length - 1];
        String hostPart = parts.length >= 2 ? parts[parts.length - 2] : "";
        int slash = containerPart.indexOf('/');
        String port = slash < 0 ? containerPart : containerPart.substring(0, slash);
        String proto = slash < 0 ? "" : containerPart.substring(slash + 1);
        if (port.isEmpty()) throw new InvalidArgumentException("no port specified: " + spec + "<empty>");
        if (proto.isEmpty()) proto = "tcp";
        proto = proto.toLowerCase(Locale.ROOT);
        if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
            throw new InvalidArgumentException("invalid proto: " + proto);
        }
        int[] range = range(port);
        if (range == null) throw new InvalidArgumentException("invalid containerPort: " + port);
        if (!hostPart.isEmpty()) {
            int[] host = range(hostPart);
            if (host == null) throw new InvalidArgumentException("invalid hostPort: " + hostPart);
            if (range[1] - range[0] != host[1] - host[0] && range[0] != range[1]) {
                throw new InvalidArgumentException("invalid ranges specified for container and host Ports: " + port
                        + " and " + hostPart);
            }
        }
        String p = proto;
        return java.util.stream.IntStream.rangeClosed(range[0], range[1]).mapToObj(i -> i + "/" + p).toList();
    }

    private static int[] range(String text) {
        int dash = text.indexOf('-');
        Integer start = port(dash < 0 ? text : text.substring(0, dash));
        Integer end = dash < 0 ? start : port(text.substring(dash + 1));
        if (start == null || end == null || end < start) return null;
        return new int[] {start, end};
    }

    private static Integer port(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) return null;
        int v = Integer.parseInt(text);
        return v > 65535 ? null : v;
    }
}
