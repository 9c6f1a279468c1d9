package berth.engine.build;

import berth.api.errors.InvalidArgumentException;
import berth.engine.layer.Decompression;
import berth.engine.layer.RootPath;
import berth.engine.layer.TarExtractor;
import berth.engine.sys.FileSystemCalls;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Lays out what a COPY or ADD adds, as a layer's tree in a staging directory, by Docker's rules: a directory source
 * gives its contents, not itself; a destination ending in "/" (or one that is a directory in the image) receives a
 * file under its own name, else the file takes the destination's name; several sources need a directory
 * destination ending in "/". New files belong to root unless {@code --chown} says otherwise; parent directories the
 * image has keep their mode and owner, missing ones are made 0755 for the copy's owner. ADD unpacks local tar
 * archives (plain, gzip, bzip2, xz) into the destination.
 */
final class CopyLayer {
    private final Path staging;
    /** The image's filesystem below the step (a read-only view), or null for scratch. */
    private final Path image;
    private final int uid;
    private final int gid;
    private final Integer chmod;
    private final boolean hardLinks;

    CopyLayer(Path staging, Path image, int[] owner, Integer chmod) {
        this.staging = staging;
        this.image = image;
        this.uid = owner == null ? 0 : owner[0];
        this.gid = owner == null ? 0 : owner[1];
        this.chmod = chmod;
        // the context's own files are root's: they can share their inode with the layer when nothing changes them
        this.hardLinks = owner == null && chmod == null;
    }

    void copy(String keyword, List<CopySources.Source> sources, String destination, boolean add, boolean fromContext)
            throws IOException {
        copy(keyword, sources, destination, add, fromContext, CopySelection.PLAIN);
    }

    /** As above, with {@code --parents} and {@code --exclude} applied as {@code selection} says. */
    void copy(String keyword, List<CopySources.Source> sources, String destination, boolean add, boolean fromContext,
              CopySelection selection) throws IOException {
        if (selection.parents()) {
            List<String> dest = image == null ? RootPath.clean(destination) : RootPath.follow(image, RootPath.clean(destination));
            for (CopySources.Source s : sources) copyWithParents(s, dest, hardLinks && fromContext, selection);
            return;
        }
        boolean dirDest = destination.endsWith("/") || destination.endsWith("/.");
        // symlinks the image has on the way are followed inside it, as a copy into the container would
        List<String> dest = image == null ? RootPath.clean(destination) : RootPath.follow(image, RootPath.clean(destination));
        if (sources.size() > 1 && !dirDest) {
            throw new InvalidArgumentException("When using " + keyword + " with more than one source file, the "
                    + "destination must be a directory and end with a /");
        }
        if (!dirDest && isDirectoryInImage(dest)) dirDest = true;
        for (CopySources.Source s : sources) {
            boolean linkOk = hardLinks && fromContext;
            if (selection.excluded(s.name(), s.name(), s.isDirectory(), null)) continue;
            if (s.isDirectory()) {
                Path target = directory(dest);
                copyTree(s.path(), target, linkOk, rel -> selection.excluded(join(s.name(), rel), s.name(), true, null));
            } else if (add && !s.attributes().isSymbolicLink() && isArchive(s.path())) {
                Path target = directory(dest);
                try (InputStream in = Decompression.decompressed(Files.newInputStream(s.path()))) {
                    TarExtractor.extractCopy(in, target, new TarExtractor.Options(false, false, null));
                }
            } else {
                List<String> name = new ArrayList<>(dest);
                if (dirDest || dest.isEmpty()) name.add(s.path().getFileName().toString());
                Path parent = directory(name.subList(0, name.size() - 1));
                copyEntry(s.path(), parent.resolve(name.getLast()), linkOk);
            }
        }
    }

    /**
     * One {@code --parents} match: its path from the pivot is kept under the destination, the directories on the
     * way made as the source has them.
     */
    private void copyWithParents(CopySources.Source s, List<String> dest, boolean linkOk, CopySelection selection)
            throws IOException {
        if (selection.excluded(s.name(), s.name(), s.isDirectory(), s.pivot())) return;
        List<String> rel = RootPath.clean(s.pivot().isEmpty() ? s.name() : s.name().substring(s.pivot().length() + 1));
        Path from = s.path();
        for (int i = 0; i < rel.size(); i++) from = from.getParent();
        Path target = directory(dest);
        for (int i = 0; i < rel.size() - 1; i++) {
            from = from.resolve(rel.get(i));
            target = target.resolve(rel.get(i));
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(target);
                Files.createDirectory(target);
                metadata(from, target, true);
            }
        }
        Path last = target.resolve(rel.getLast());
        if (s.isDirectory()) {
            if (!Files.isDirectory(last, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(last);
                Files.createDirectory(last);
            }
            metadata(s.path(), last, true);
            copyTree(s.path(), last, linkOk, r -> selection.excluded(join(s.name(), r), s.name(), true, s.pivot()));
        } else {
            copyEntry(s.path(), last, linkOk);
        }
    }

