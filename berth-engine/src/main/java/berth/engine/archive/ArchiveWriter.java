package berth.engine.archive;

import berth.api.Json;
import berth.api.errors.DataLossException;
import berth.engine.content.ContentStore;
import berth.engine.content.Digest;
import berth.engine.image.Descriptor;
import berth.engine.image.Manifest;
import berth.engine.image.MediaTypes;
import berth.engine.image.Reference;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a docker-archive as Docker 25+ does: {@code manifest.json} and {@code repositories} for every docker
 * version, and an OCI image layout ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/}) that holds the
 * same files, so that skopeo and other OCI tools read it too. Each blob is written as stored, verified as it is read:
 * the manifest exactly as pulled (so its digest is the one the registry gave), and layers compressed when they were
 * pulled compressed; {@code docker load} decompresses layers itself, and a compressed layer is a quarter of the bytes
 * to write, hash and carry.
 *
 * <p>The metadata and configs come first, layers last, so that a reader can unpack each layer as it streams by (Berth's
 * load does). Times are the epoch and entries are in a fixed order: saving the same images twice gives the same bytes.
 */
final class ArchiveWriter implements ImageArchives.Archive {
    private static final String BLOBS = "blobs/sha256/";

    /** One image as it goes into the archive. */
    record Item(SaveSelection.Selected selected, byte[] manifestBytes, Manifest manifest) {}

    private final ContentStore content;
    private final List<Item> items;

    ArchiveWriter(ContentStore content, List<Item> items) {
        this.content = content;
        this.items = items;
    }

    /** Reads each image's manifest and checks that its blobs are stored, so that a save fails before it starts. */
    static ArchiveWriter prepare(ContentStore content, List<SaveSelection.Selected> selected) {
        List<Item> items = new ArrayList<>();
        for (SaveSelection.Selected s : selected) {
            Digest manifestDigest = s.image().manifestDigest();
            try {
                byte[] bytes = content.readAll(manifestDigest);
                Manifest m = Manifest.parse(bytes, null);
                List<Digest> needed = new ArrayList<>();
                needed.add(s.image().id());
                for (Descriptor d : m.layers()) needed.add(d.digest());
                for (Digest d : needed) {
                    if (!content.exists(d)) throw new IOException("blob " + d + " is missing");
                }
                if (!m.config().digest().equals(s.image().id())) throw new IOException("its manifest names another config");
                items.add(new Item(s, bytes, m));
            } catch (IOException | RuntimeException e) {
                throw new DataLossException("image " + s.image().id() + " cannot be saved: " + e.getMessage()
                        + "; remove it and pull or import it again", e);
            }
        }
        return new ArchiveWriter(content, items);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new NonClosing(out), 64 * 1024);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        directory(tar, "blobs/");
        directory(tar, BLOBS);
        Set<Digest> written = new LinkedHashSet<>();
        for (Item item : items) {
            Digest config = item.selected().image().id();
            if (written.add(config)) blob(tar, config);
        }
        for (Item item : items) {
            Digest manifest = item.selected().image().manifestDigest();
            if (written.add(manifest)) file(tar, BLOBS + manifest.hex(), item.manifestBytes());
        }
        file(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        file(tar, "index.json", indexJson());
        file(tar, "manifest.json", manifestJson());
        file(tar, "repositories", repositoriesJson());
        for (Item item : items) {
            for (Descriptor layer : item.manifest().layers()) {
                if (written.add(layer.digest())) blob(tar, layer.digest());
            }
        }
        tar.finish();
        tar.flush();
    }

    private byte[] manifestJson() throws IOException {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Item item : items) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("Config", BLOBS + item.selected().image().id().hex());
            e.put("RepoTags", item.selected().tags().isEmpty() ? null
                    : item.selected().tags().stream().map(Reference::familiarString).toList());
            e.put("Layers", item.manifest().layers().stream().map(d -> BLOBS + d.digest().hex()).toList());
            entries.add(e);
        }
        return Json.mapper().writeValueAsBytes(entries);
    }

    /** The legacy {@code repositories} file: repository → tag → the top layer's file name. */
    private byte[] repositoriesJson() throws IOException {
        Map<String, Map<String, String>> repos = new LinkedHashMap<>();
        for (Item item : items) {
            List<Descriptor> layers = item.manifest().layers();
            if (layers.isEmpty()) continue;
            for (Reference tag : item.selected().tags()) {
                repos.computeIfAbsent(tag.familiarRepository(), r -> new LinkedHashMap<>())
                        .put(tag.tag(), layers.getLast().digest().hex());
            }
        }
        return Json.mapper().writeValueAsBytes(repos);
    }

    /** One index entry per tag (naming it as containerd and OCI tools read it), one for an untagged image. */
    private byte[] indexJson() throws IOException {
        List<Map<String, Object>> manifests = new ArrayList<>();
        for (Item item : items) {
            List<Map<String, String>> annotations = new ArrayList<>();
            for (Reference tag : item.selected().tags()) {
                annotations.add(Map.of("io.containerd.image.name", tag.toString(),
                        "org.opencontainers.image.ref.name", tag.tag()));
            }
            if (annotations.isEmpty()) annotations.add(null);
            for (Map<String, String> a : annotations) {
                Map<String, Object> d = new LinkedHashMap<>();
                String type = item.manifest().mediaType();
                d.put("mediaType", type == null ? MediaTypes.DOCKER_MANIFEST : type);
                d.put("digest", item.selected().image().manifestDigest().toString());
                d.put("size", item.manifestBytes().length);
                if (a != null) d.put("annotations", new java.util.TreeMap<>(a));
                manifests.add(d);
            }
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        index.put("manifests", manifests);
        return Json.mapper().writeValueAsBytes(index);
    }

    private void blob(TarArchiveOutputStream tar, Digest digest) throws IOException {
        long size = content.size(digest).orElseThrow(() -> new IOException("blob " + digest + " is missing"));
        TarArchiveEntry e = entry(BLOBS + digest.hex(), size);
        tar.putArchiveEntry(e);
        long copied;
        try (InputStream in = content.open(digest)) {
            copied = in.transferTo(tar);
        }
        if (copied != size) throw new IOException("blob " + digest + " changed size while it was saved");
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        tar.putArchiveEntry(entry(name, data.length));
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(040755);
        e.setModTime(0);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry entry(String name, long size) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(size);
        e.setMode(0100644);
        e.setModTime(0);
        return e;
    }

    /** The caller owns the response stream; finishing the tar must not close it. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
