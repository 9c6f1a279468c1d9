package berth.cli.container;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** docker's --since/--until values: a Go duration before now ("10m", "1h30m"), RFC 3339, a date, or unix seconds. */
public final class TimeArg {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|ms|s|m|h)");

    private TimeArg() {}

    public static String unix(String value) {
        if (value == null || value.isEmpty()) return null;
        if (value.matches("\\d+(\\.\\d+)?")) return value;
        if (value.matches("(\\d+(\\.\\d+)?(ns|us|ms|s|m|h))+")) {
            Matcher m = DURATION.matcher(value);
            double seconds = 0;
            while (m.find()) {
                double n = Double.parseDouble(m.group(1));
                seconds += switch (m.group(2)) {
                    case "ns" -> n / 1e9;
                    case "us" -> n / 1e6;
                    case "ms" -> n / 1e3;
                    case "s" -> n;
                    case "m" -> n * 60;
                    default -> n * 3600;
                };
            }
            Instant t = Instant.now().minus(Duration.ofNanos((long) (seconds * 1e9)));
            return t.getEpochSecond() + "." + String.format("%09d", t.getNano());
        }
        try {
            Instant t = Instant.parse(value);
            return t.getEpochSecond() + "." + String.format("%09d", t.getNano());
        } catch (RuntimeException e) {
            return String.valueOf(LocalDate.parse(value).atStartOfDay().toEpochSecond(ZoneOffset.UTC));
        }
    }
}
