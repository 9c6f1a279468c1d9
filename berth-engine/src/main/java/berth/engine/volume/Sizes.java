package berth.engine.volume;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Bytes of the regular files under a volume's data (links not followed); 0 when it is gone. */
final class Sizes {
    private Sizes() {}

    static long of(Path dir) {
        long[] total = {0};
        if (!Files.isDirectory(dir)) return 0;
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                    if (a.isRegularFile()) total[0] += a.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // removed while walking: it no longer takes space
                }
            });
        } catch (IOException e) {
            return total[0];
        }
        return total[0];
    }
}
