package berth.engine.system;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The init process for {@code --init}: Debian's tini, the same program as Docker's docker-init. */
final class InitBinary {
    /** The static build first: it runs inside any image, with or without a C library. */
    static final List<String> NAMES = List.of("tini-static", "tini");

    private InitBinary() {}

    static Optional<Path> find() {
        return find(System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"));
    }

    static Optional<Path> find(String path) {
        for (String name : NAMES) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) continue;
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
