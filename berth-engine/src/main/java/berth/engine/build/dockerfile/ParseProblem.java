package berth.engine.build.dockerfile;

/**
 * A problem found while parsing, before the location is known; {@link DockerfileParser} turns it into an
 * {@link berth.api.errors.InvalidArgumentException} naming file and line. {@code namesInstruction} is false when the
 * message does not say which instruction it is about, so that the location adds it.
 */
final class ParseProblem extends RuntimeException {
    ParseProblem(String message) {
        super(message, null, false, false);
    }
}
