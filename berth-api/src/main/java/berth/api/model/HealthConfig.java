package berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A container's health check ("Healthcheck" of a container or image config). Durations are nanoseconds, as the API
 * carries them; zero or null means "inherit from the image, else the default". Test is {@code ["NONE"]} (no check),
 * {@code ["CMD", args...]}, {@code ["CMD-SHELL", command]}, or empty (inherit).
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record HealthConfig(List<String> test, Long interval, Long timeout, Long startPeriod, Long startInterval,
                           Integer retries) {}
