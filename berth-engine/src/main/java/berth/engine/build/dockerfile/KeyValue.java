package berth.engine.build.dockerfile;

/**
 * One {@code key=value} of ENV or LABEL as written: quotes and escapes are still in place, because Docker removes
 * them while substituting variables ({@link Substitution#expand}), which the executor does per step.
 *
 * @param spaceSeparated true for the legacy form {@code ENV key value} (no {@code =})
 */
public record KeyValue(String key, String value, boolean spaceSeparated) {}
