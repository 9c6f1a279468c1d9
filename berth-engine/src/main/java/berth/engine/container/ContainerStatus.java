package berth.engine.container;

/** The closed set of container states, as stored in container_state.status (a CHECK constraint holds the same set). */
enum ContainerStatus {
    CREATING, CREATED, RUNNING, EXITED, DEAD, REMOVING;

    String sql() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static ContainerStatus of(String sql) {
        return valueOf(sql.toUpperCase(java.util.Locale.ROOT));
    }

    /** Docker's State.Status word. */
    String docker() {
        return switch (this) {
            case CREATING, CREATED -> "created";
            case RUNNING -> "running";
            case EXITED -> "exited";
            case DEAD -> "dead";
            case REMOVING -> "removing";
        };
    }
}
