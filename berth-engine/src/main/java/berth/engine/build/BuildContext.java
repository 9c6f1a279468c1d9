package berth.engine.build;

import berth.api.errors.InvalidArgumentException;
import berth.engine.layer.Decompression;
import berth.engine.layer.RootPath;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import berth.engine.content.Digest;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A build's context, unpacked from the request body into a directory of its own: a tar (plain, gzip, bzip2 or xz),
 * or a lone Dockerfile ({@code docker build - < Dockerfile}), which becomes a context holding only that file.
 * Hostile names are refused, not contained: an entry whose name climbs out ({@code ..}) or is absolute, or whose
 * path goes through a symlink, fails the build before anything runs. Symlinks are stored as links and never
 * followed while unpacking; owners are not kept (COPY gives its files root or {@code --chown}'s owner).
 */
final class BuildContext {
    /** The name the lone-Dockerfile form is stored under. */
    static final String LONE_DOCKERFILE = "Dockerfile";

    private final Path root;
    /** sha256 (hex) of each regular file's content, by cleaned name, computed while unpacking. */
    private final Map<String, String> digests;

    private BuildContext(Path root, Map<String, String> digests) {
        this.root = root;
        this.digests = digests;
    }

    Path root() {
        return root;
    }

    /** The content digest of a regular file of the context, or null when it was not unpacked from the tar. */
    String digestOf(String name) {
        return digests.get(name);
    }

    /** Forgets a file removed after unpacking (.dockerignore). */
    void forget(String name) {
        digests.remove(name);
    }

    /** Unpacks {@code body} into {@code dir} (created, must not exist). */
    static BuildContext unpack(InputStream body, Path dir) throws IOException {
        Files.createDirectories(dir.getParent());
        Files.createDirectory(dir);
        BufferedInputStream in = new BufferedInputStream(Decompression.decompressed(body), 64 * 1024);
        in.mark(512);
        byte[] head = in.readNBytes(512);
        in.reset();
        if (head.length == 0) {
            return new BuildContext(dir, new HashMap<>()); // empty: the Dockerfile is then missing, said later
        }
        if (!isTar(head)) {
            try (OutputStream out = Files.newOutputStream(dir.resolve(LONE_DOCKERFILE), StandardOpenOption.CREATE_NEW)) {
                in.transferTo(out);
            }
            return new BuildContext(dir, new HashMap<>());
        }
        Unpacker u = new Unpacker(dir);
        u.unpack(in);
        return new BuildContext(dir, u.digests);
    }

    /** A ustar header: "ustar" at offset 257 (POSIX and GNU both have it). */
    static boolean isTar(byte[] head) {
        return head.length >= 262 && head[257] == 'u' && head[258] == 's' && head[259] == 't' && head[260] == 'a'
                && head[261] == 'r';
    }

    /**
     * A name inside the context, cleaned, or a 400 for a name that would leave it; "" is the root. Used for the
     * tar's entries and for the {@code dockerfile} parameter.
     */
    static String cleanName(String name, String what) {
        if (name.startsWith("/")) throw new InvalidArgumentException(what + " \"" + name + "\" is an absolute path");
        List<String> parts = new ArrayList<>();
        for (String c : name.split("/")) {
            if (c.isEmpty() || c.equals(".")) continue;
            if (c.equals("..")) throw new InvalidArgumentException(what + " \"" + name + "\" leaves the build context");
            parts.add(c);
        }
        return String.join("/", parts);
    }

    private static final class Unpacker {
        private final Path root;
        private final Map<Path, FileTime> dirTimes = new LinkedHashMap<>();
        private final byte[] buffer = new byte[64 * 1024];
        private final Map<String, String> digests = new HashMap<>();
        private final MessageDigest sha = Digest.newSha256();
        /** Directories known to be real directories of the context (made or checked): not looked at again. */
        private final java.util.Set<Path> directories = new java.util.HashSet<>();

        /** The mode a new file gets here (0666 less berthd's umask), found by making one. */
        private final int createdMode;

        Unpacker(Path root) throws IOException {
            this.root = root;
            Path probe = root.resolve(".berth-mode-probe");
            Files.newOutputStream(probe, StandardOpenOption.CREATE_NEW).close();
            this.createdMode = (Integer) Files.getAttribute(probe, "unix:mode") & 07777;
            Files.delete(probe);
        }

        void unpack(InputStream in) throws IOException {
            TarArchiveInputStream tar = new TarArchiveInputStream(in);
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) entry(tar, e);
            for (Map.Entry<Path, FileTime> d : dirTimes.entrySet()) {
                Files.setLastModifiedTime(d.getKey(), d.getValue());
            }
        }

        private void entry(TarArchiveInputStream tar, TarArchiveEntry e) throws IOException {
            String name = cleanName(e.getName(), "context entry");
            if (name.isEmpty()) return;
            Path path = inside(name);
            int mode = e.getMode() & 07777;
            if (e.isDirectory()) {
                BasicFileAttributes a = lstat(path);
                if (a == null) Files.createDirectory(path);
                else if (!a.isDirectory()) throw new InvalidArgumentException("context entry \"" + name + "\" is both a file and a directory");
                Files.setAttribute(path, "unix:mode", mode == 0 ? 0755 : mode);
                dirTimes.put(path, e.getLastModifiedTime());
                return;
            }
            BasicFileAttributes existing = lstat(path);
            if (existing != null) {
                if (existing.isDirectory()) {
                    throw new InvalidArgumentException("context entry \"" + name + "\" is both a file and a directory");
                }
                Files.delete(path); // a later entry of the same name wins, as tar does
                digests.remove(name);
            }
            if (e.isSymbolicLink()) {
                Files.createSymbolicLink(path, Path.of(e.getLinkName()));
                return;
            }
            if (e.isLink()) {
                Path target = inside(cleanName(e.getLinkName(), "hard link target of \"" + name + "\""));
                BasicFileAttributes t = lstat(target);
                if (t == null || !t.isRegularFile()) {
                    throw new InvalidArgumentException("context entry \"" + name + "\" links to a missing file");
                }
                Files.createLink(path, target);
                String d = digests.get(cleanName(e.getLinkName(), "link"));
                if (d != null) digests.put(name, d);
                return;
            }
            if (!e.isFile()) return; // devices, fifos: a context has no use for them
            try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                int n;
                while ((n = tar.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                    sha.update(buffer, 0, n);
                }
                digests.put(name, HexFormat.of().formatHex(sha.digest()));
            } catch (FileAlreadyExistsException e2) {
                throw new InvalidArgumentException("context entry \"" + name + "\" appears twice");
            }
            // most files want the mode a new file gets anyway: no chmod for them
            if (mode != createdMode) Files.setAttribute(path, "unix:mode", mode);
            Files.setLastModifiedTime(path, e.getLastModifiedTime());
        }

        /**
         * The host path of a cleaned name whose parent directories are real directories of the context (created as
         * needed); a symlink on the way is refused rather than followed.
         */
        private Path inside(String name) throws IOException {
            Path p = root;
            String[] parts = name.split("/");
            for (int i = 0; i < parts.length - 1; i++) {
                p = p.resolve(parts[i]);
                if (directories.contains(p)) continue;
                BasicFileAttributes a = lstat(p);
                if (a == null) {
                    Files.createDirectory(p);
                } else if (a.isSymbolicLink()) {
                    throw new InvalidArgumentException("context entry \"" + name + "\" goes through the symlink \""
                            + RootPath.inside(root, p).substring(1) + "\"");
                } else if (!a.isDirectory()) {
                    throw new InvalidArgumentException("context entry \"" + name + "\" is below a file");
                }
                directories.add(p);
            }
            return p.resolve(parts[parts.length - 1]);
        }

        private static BasicFileAttributes lstat(Path p) throws IOException {
            try {
                return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return null;
            }
        }
    }
}
