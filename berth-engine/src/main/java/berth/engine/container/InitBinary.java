package berth.engine.container;

import berth.api.errors.InvalidArgumentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The init process of {@code --init}: Debian's tini, as Docker's docker-init is tini. The static build comes first
 * because it is bind-mounted into images that may have no C library.
 */
final class InitBinary {
    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/tini-static"), Path.of("/usr/bin/tini"));

    private InitBinary() {}

    static Path path() {
        for (Path p : CANDIDATES) if (Files.isExecutable(p)) return p;
        throw new InvalidArgumentException("--init: no init binary found (" + CANDIDATES.getFirst()
                + "); install Debian's tini package");
    }
}