    private static String join(String dir, String rel) {
        return dir.isEmpty() ? rel : dir + "/" + rel;
    }

    /** Makes the directory {@code components} (WORKDIR of a directory the image lacks). */
    void mkdirs(List<String> components) throws IOException {
        directory(components);
    }

    /** The staging directory for {@code components}, with parents made as the image has them (or 0755). */
    private Path directory(List<String> components) throws IOException {
        Path p = staging;
        for (int i = 0; i < components.size(); i++) {
            p = p.resolve(components.get(i));
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) continue;
            Files.createDirectory(p);
            BasicFileAttributes inImage = image == null ? null
                    : CopySources.lstat(RootPath.join(image, components.subList(0, i + 1)));
            if (inImage != null && inImage.isDirectory()) {
                Path there = RootPath.join(image, components.subList(0, i + 1));
                Map<String, Object> a = Files.readAttributes(there, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
                FileSystemCalls.lchown(p, (Integer) a.get("uid"), (Integer) a.get("gid"));
                Files.setAttribute(p, "unix:mode", (Integer) a.get("mode") & 07777);
                Files.setLastModifiedTime(p, inImage.lastModifiedTime());
            } else {
                FileSystemCalls.lchown(p, uid, gid);
                Files.setAttribute(p, "unix:mode", 0755);
            }
        }
        return p;
    }

    private boolean isDirectoryInImage(List<String> dest) throws IOException {
        if (dest.isEmpty()) return true;
        if (image == null) return false;
        BasicFileAttributes a = CopySources.lstat(RootPath.join(image, dest));
        return a != null && a.isDirectory();
    }

    private void copyTree(Path source, Path target, boolean linkOk, java.util.function.Predicate<String> skip)
            throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.toList()) {
                if (p.equals(source)) continue;
                String relative = source.relativize(p).toString();
                if (skip.test(relative)) continue;
                Path t = target.resolve(relative);
                if (!Files.isDirectory(t.getParent(), LinkOption.NOFOLLOW_LINKS)) continue; // under a directory left out
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    if (!Files.isDirectory(t, LinkOption.NOFOLLOW_LINKS)) {
                        Files.deleteIfExists(t);
                        Files.createDirectory(t);
                    }
                    metadata(p, t, true);
                    dirs.add(p);
                } else {
                    copyEntry(p, t, linkOk);
                }
            }
        }
        // directory times last: their children changed them
        for (Path d : dirs.reversed()) {
            Path t = target.resolve(source.relativize(d).toString());
            Files.setLastModifiedTime(t, Files.getLastModifiedTime(d, LinkOption.NOFOLLOW_LINKS));
        }
    }

    private void copyEntry(Path source, Path target, boolean linkOk) throws IOException {
        BasicFileAttributes a = Files.readAttributes(source, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (CopySources.lstat(target) != null) {
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) berth.engine.layer.Trees.delete(target);
            else Files.delete(target);
        }
        if (a.isSymbolicLink()) {
            Files.createSymbolicLink(target, Files.readSymbolicLink(source));
            FileSystemCalls.lchown(target, uid, gid);
            return;
        }
        if (a.isDirectory()) {
            Files.createDirectory(target);
            metadata(source, target, true);
            return;
        }
        if (!a.isRegularFile()) return; // devices and fifos are not copied
        if (linkOk) {
            Files.createLink(target, source);
            return;
        }
        Files.copy(source, target, LinkOption.NOFOLLOW_LINKS);
        metadata(source, target, false);
    }

    private void metadata(Path source, Path target, boolean dir) throws IOException {
        int mode = (Integer) Files.getAttribute(source, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
        FileSystemCalls.lchown(target, uid, gid);
        Files.setAttribute(target, "unix:mode", chmod != null ? chmod : mode);
        FileTime t = Files.getLastModifiedTime(source, LinkOption.NOFOLLOW_LINKS);
        if (!dir) Files.setLastModifiedTime(target, t);
    }

    /** Docker's ADD unpacks what is a tar archive by its content, compressed or not. */
    static boolean isArchive(Path file) {
        try (InputStream raw = Files.newInputStream(file);
             BufferedInputStream in = new BufferedInputStream(Decompression.decompressed(raw))) {
            byte[] head = in.readNBytes(512);
            return BuildContext.isTar(head);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
