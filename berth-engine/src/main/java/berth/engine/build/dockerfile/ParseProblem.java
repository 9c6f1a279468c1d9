package berth.engine.build.dockerfile;

/**
 * A problem found while parsing, before the location is known; {@link DockerfileParser} turns it into an
 * {@link berth.api.errors.InvalidArgumentException} naming file and line. Cheap: no stack trace.
 */
final class ParseProblem extends RuntimeException {
    ParseProblem(String message) {
        super(message, null, false, false);
    }
}
