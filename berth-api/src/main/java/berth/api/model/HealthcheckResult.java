package berth.api.model;

/** One health probe: when it ran (RFC 3339), its exit code (-1 when it could not run or timed out) and output. */
public record HealthcheckResult(String start, String end, int exitCode, String output) {}
