package berth.api.model;

/** {@code POST /containers/{id}/wait}: the exit code, and an error when waiting failed. */
public record WaitResponse(long statusCode, WaitError error) {
    public record WaitError(String message) {}

    public static WaitResponse exited(long code) {
        return new WaitResponse(code, null);
    }
}
