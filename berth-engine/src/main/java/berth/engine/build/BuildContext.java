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
import java.util.Set;
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
    /** The decompressed tar as received, unpacked into {@link #root} only when a step reads the context. */
    private final Path tar;
    /** Still storing {@link #tar} (null: stored, or no tar); waited for by the first step that reads the context. */
    private BackgroundFileWriter storing;
    private boolean discarded;
    private final ContextIndex index;
    private final int createdMode;
    private boolean unpacked;
    /** Names unpacked so far by {@link #root(java.util.Collection)}. */
    private final Set<String> done = new java.util.HashSet<>();
    private IoAction afterUnpack = dir -> { };

    @FunctionalInterface
    interface IoAction {
        void run(Path dir) throws IOException;
    }

    private BuildContext(Path root, Path tar, BackgroundFileWriter storing, ContextIndex index, boolean unpacked,
                         int createdMode) {
        this.root = root;
        this.tar = tar;
        this.storing = storing;
        this.index = index;
        this.unpacked = unpacked;
        this.createdMode = createdMode;
    }

    /** The context's files, all unpacked on first use (a fully cached build never needs them). */
    synchronized Path root() throws IOException {
        if (!unpacked) {
            stored();
            Files.createDirectories(root);
            try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(tar), 64 * 1024)) {
                new Unpacker(root, createdMode, done.isEmpty() ? null : n -> !done.contains(n)).unpack(in);
            }
            afterUnpack.run(root);
            unpacked = true;
        }
        return root;
    }

    /**
     * The context's directory with at least {@code names} (and every symlink, which lookups may pass through)
     * unpacked: a step that misses the cache unpacks only what it reads.
     */
    synchronized Path root(java.util.Collection<String> names) throws IOException {
        if (unpacked) return root;
        Set<String> wanted = new java.util.HashSet<>(names);
        wanted.addAll(index.symlinks());
        for (String n : List.copyOf(wanted)) {
            String target = index.hardLinkTarget(n);
            if (target != null) wanted.add(target);
        }
        wanted.remove(".");
        wanted.removeAll(done);
        Files.createDirectories(root);
        if (!wanted.isEmpty()) {
            stored();
            try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(tar), 64 * 1024)) {
                new Unpacker(root, createdMode, wanted::contains).unpack(in);
            }
            done.addAll(wanted);
        }
        return root;
    }

    /** Waits until the tar is on disk (a fully cached build never does). */
    private void stored() throws IOException {
        if (discarded) throw new IOException("the build context was discarded: the build has ended");
        if (storing == null) return;
        storing.close();
        storing = null;
    }

    /**
     * Stops storing the tar if that is still under way: the build has ended and nothing will read it. Called before
     * the build's directory is removed.
     */
    synchronized void discard() {
        discarded = true;
        if (storing == null) return;
        storing.abort();
        storing = null;
    }

    /** Runs once the files are unpacked (the .dockerignore removals), or at once if they are. */
    synchronized void afterUnpack(IoAction action) throws IOException {
        afterUnpack = action;
        if (unpacked) action.run(root);
    }

    ContextIndex index() {
        return index;
    }

    /** The content digest of a regular file of the context (sha256 hex), or null. */
    String digestOf(String name) {
        return index.digestOf(name);
    }

    /** A small file's content (one of those asked for when receiving), or null when the context has no such file. */
    byte[] content(String name) {
        return index.content(name);
    }

    /** The mode the context's root directory has once unpacked. */
    int rootMode() {
        return 0755;
    }

    /** As {@link #receive}, unpacked at once: for tests. */
    static BuildContext unpack(InputStream body, Path dir) throws IOException {
        BuildContext c = receive(body, dir, Set.of());
        c.root();
        return c;
    }

    /**
     * Receives {@code body} for {@code dir} (which must not exist): a tar is stored as one file beside it and indexed
     * (names checked, contents hashed, the {@code keep} files' contents kept); a lone Dockerfile is written at once.
     */
    static BuildContext receive(InputStream body, Path dir, Set<String> keep) throws IOException {
        return receive(body, dir, keep, new DigestMemo());
    }

    /** As above, with the digests of files hashed by earlier builds taken from {@code memo}. */
    static BuildContext receive(InputStream body, Path dir, Set<String> keep, DigestMemo memo) throws IOException {
        Files.createDirectories(dir.getParent());
        int createdMode = createdMode(dir.getParent());
        BufferedInputStream in = new BufferedInputStream(Decompression.decompressed(body), 64 * 1024);
        in.mark(512);
        byte[] head = in.readNBytes(512);
        in.reset();
        if (head.length == 0 || !isTar(head)) {
            Files.createDirectory(dir);
            byte[] content = in.readAllBytes();
            if (head.length > 0) Files.write(dir.resolve(LONE_DOCKERFILE), content, StandardOpenOption.CREATE_NEW);
            java.io.ByteArrayOutputStream t = new java.io.ByteArrayOutputStream();
            if (head.length > 0) {
                try (var w = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(t)) {
                    var e = new TarArchiveEntry(LONE_DOCKERFILE);
                    e.setSize(content.length);
                    e.setMode(0644);
                    w.putArchiveEntry(e);
                    w.write(content);
                    w.closeArchiveEntry();
                }
            }
            ContextIndex index = ContextIndex.read(new java.io.ByteArrayInputStream(t.toByteArray()),
                    Set.of(LONE_DOCKERFILE), createdMode);
            return new BuildContext(dir, null, null, index, true, createdMode);
        }
        Path tarFile = dir.resolveSibling(dir.getFileName() + ".tar");
        ContextIndex index;
        // one pass: the bytes are stored as they are indexed; what follows the tar's end marker is stored too. The
        // build goes on while the last chunks are still being written: only a step that reads the files waits.
        BackgroundFileWriter out = new BackgroundFileWriter(tarFile);
        try {
            InputStream tee = new berth.engine.content.TeeInputStream(in, out);
            index = ContextIndex.read(tee, keep, createdMode, memo);
            tee.transferTo(OutputStream.nullOutputStream());
            out.finish();
        } catch (IOException | RuntimeException | Error e) {
            out.abort();
            throw e;
        }
        return new BuildContext(dir, tarFile, out, index, false, createdMode);
    }

    /** The mode a new file gets in {@code dir} (0666 less berthd's umask), found by making one. */
    private static int createdMode(Path dir) throws IOException {
        Path probe = Files.createTempFile(dir, ".mode", "");
        try {
            Files.delete(probe);
            Files.newOutputStream(probe, StandardOpenOption.CREATE_NEW).close();
            return (Integer) Files.getAttribute(probe, "unix:mode") & 07777;
        } finally {
            Files.deleteIfExists(probe);
        }
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
        if (isClean(name)) return name;
        List<String> parts = new ArrayList<>();
        for (String c : name.split("/")) {
            if (c.isEmpty() || c.equals(".")) continue;
            if (c.equals("..")) throw new InvalidArgumentException(what + " \"" + name + "\" leaves the build context");
            parts.add(c);
        }
        return String.join("/", parts);
    }

    /**
     * Whether a name is already clean: not empty, no empty, "." or ".." part (so no trailing slash either). Checked
     * without splitting, since a context has thousands of names and nearly all of them are clean.
     */
    private static boolean isClean(String name) {
        int end = name.length();
        int start = 0;
        while (start <= end) {
            int slash = name.indexOf('/', start);
            if (slash < 0) slash = end;
            int len = slash - start;
            if (len == 0) return false;
            if (name.charAt(start) == '.' && (len == 1 || (len == 2 && name.charAt(start + 1) == '.'))) return false;
            start = slash + 1;
        }
        return true;
    }

    private static final class Unpacker {
        private final Path root;
        private final Map<Path, FileTime> dirTimes = new LinkedHashMap<>();
        private final byte[] buffer = new byte[64 * 1024];
        /** Directories known to be real directories of the context (made or checked): not looked at again. */
        private final java.util.Set<Path> directories = new java.util.HashSet<>();

        private final int createdMode;
        /** The names to unpack; null: all. */
        private final java.util.function.Predicate<String> wanted;

        Unpacker(Path root, int createdMode, java.util.function.Predicate<String> wanted) {
            this.root = root;
            this.createdMode = createdMode;
            this.wanted = wanted;
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
            if (wanted != null && !wanted.test(name)) return;
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
                return;
            }
            if (!e.isFile()) return; // devices, fifos: a context has no use for them
            try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                int n;
                while ((n = tar.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                }

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
