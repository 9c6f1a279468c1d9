package berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One line of a pull, push or import stream (moby's jsonmessage.JSONMessage). The docker CLI draws a
 * progress bar per {@code id} from {@code progressDetail}; {@code error} ends the stream with a failure.
 */
public record ProgressMessage(
        @JsonProperty("status") String status,
        @JsonProperty("id") String id,
        @JsonProperty("progress") String progress,
        @JsonProperty("progressDetail") Detail progressDetail,
        @JsonProperty("error") String error,
        @JsonProperty("errorDetail") ErrorDetail errorDetail,
        @JsonProperty("aux") Map<String, Object> aux,
        @JsonProperty("stream") String stream) {

    public record Detail(@JsonProperty("current") Long current, @JsonProperty("total") Long total) {}

    public record ErrorDetail(@JsonProperty("message") String message) {}

    public static ProgressMessage status(String status) {
        return new ProgressMessage(status, null, null, null, null, null, null, null);
    }

    public static ProgressMessage status(String id, String status) {
        return new ProgressMessage(status, id, null, new Detail(null, null), null, null, null, null);
    }

    public static ProgressMessage progress(String id, String status, long current, long total) {
        return new ProgressMessage(status, id, bar(current, total), new Detail(current, total), null, null, null, null);
    }

    public static ProgressMessage error(String message) {
        return new ProgressMessage(null, null, null, null, message, new ErrorDetail(message), null, null);
    }

    public static ProgressMessage aux(Map<String, Object> aux) {
        return new ProgressMessage(null, null, null, new Detail(null, null), null, null, aux, null);
    }

    /** The text form of the bar, for clients that print "progress" verbatim (docker CLI without a TTY ignores it). */
    static String bar(long current, long total) {
        if (total <= 0) return Units.humanSize(current);
        int width = 50;
        int filled = (int) Math.min(width, current * width / total);
        String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 && filled < width ? ">" : filled == width ? "=" : "")
                + " ".repeat(width - filled);
        return "[" + bar + "] " + Units.humanSize(current) + "/" + Units.humanSize(total);
    }
}
