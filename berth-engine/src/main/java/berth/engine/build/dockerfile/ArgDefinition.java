package berth.engine.build.dockerfile;

/**
 * One name of an ARG instruction ({@code ARG a b=1} declares two).
 *
 * @param name the variable name as written
 * @param defaultValue the text after {@code =} as written (not yet substituted, quotes still in place), or null when
 *     the ARG has no default
 */
public record ArgDefinition(String name, String defaultValue) {
    public boolean hasDefault() {
        return defaultValue != null;
    }
}
