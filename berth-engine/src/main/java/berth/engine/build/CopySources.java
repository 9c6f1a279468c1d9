package berth.engine.build;

import berth.api.errors.InvalidArgumentException;
import berth.engine.layer.RootPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The files a COPY or ADD reads: each source resolved inside its root (the context, or another stage's or image's
 * filesystem), globs expanded, what .dockerignore excludes left out, and the digest of what was found (names,
 * types, modes, link targets and content; never times), which is the step's cache input.
 */
final class CopySources {
    /**
     * One source: its name as the user wrote it (after substitution), where it is, and what it holds; with
     * {@code COPY --parents}, the pivot its path under the destination starts from (else null).
     */
    record Source(String written, String name, Path path, BasicFileAttributes attributes, String pivot) {
        Source(String written, String name, Path path, BasicFileAttributes attributes) {
            this(written, name, path, attributes, null);
        }

        boolean isDirectory() {
            return attributes.isDirectory();
        }
    }

    private final Path root;
    private final Predicate<String> excluded;
    private final BuildContext context;

    /** {@code context} non-null: the root is the build context, whose digests were computed while unpacking. */
    CopySources(Path root, Predicate<String> excluded, BuildContext context) {
        this.root = root;
        this.excluded = excluded;
        this.context = context;
    }

    Path root() {
        return root;
    }

    List<Source> resolve(String keyword, List<String> written) throws IOException {
        return resolve(keyword, written, CopySelection.PLAIN);
    }

    /** The sources, with {@code --parents} applied (a source matching nothing is no error then). */
    List<Source> resolve(String keyword, List<String> written, CopySelection selection) throws IOException {
        List<Source> out = new ArrayList<>();
        for (String w : written) {
            if (selection.parents()) {
                refuseRemote(keyword, w);
                CopySelection.Pivoted p = CopySelection.pivot(keyword, w);
                Path below = RootPath.join(root, RootPath.follow(root, RootPath.clean(p.pivot())));
                if (!Files.isDirectory(below)) continue;
                List<String> names = new ArrayList<>();
                try (Stream<Path> walk = Files.walk(below)) {
                    for (Path f : walk.toList()) {
                        if (f.equals(root)) continue;
                        String rel = root.relativize(f).toString();
                        if (!excluded.test(rel)) names.add(rel);
                    }
                }
                java.util.Collections.sort(names);
                for (String n : CopySelection.matches(p, names)) {
                    Path path = root.resolve(n);
                    out.add(new Source(w, n, path, lstat(path), p.pivot()));
                }
                continue;
            }
            refuseRemote(keyword, w);
            String clean = clean(keyword, w);
            if (isGlob(clean)) {
                List<Source> matches = glob(w, clean);
                if (matches.isEmpty()) {
                    throw new InvalidArgumentException(keyword + " failed: no source files were specified");
                }
                out.addAll(matches);
                continue;
            }
            out.add(single(keyword, w, clean));
        }
        return out;
    }

    /** URLs and git sources: builds here have no network. */
    static void refuseRemote(String keyword, String w) {
        if (w.startsWith("http://") || w.startsWith("https://")) {
            if (keyword.equals("COPY")) throw new InvalidArgumentException("COPY failed: source can't be a URL for COPY");
            throw new InvalidArgumentException("ADD failed: " + w + " is a URL, and builds here have no network "
                    + "access to download it: fetch it into the build context and ADD or COPY the file instead");
        }
        if (w.startsWith("git@") || w.endsWith(".git")) {
            throw new InvalidArgumentException(keyword + " failed: " + w + " is a git repository, which builds "
                    + "here cannot clone: put its files in the build context");
        }
    }

