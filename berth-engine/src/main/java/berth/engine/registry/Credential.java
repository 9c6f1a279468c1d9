package berth.engine.registry;

/**
 * A user's registry login (from X-Registry-Auth): sent as Basic, or exchanged for a Bearer token. {@code toString}
 * leaves the password out so that it cannot reach a log.
 */
public record Credential(String username, String password) {
    @Override
    public String toString() {
        return "Credential[" + username + "]";
    }
}
