package berth.engine.build;

import berth.api.errors.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * What a context tar holds, read once without unpacking it: every entry's type, mode, link target and content
 * digest, checked for hostile names on the way. A fully cached build needs nothing more; the files are unpacked only
 * when a step must read them ({@link BuildContext#root}). The fingerprints it gives are those {@link CopySources}
 * would give for the unpacked files.
 */
final class ContextIndex {
    /** One entry: mode with its type bits (as lstat gives it), link target, sha256 prefix of a file's content. */
    record Meta(int mode, String link, String digest) {
        boolean isDirectory() {
            return (mode & 0170000) == 0040000;
        }

        boolean isSymlink() {
            return (mode & 0170000) == 0120000;
        }
    }

    private static final int LINKS = 40;
    private final TreeMap<String, Meta> entries = new TreeMap<>();
    private final Map<String, byte[]> kept = new HashMap<>();
    /** Hard links: name to the name it links to (which must be unpacked first). */
    private final Map<String, String> hardLinks = new HashMap<>();
    /** The directory whose entries {@link #parents} last checked ("": none yet). */
    private String checkedParent = "";

    /** Files up to this size are held while their CRC is computed, so that a memo miss hashes them from memory. */
    private static final int HELD = 8 << 20;

    /** Reads the tar, keeping the content of the entries named in {@code keep} (the Dockerfile, ignore files). */
    static ContextIndex read(InputStream tar, Set<String> keep, int createdFileMode) throws IOException {
        return read(tar, keep, createdFileMode, new DigestMemo());
    }

    /** As above, taking the digests of files {@code memo} knows from it (and telling it those it learns). */
    static ContextIndex read(InputStream tar, Set<String> keep, int createdFileMode, DigestMemo memo) throws IOException {
        ContextIndex index = new ContextIndex();
        TarArchiveInputStream in = new TarArchiveInputStream(tar);
        MessageDigest sha = berth.engine.content.Digest.newSha256();
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        byte[] buffer = new byte[64 * 1024];
        byte[] held = new byte[256 * 1024];
        TarArchiveEntry e;
        while ((e = in.getNextEntry()) != null) {
            String name = BuildContext.cleanName(e.getName(), "context entry");
            if (name.isEmpty()) continue;
            index.parents(name);
            Meta existing = index.entries.get(name);
            int perm = e.getMode() & 07777;
            if (e.isDirectory()) {
                if (existing != null && !existing.isDirectory()) {
                    throw new InvalidArgumentException("context entry \"" + name + "\" is both a file and a directory");
                }
                index.entries.put(name, new Meta(0040000 | (perm == 0 ? 0755 : perm), null, null));
                continue;
            }
            if (existing != null && existing.isDirectory()) {
                throw new InvalidArgumentException("context entry \"" + name + "\" is both a file and a directory");
            }
            if (e.isSymbolicLink()) {
                index.entries.put(name, new Meta(0120777, e.getLinkName(), null));
            } else if (e.isLink()) {
                String target = BuildContext.cleanName(e.getLinkName(), "hard link target of \"" + name + "\"");
                Meta t = index.entries.get(target);
                if (t == null || t.digest() == null) {
                    throw new InvalidArgumentException("context entry \"" + name + "\" links to a missing file");
                }
                index.entries.put(name, t);
                index.hardLinks.put(name, target);
            } else if (e.isFile()) {
                boolean keepIt = keep.contains(name) && e.getSize() <= (4 << 20);
                java.io.ByteArrayOutputStream content = keepIt ? new java.io.ByteArrayOutputStream() : null;
                String digest;
                crc.reset();
                if (e.getSize() <= HELD) {
                    // CRC first, over the bytes held in memory; SHA-256 only when the memo does not know the file
                    if (held.length < e.getSize()) held = new byte[(int) Math.max(e.getSize(), held.length * 2L)];
                    int size = in.readNBytes(held, 0, (int) e.getSize());
                    crc.update(held, 0, size);
                    if (content != null) content.write(held, 0, size);
                    DigestMemo.Key key = new DigestMemo.Key(name, size, e.getModTime().getTime(), perm, (int) crc.getValue());
                    digest = memo.get(key);
                    if (digest == null) {
                        sha.update(held, 0, size);
                        digest = HexFormat.of().formatHex(sha.digest());
                        memo.put(key, digest);
                    }
                } else {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        sha.update(buffer, 0, n);
                        if (content != null) content.write(buffer, 0, n);
                    }
                    digest = HexFormat.of().formatHex(sha.digest());
                }
                if (content != null) index.kept.put(name, content.toByteArray());
                index.entries.put(name, new Meta(0100000 | perm, null, digest));
            }
            // devices and fifos: nothing a build reads
        }
        return index;
    }

    /**
     * Checks the parents of an entry: each must be a directory (made implicitly, 0755, when the tar has none). A
     * directory stays one (no later entry may replace it), so the last parent checked is not checked again: a
     * directory's files follow one another in a tar.
     */
    private void parents(String name) {
        int last = name.lastIndexOf('/');
        if (last < 0) return;
        if (last == checkedParent.length() && name.startsWith(checkedParent)) return;
        int slash = -1;
        while ((slash = name.indexOf('/', slash + 1)) > 0) {
            String parent = name.substring(0, slash);
            Meta m = entries.get(parent);
            if (m == null) {
                entries.put(parent, new Meta(0040755, null, null));
            } else if (m.isSymlink()) {
                throw new InvalidArgumentException("context entry \"" + name + "\" goes through the symlink \"" + parent + "\"");
            } else if (!m.isDirectory()) {
                throw new InvalidArgumentException("context entry \"" + name + "\" is below a file");
            }
        }
        checkedParent = name.substring(0, last);
    }

    /** The name a hard link links to, or null. */
    String hardLinkTarget(String name) {
        return hardLinks.get(name);
    }

    /** The names of the context's symlinks. */
    List<String> symlinks() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Meta> e : entries.entrySet()) if (e.getValue().isSymlink()) out.add(e.getKey());
        return out;
    }

    byte[] content(String name) {
        return kept.get(name);
    }

    boolean has(String name) {
        return entries.containsKey(name);
    }

    String digestOf(String name) {
        Meta m = entries.get(name);
        return m == null ? null : m.digest();
    }

    /** The fingerprint {@link CopySources#fingerprint} gives for these sources once unpacked, from the index alone. */
    CopySources.Fingerprint fingerprint(String keyword, List<String> written, Predicate<String> excluded,
                                        int rootMode) {
        return fingerprint(keyword, written, excluded, rootMode, CopySelection.PLAIN);
    }

    /** As above, with {@code --parents} and {@code --exclude} applied as {@code selection} says. */
    CopySources.Fingerprint fingerprint(String keyword, List<String> written, Predicate<String> excluded,
                                        int rootMode, CopySelection selection) {
        Map<String, String> files = new TreeMap<>();
        int count = 0;
        boolean singleFile = false;
        for (String w : written) {
            CopySources.refuseRemote(keyword, w);
            List<String> names = new ArrayList<>();
            String pivot = null;
            if (selection.parents()) {
                CopySelection.Pivoted p = CopySelection.pivot(keyword, w);
                pivot = p.pivot();
                for (String n : CopySelection.matches(p, entries.keySet())) if (!excluded.test(n)) names.add(n);
            } else {
                String clean = CopySources.clean(keyword, w);
                if (CopySources.isGlob(clean)) {
                    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + clean);
                    int depth = clean.split("/").length;
                    for (String n : entries.keySet()) {
                        if (n.split("/").length == depth && m.matches(Path.of(n)) && !excluded.test(n)) names.add(n);
                    }
                    if (names.isEmpty()) throw new InvalidArgumentException(keyword + " failed: no source files were specified");
                } else {
                    String n = follow(clean);
                    if ((!n.isEmpty() && (!entries.containsKey(n) || excluded.test(n)))) {
                        throw new InvalidArgumentException(keyword + " failed: file not found in build context or excluded "
                                + "by .dockerignore: stat " + clean + ": file does not exist");
                    }
                    names.add(n);
                }
            }
            for (String n : names) {
                count++;
                Meta m = n.isEmpty() ? new Meta(0040000 | rootMode, null, null) : entries.get(n);
                singleFile = !m.isDirectory();
                if (selection.excluded(n, n, m.isDirectory(), pivot)) continue;
                if (pivot != null) {
                    for (String d : CopySelection.between(pivot, n)) files.put(d, entry(entries.get(d)));
                }
                if (m.isDirectory()) {
                    files.put(n.isEmpty() ? "." : n, entry(m));
                    String prefix = n.isEmpty() ? "" : n + "/";
                    for (Map.Entry<String, Meta> e : entries.tailMap(prefix).entrySet()) {
                        if (!e.getKey().startsWith(prefix)) break;
                        if (excluded.test(e.getKey())) continue;
                        if (selection.excluded(e.getKey(), n, true, pivot)) continue;
                        files.put(e.getKey(), entry(e.getValue()));
                    }
                } else {
                    files.put(n, entry(m));
                }
            }
        }
        MessageDigest all = berth.engine.content.Digest.newSha256();
        for (Map.Entry<String, String> e : files.entrySet()) {
            all.update((e.getKey() + "\0" + e.getValue() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return new CopySources.Fingerprint(HexFormat.of().formatHex(all.digest()), files, count, count == 1 && singleFile);
    }

    private static String entry(Meta m) {
        String head = Integer.toOctalString(m.mode());
        if (m.isSymlink()) return head + ":" + m.link();
        if (m.digest() == null) return head;
        return head + ":" + m.digest().substring(0, 16);
    }

    /** RootPath.follow over the index: symlinks on the way (the last one too) are followed inside the context. */
    private String follow(String clean) {
        Deque<String> todo = new ArrayDeque<>(clean.isEmpty() ? List.of() : List.of(clean.split("/")));
        List<String> current = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) continue;
            if (c.equals("..")) {
                if (!current.isEmpty()) current.removeLast();
                continue;
            }
            List<String> next = new ArrayList<>(current);
            next.add(c);
            Meta m = entries.get(String.join("/", next));
            if (m == null || (!m.isDirectory() && !m.isSymlink() && !todo.isEmpty())) {
                List<String> rest = new ArrayList<>(next);
                rest.addAll(todo);
                return String.join("/", rest);
            }
            if (m.isSymlink()) {
                if (++links > LINKS) return String.join("/", next);
                String target = m.link();
                if (target.startsWith("/")) current.clear();
                List<String> parts = List.of(target.split("/"));
                for (int i = parts.size() - 1; i >= 0; i--) todo.addFirst(parts.get(i));
                continue;
            }
            current = next;
        }
        return String.join("/", current);
    }
}