    static String clean(String keyword, String w) {
        List<String> parts = new ArrayList<>();
        for (String c : w.split("/")) {
            if (c.isEmpty() || c.equals(".")) continue;
            if (c.equals("..")) {
                if (parts.isEmpty()) {
                    throw new InvalidArgumentException(keyword + " failed: forbidden path outside the build context: "
                            + w);
                }
                parts.removeLast();
            } else {
                parts.add(c);
            }
        }
        return String.join("/", parts);
    }

    private Source single(String keyword, String written, String clean) throws IOException {
        List<String> followed = clean.isEmpty() ? List.of() : RootPath.follow(root, List.of(clean.split("/")));
        String name = String.join("/", followed);
        Path path = RootPath.join(root, followed);
        BasicFileAttributes a = lstat(path);
        if (a == null || (!name.isEmpty() && excluded.test(name))) {
            throw new InvalidArgumentException(keyword + " failed: file not found in build context or excluded by "
                    + ".dockerignore: stat " + clean + ": file does not exist");
        }
        return new Source(written, name, path, a);
    }

    private List<Source> glob(String written, String clean) throws IOException {
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + clean);
        int depth = clean.split("/").length;
        List<Source> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root, depth)) {
            for (Path p : s.sorted().toList()) {
                if (p.equals(root)) continue;
                String rel = root.relativize(p).toString();
                if (rel.split("/").length != depth || !m.matches(Path.of(rel)) || excluded.test(rel)) continue;
                out.add(new Source(written, rel, p, lstat(p)));
            }
        }
        return out;
    }

    static boolean isGlob(String s) {
        return s.contains("*") || s.contains("?") || s.contains("[");
    }

    /**
     * The digest of what {@code sources} hold, and per file its own digest (for telling what changed): each entry's
     * name, type, mode, link target and content, in name order.
     */
    record Fingerprint(String digest, Map<String, String> files, int sources, boolean singleFile) {}

    Fingerprint fingerprint(List<Source> sources) throws IOException {
        return fingerprint(sources, CopySelection.PLAIN);
    }

    /** As above, leaving out what {@code --exclude} does; with {@code --parents}, the directories on the way too. */
    Fingerprint fingerprint(List<Source> sources, CopySelection selection) throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (Source s : sources) {
            if (selection.excluded(s.name(), s.name(), s.isDirectory(), s.pivot())) continue;
            if (s.pivot() != null) {
                for (String d : CopySelection.between(s.pivot(), s.name())) files.put(d, entryDigest(root.resolve(d), d));
            }
            if (s.isDirectory()) {
                try (Stream<Path> walk = Files.walk(s.path())) {
                    for (Path p : walk.sorted().toList()) {
                        String rel = root.relativize(p).toString();
                        if (!rel.isEmpty() && excluded.test(rel)) continue;
                        if (selection.excluded(rel, s.name(), true, s.pivot())) continue;
                        files.put(rel.isEmpty() ? "." : rel, entryDigest(p, rel));
                    }
                }
            } else {
                files.put(s.name(), entryDigest(s.path(), s.name()));
            }
        }
        MessageDigest all = berth.engine.content.Digest.newSha256();
        for (Map.Entry<String, String> e : files.entrySet()) {
            all.update((e.getKey() + "\0" + e.getValue() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return new Fingerprint(HexFormat.of().formatHex(all.digest()), files, sources.size(),
                sources.size() == 1 && !sources.getFirst().isDirectory());
    }

    private String entryDigest(Path p, String rel) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,size", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        int type = mode & 0170000;
        String head = Integer.toOctalString(mode);
        if (type == 0120000) return head + ":" + Files.readSymbolicLink(p);
        if (type != 0100000) return head;
        String known = context == null ? null : context.digestOf(rel);
        if (known != null) return head + ":" + known.substring(0, 16);
        MessageDigest d = berth.engine.content.Digest.newSha256();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while ((n = in.read(buffer)) > 0) d.update(buffer, 0, n);
        }
        return head + ":" + HexFormat.of().formatHex(d.digest()).substring(0, 16);
    }

    static BasicFileAttributes lstat(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
