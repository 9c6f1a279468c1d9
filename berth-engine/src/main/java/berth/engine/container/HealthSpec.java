package berth.engine.container;

import berth.api.errors.InvalidArgumentException;
import berth.api.model.ContainerConfig;
import berth.api.model.HealthConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The health check in force for a container: the command to run and Docker's timing, with its defaults (every 30 s,
 * 30 s timeout, 3 retries, no start period, 5 s between checks during the start period).
 */
record HealthSpec(List<String> command, Duration interval, Duration timeout, Duration startPeriod,
                  Duration startInterval, int retries) {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_START_INTERVAL = Duration.ofSeconds(5);
    static final int DEFAULT_RETRIES = 3;
    private static final long MINIMUM_NANOS = 1_000_000;

    /** None when the config has no check, or {@code ["NONE"]} ({@code --no-healthcheck}). */
    static Optional<HealthSpec> of(ContainerConfig config) {
        HealthConfig h = config.healthcheck();
        if (h == null || h.test() == null || h.test().isEmpty()) return Optional.empty();
        List<String> test = h.test();
        List<String> command = switch (test.getFirst()) {
            case "NONE" -> null;
            case "CMD" -> test.size() > 1 ? List.copyOf(test.subList(1, test.size())) : null;
            case "CMD-SHELL" -> {
                List<String> shell = config.shell() == null || config.shell().isEmpty()
                        ? List.of("/bin/sh", "-c") : config.shell();
                List<String> c = new ArrayList<>(shell);
                c.add(String.join(" ", test.subList(1, test.size())));
                yield List.copyOf(c);
            }
            default -> null;
        };
        if (command == null) return Optional.empty();
        return Optional.of(new HealthSpec(command, orDefault(h.interval(), DEFAULT_INTERVAL),
                orDefault(h.timeout(), DEFAULT_TIMEOUT), orDefault(h.startPeriod(), Duration.ZERO),
                orDefault(h.startInterval(), DEFAULT_START_INTERVAL),
                h.retries() == null || h.retries() <= 0 ? DEFAULT_RETRIES : h.retries()));
    }

    private static Duration orDefault(Long nanos, Duration fallback) {
        return nanos == null || nanos <= 0 ? fallback : Duration.ofNanos(nanos);
    }

    /** moby's checks at create: durations are 0 (default) or at least 1 ms, retries not negative. */
    static void validate(HealthConfig h) {
        if (h == null) return;
        checkDuration("Interval", h.interval());
        checkDuration("Timeout", h.timeout());
        if (h.retries() != null && h.retries() < 0) {
            throw new InvalidArgumentException("Retries in Healthcheck cannot be negative");
        }
        checkDuration("StartPeriod", h.startPeriod());
        checkDuration("StartInterval", h.startInterval());
        List<String> test = h.test();
        if (test != null && !test.isEmpty() && !List.of("NONE", "CMD", "CMD-SHELL").contains(test.getFirst())) {
            throw new InvalidArgumentException("invalid Healthcheck: unknown type \"" + test.getFirst()
                    + "\" (use NONE, CMD or CMD-SHELL)");
        }
    }

    private static void checkDuration(String name, Long nanos) {
        if (nanos != null && nanos != 0 && nanos < MINIMUM_NANOS) {
            throw new InvalidArgumentException(name + " in Healthcheck cannot be less than 1ms");
        }
    }

    /**
     * moby's merge of the request's check with the image's: no check of its own takes the image's; an empty test or
     * a zero setting takes the image's value.
     */
    static HealthConfig merge(HealthConfig user, HealthConfig image) {
        if (user == null) return image;
        if (image == null) return user;
        return new HealthConfig(user.test() == null || user.test().isEmpty() ? image.test() : user.test(),
                zero(user.interval()) ? image.interval() : user.interval(),
                zero(user.timeout()) ? image.timeout() : user.timeout(),
                zero(user.startPeriod()) ? image.startPeriod() : user.startPeriod(),
                zero(user.startInterval()) ? image.startInterval() : user.startInterval(),
                user.retries() == null || user.retries() == 0 ? image.retries() : user.retries());
    }

    private static boolean zero(Long v) {
        return v == null || v == 0;
    }

    /** Go's time.Duration text, as Docker's timeout message shows it ("30s", "1.5s", "500ms", "1m0s"). */
    static String goDuration(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) return "0s";
        if (nanos < 1_000) return nanos + "ns";
        if (nanos < 1_000_000) return trim(nanos / 1_000.0) + "µs";
        if (nanos < 1_000_000_000) return trim(nanos / 1_000_000.0) + "ms";
        long hours = nanos / 3_600_000_000_000L;
        long minutes = nanos / 60_000_000_000L % 60;
        double seconds = (nanos % 60_000_000_000L) / 1e9;
        StringBuilder sb = new StringBuilder();
        if (hours > 0) sb.append(hours).append('h');
        if (hours > 0 || minutes > 0) sb.append(minutes).append('m');
        return sb.append(trim(seconds)).append('s').toString();
    }

    private static String trim(double v) {
        String s = java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        return s;
    }
}
