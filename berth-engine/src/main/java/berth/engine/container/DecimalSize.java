package berth.engine.container;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Sizes written the way Docker's log options take them ("100k", "10m", "1.5g", "20MB", "512"): SI units, so 1k is 1000
 * bytes, as go-units' FromHumanSize reads them. Error texts are that function's, since the docker CLI shows them as is.
 */
final class DecimalSize {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final String UNITS = "kmgtp";

    private DecimalSize() {}

    /** The size in bytes; an unparsable text throws IllegalArgumentException with go-units' message. */
    static long parse(String text) {
        int sep = -1;
        for (int i = text.length() - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (Character.isDigit(c) && c < 128 || c == '.' || c == ' ') {
                sep = i;
                break;
            }
        }
        if (sep < 0) throw new IllegalArgumentException("invalid size: '" + text + "'");
        String number = text.charAt(sep) == ' ' ? text.substring(0, sep) : text.substring(0, sep + 1);
        String suffix = text.substring(sep + 1);
        if (!NUMBER.matcher(number).matches()) {
            throw new IllegalArgumentException("strconv.ParseFloat: parsing \"" + number + "\": invalid syntax");
        }
        double size = Double.parseDouble(number);
        if (size < 0) throw new IllegalArgumentException("invalid size: '" + text + "'");
        if (suffix.isEmpty()) return (long) size;
        String s = suffix.toLowerCase(Locale.ROOT);
        if (s.length() > 3) throw badSuffix(s);
        if (s.charAt(0) == 'b') {
            if (s.length() > 1) throw badSuffix(s);
            return (long) size;
        }
        int unit = UNITS.indexOf(s.charAt(0));
        if (unit < 0) throw badSuffix(s);
        if (s.length() == 2 && s.charAt(1) != 'b' || s.length() == 3 && !s.substring(1).equals("ib")) throw badSuffix(s);
        return (long) (size * Math.pow(1000, unit + 1));
    }

    private static IllegalArgumentException badSuffix(String suffix) {
        return new IllegalArgumentException("invalid suffix: '" + suffix + "'");
    }
}
