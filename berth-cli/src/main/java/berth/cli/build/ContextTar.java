package berth.cli.build;

import berth.client.EngineClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A context directory as the tar {@code POST /build} reads, written straight into the request as it is walked. Owners are left out (the builder gives copied files root or {@code --chown}'s owner); a Dockerfile read from
 * stdin ({@code -f -}) is added under a name of its own. The daemon applies .dockerignore to what arrives.
 */
final class ContextTar {
    private ContextTar() {}

    /** The context as a request body, written into the connection by the caller's thread. */
    static EngineClient.BodyWriter of(Path dir, String extraName, byte[] extraContent) {
        return out -> write(dir, extraName, extraContent, out);
    }

    static void write(Path dir, String extraName, byte[] extraContent, OutputStream sink) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(sink, 64 * 1024);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        List<Path> all;
        try (Stream<Path> walk = Files.walk(dir)) {
            all = new ArrayList<>(walk.filter(p -> !p.equals(dir)).sorted().toList());
        }
        byte[] buffer = new byte[64 * 1024];
        for (Path p : all) {
            String name = dir.relativize(p).toString();
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            TarArchiveEntry e;
            if (Files.isSymbolicLink(p)) {
                e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                e.setLinkName(Files.readSymbolicLink(p).toString());
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                e = new TarArchiveEntry(name + "/");
            } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                e = new TarArchiveEntry(name);
                e.setSize((Long) a.get("size"));
            } else {
                continue; // sockets, fifos, devices: a build has no use for them
            }
            e.setMode(mode);
            e.setModTime(((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis());
            tar.putArchiveEntry(e);
            if (e.isFile()) {
                try (InputStream in = Files.newInputStream(p)) {
                    long left = e.getSize();
                    int n;
                    // at most the size the header announced: a file that grew meanwhile must not break the tar
                    while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                        tar.write(buffer, 0, n);
                        left -= n;
                    }
                }
            }
            tar.closeArchiveEntry();
        }
        if (extraName != null) {
            TarArchiveEntry e = new TarArchiveEntry(extraName);
            e.setSize(extraContent.length);
            e.setMode(0100644);
            tar.putArchiveEntry(e);
            tar.write(extraContent);
            tar.closeArchiveEntry();
        }
        tar.finish();
    }
}
