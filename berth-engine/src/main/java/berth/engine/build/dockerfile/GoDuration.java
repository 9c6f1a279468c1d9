package berth.engine.build.dockerfile;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/** Go's time.ParseDuration ("1m30s", "1.5h", "300ms", "2us"), which HEALTHCHECK's durations use. */
final class GoDuration {
    private GoDuration() {}

    private static final Map<String, Long> UNITS = Map.of("ns", 1L, "us", 1_000L, "\u00b5s", 1_000L,
            "\u03bcs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    static Duration parse(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) return Duration.ZERO;
        if (s.isEmpty()) throw invalid(text);
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
            String number = s.substring(start, i);
            if (number.isEmpty() || number.equals(".") || number.chars().filter(c -> c == '.').count() > 1) {
                throw invalid(text);
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') i++;
            String unit = s.substring(unitStart, i);
            if (unit.isEmpty()) throw new ParseProblem("time: missing unit in duration \"" + text + "\"");
            Long nanos = UNITS.get(unit);
            if (nanos == null) throw new ParseProblem("time: unknown unit \"" + unit + "\" in duration \"" + text + "\"");
            String n = number.startsWith(".") ? "0" + number : number.endsWith(".") ? number + "0" : number;
            total = total.add(new BigDecimal(n).multiply(BigDecimal.valueOf(nanos)));
        }
        if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) throw invalid(text);
        long value = total.longValue();
        return Duration.ofNanos(negative ? -value : value);
    }

    private static ParseProblem invalid(String text) {
        return new ParseProblem("time: invalid duration \"" + text + "\"");
    }
}
