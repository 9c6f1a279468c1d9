package berth.engine.image;

import berth.api.errors.InvalidArgumentException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time values of the {@code until} filter, read as moby's timetypes.GetTimestamp does: a Unix time
 * ("1700000000", "1700000000.5"), an RFC 3339 time or date ("2026-11-30T10:00:00Z", "2026-11-30"), or a Go duration
 * counted back from now ("10m", "1h30m").
 */
public final class FilterTime {
    private static final Pattern UNIX = Pattern.compile("-?\\d+(\\.\\d{1,9})?");
    private static final Pattern DURATION = Pattern.compile("((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h))+");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    private FilterTime() {}

    public static Instant parse(String text, Instant now) {
        String t = text.strip();
        try {
            if (UNIX.matcher(t).matches()) {
                BigDecimal nanos = new BigDecimal(t).movePointRight(9);
                return Instant.ofEpochSecond(0, nanos.longValueExact());
            }
            if (DURATION.matcher(t).matches()) return now.minusNanos(durationNanos(t));
            if (t.matches("\\d{4}-\\d{2}-\\d{2}")) return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
            if (t.contains("T") && !t.endsWith("Z") && !t.matches(".*[+-]\\d{2}:\\d{2}$")) {
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new InvalidArgumentException("failed to parse value as time or duration: \"" + text + "\"", e);
        }
    }

    private static long durationNanos(String text) {
        BigDecimal total = BigDecimal.ZERO;
        Matcher m = DURATION_PART.matcher(text);
        while (m.find()) {
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total = total.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
        }
        return total.longValueExact();
    }
}
