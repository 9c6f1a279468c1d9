package berth.cli.format;

import java.time.Duration;

/** go-units' HumanDuration and HumanSizeWithPrecision, as the docker CLI prints them. */
public final class Humanize {
    private Humanize() {}

    public static String duration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 1) return "Less than a second";
        if (seconds == 1) return "1 second";
        if (seconds < 60) return seconds + " seconds";
        long minutes = d.toMinutes();
        if (minutes == 1) return "About a minute";
        if (minutes < 60) return minutes + " minutes";
        long hours = Math.round(seconds / 3600.0);
        if (hours == 1) return "About an hour";
        if (hours < 48) return hours + " hours";
        if (hours < 24 * 7 * 2) return hours / 24 + " days";
        if (hours < 24 * 30 * 2) return hours / 24 / 7 + " weeks";
        if (hours < 24 * 365 * 2) return hours / 24 / 30 + " months";
        return hours / 24 / 365 + " years";
    }

    public static String since(long epochSeconds) {
        return duration(Duration.ofSeconds(Math.max(0, System.currentTimeMillis() / 1000 - epochSeconds))) + " ago";
    }

    /** HumanSizeWithPrecision(size, 3), which the docker CLI uses for its SIZE columns. */
    public static String size(long bytes) {
        return berth.api.model.Units.humanSize(bytes);
    }

    /** go-units HumanSize (4 significant digits), used for the "virtual" sizes. */
    public static String size4(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB"};
        double size = bytes;
        int i = 0;
        while (size >= 1000 && i < units.length - 1) {
            size /= 1000;
            i++;
        }
        String n = String.format(java.util.Locale.ROOT, "%.4g", size);
        if (n.contains(".")) n = n.replaceAll("0+$", "").replaceAll("\\.$", "");
        return n + units[i];
    }

    /** go-units BytesSize: binary units, 4 significant digits ("23.54GiB"), as `info` shows memory. */
    public static String bytesSize(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double size = bytes;
        int i = 0;
        while (size >= 1024 && i < units.length - 1) {
            size /= 1024;
            i++;
        }
        String n = String.format(java.util.Locale.ROOT, "%.4g", size);
        if (n.contains(".")) n = n.replaceAll("0+$", "").replaceAll("\\.$", "");
        return n + units[i];
    }

    /** docker's stringutils.Ellipsis: at most n runes, the last one "…" when cut. */
    public static String ellipsis(String s, int n) {
        if (s.codePointCount(0, s.length()) <= n) return s;
        return s.substring(0, s.offsetByCodePoints(0, n - 1)) + "…";
    }
}
