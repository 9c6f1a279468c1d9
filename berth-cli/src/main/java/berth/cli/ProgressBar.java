package berth.cli;

import berth.cli.format.Humanize;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * jsonmessage.JSONProgress.String(): the docker CLI draws a layer's progress itself from progressDetail (the daemon's
 * "progress" text is ignored): a 50-column bar only on terminals wider than 110 columns, then "current/total".
 */
final class ProgressBar {
    private ProgressBar() {}

    static String render(JsonNode detail, int width, long nowSeconds) {
        long current = detail.path("current").asLong(0);
        long total = detail.path("total").asLong(0);
        String units = detail.path("units").asText("");
        if (current <= 0 && total <= 0) return "";
        if (total <= 0) return units.isEmpty() ? String.format("%8s", Humanize.size4(current)) : current + " " + units;
        int percentage = Math.min(50, (int) ((double) current / total * 100) / 2);
        String bar = width > 110 ? "[" + "=".repeat(percentage) + ">" + " ".repeat(Math.max(0, 50 - percentage)) + "] " : "";
        String numbers;
        if (detail.path("hidecounts").asBoolean(false)) {
            numbers = "";
        } else if (units.isEmpty()) {
            numbers = current > total ? String.format("%8s", Humanize.size4(current))
                    : String.format("%8s/%s", Humanize.size4(current), Humanize.size4(total));
        } else {
            numbers = current > total ? current + " " + units : current + "/" + total + " " + units;
        }
        String left = "";
        long start = detail.path("start").asLong(0);
        if (current > 0 && start > 0 && percentage < 50 && width > 50) {
            double perEntry = (double) Math.max(0, nowSeconds - start) / current;
            left = " " + goDuration(Math.round((total - current) * perEntry));
        }
        return bar + numbers + left;
    }

    /** Go's time.Duration.String for whole seconds: "0s", "45s", "2m5s", "1h0m3s". */
    static String goDuration(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        if (seconds < 60) return seconds + "s";
        if (seconds < 3600) return d.toMinutes() + "m" + d.toSecondsPart() + "s";
        return d.toHours() + "h" + d.toMinutesPart() + "m" + d.toSecondsPart() + "s";
    }
}
