package berth.daemon.route;

import berth.api.errors.InvalidArgumentException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The since/until parameters of events and logs, and the timestamps written before log lines. */
public final class Timestamps {
    /** moby's RFC3339NanoFixed: always nine fraction digits, so that log prefixes line up. */
    private static final DateTimeFormatter NANO_FIXED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX")
            .withZone(ZoneOffset.UTC);

    private Timestamps() {}

    /**
     * Nanoseconds since the epoch for "1700000000", "1700000000.123456789" or an RFC 3339 time; null or empty is 0
     * (unbounded).
     */
    public static long parseNanos(String text, String name) {
        if (text == null || text.isEmpty()) return 0;
        try {
            if (text.matches("-?\\d+(\\.\\d{0,9})?")) {
                return new BigDecimal(text).movePointRight(9).longValueExact();
            }
            Instant t = OffsetDateTime.parse(text).toInstant();
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new InvalidArgumentException("failed to parse value of " + name + ": " + text, e);
        }
    }

    public static String rfc3339NanoFixed(Instant time) {
        return NANO_FIXED.format(time);
    }
}
