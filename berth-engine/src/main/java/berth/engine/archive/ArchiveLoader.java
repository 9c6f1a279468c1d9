package berth.engine.archive;

import berth.api.errors.InvalidArgumentException;
import berth.api.model.ProgressMessage;
import berth.engine.content.ContentStore;
import berth.engine.content.Digest;
import berth.engine.content.DigestMismatchException;
import berth.engine.content.TeeInputStream;
import berth.engine.events.EventService;
import berth.engine.image.Descriptor;
import berth.engine.image.ImageStore;
import berth.engine.image.MediaTypes;
import berth.engine.image.Platform;
import berth.engine.image.Reference;
import berth.engine.layer.Decompression;
import berth.engine.layer.LayerStore;
import berth.engine.store.Leases;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * One {@code docker load}, in one pass over the archive. Nothing of the archive is written under its own names:
 * small files stay in memory, the others become blobs in the content store, named by their digest (and a file named
 * {@code blobs/sha256/<hex>} must have that digest). A layer whose image is already known when it streams by (Berth's
 * own archives put manifest.json and the configs first) is unpacked in the same pass; the others are unpacked from
 * their stored blob once the archive has been read. Every layer's diff ID is checked against its config.
 *
 * <p>All layers of all images are registered before any image row or tag is written, so a damaged archive adds no
 * image; the caller's lease keeps the new blobs and layers until the rows reference them, and a collection after a
 * failure removes them.
 */
final class ArchiveLoader {
    private static final Pattern BLOB_NAME = Pattern.compile("blobs/sha256/([a-f0-9]{64})");

    private final ContentStore content;
    private final LayerStore layers;
    private final ImageStore store;
    private final EventService events;
    private final Leases.Lease lease;
    private final boolean quiet;
    private final Platform platform;
    private final Consumer<ProgressMessage> progress;
    private final ArchiveFiles files;
    private List<LoadPlan.Image> plan;

    ArchiveLoader(ContentStore content, LayerStore layers, ImageStore store, EventService events, Leases.Lease lease,
                  boolean quiet, Platform platform, Consumer<ProgressMessage> progress) {
        this.content = content;
        this.layers = layers;
        this.store = store;
        this.events = events;
        this.lease = lease;
        this.quiet = quiet;
        this.platform = platform;
        this.progress = progress;
        this.files = new ArchiveFiles(content);
    }

    void load(InputStream archive) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(Decompression.decompressed(archive), 64 * 1024);
        boolean any = false;
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            any = true;
            String name = ArchivePath.clean(e.getName());
            if (e.isSymbolicLink()) {
                files.link(name, ArchivePath.linkTarget(name, e.getLinkName()));
            } else if (e.isLink()) {
                files.link(name, ArchivePath.clean(e.getLinkName()));
            } else if (e.isFile()) {
                Optional<Unpackable> now = plan == null ? Optional.empty() : unpackableNow(name);
                if (now.isPresent()) {
                    unpackStreaming(name, e, tar, now.get());
                } else {
                    readFile(name, e, tar);
                }
                if (plan == null && files.has(LoadPlan.MANIFEST_JSON)) plan = tryPlan();
            }
            // directories and other entry types carry nothing a load needs
        }
        if (!any) throw new InvalidArgumentException("invalid archive: it is empty or not a tar archive");
        List<LoadPlan.Image> images = finalPlan();
        List<Loaded> loaded = new ArrayList<>();
        for (LoadPlan.Image image : images) loaded.add(registerLayers(image));
        for (Loaded l : loaded) commit(l);
    }

    /** A layer that can be unpacked as it streams: its parent is registered and it is not. */
    private record Unpackable(Digest parent, Digest diffId) {}

    private Optional<Unpackable> unpackableNow(String name) {
        for (LoadPlan.Image image : plan) {
            Digest parent = null;
            for (int i = 0; i < image.diffIds().size(); i++) {
                Digest chain = LayerStore.chainId(parent, image.diffIds().get(i));
                if (layers.get(chain).isEmpty()) {
                    // the lowest missing layer of this image: unpackable now if it is this file
                    if (image.layerNames().get(i).equals(name) && !files.has(name)) {
                        return Optional.of(new Unpackable(parent, image.diffIds().get(i)));
                    }
                    break;
                }
                parent = chain;
            }
        }
        return Optional.empty();
    }

    private List<LoadPlan.Image> tryPlan() {
        try {
            return LoadPlan.fromDockerManifest(files, platform);
        } catch (InvalidArgumentException | IOException | berth.api.errors.NotFoundException notYet) {
            return null; // a config that has not streamed by yet; the plan is made again at the end
        }
    }

    private List<LoadPlan.Image> finalPlan() throws IOException {
        if (files.has(LoadPlan.MANIFEST_JSON)) return LoadPlan.fromDockerManifest(files, platform);
        if (files.has(LoadPlan.INDEX_JSON)) return LoadPlan.fromOciIndex(files, platform);
        throw new InvalidArgumentException("invalid archive: it has neither manifest.json nor index.json");
    }

    /** The digest a {@code blobs/sha256/<hex>} name promises, or null for another name. */
    private static Digest promised(String name) {
        Matcher m = BLOB_NAME.matcher(name);
        return m.matches() ? new Digest("sha256", m.group(1)) : null;
    }

    private void readFile(String name, TarArchiveEntry e, TarArchiveInputStream tar) throws IOException {
        Digest expected = promised(name);
        long size = e.getSize();
        if (expected != null) {
            lease.add(expected);
            if (content.size(expected).orElse(-1L) == size) {
                // already stored (verified when it was): no need to write it again
                tar.transferTo(OutputStream.nullOutputStream());
                files.putStored(name, expected, size);
                return;
            }
        }
        if (size <= ArchiveFiles.SMALL) {
            byte[] bytes = tar.readAllBytes();
            if (expected != null && !Digest.sha256(bytes).equals(expected)) throw mismatch(name);
            files.putSmall(name, bytes);
            return;
        }
        try (ContentStore.Ingest ingest = content.begin()) {
            tar.transferTo(ingest.stream());
            Digest d = ingest.commit(expected, size);
            lease.add(d);
            files.putStored(name, d, size);
        } catch (DigestMismatchException m) {
            throw mismatch(name);
        }
    }

    /** Stores the file as a blob and unpacks it as a layer in the same pass. */
    private void unpackStreaming(String name, TarArchiveEntry e, TarArchiveInputStream tar, Unpackable layer)
            throws IOException {
        Digest expected = promised(name);
        long size = e.getSize();
        if (expected != null) lease.add(expected);
        report(name, "Loading layer", 0, size);
        try (ContentStore.Ingest ingest = content.begin()) {
            TeeInputStream tee = new TeeInputStream(new NonClosing(tar), ingest.stream());
            LayerStore.Layer registered = registerFrom(name, layer.parent(), layer.diffId(), tee);
            tee.transferTo(OutputStream.nullOutputStream()); // the rest of the file (compression trailer, padding)
            Digest d = ingest.commit(expected, size);
            lease.add(d, registered.chainId());
            files.putStored(name, d, size);
        } catch (DigestMismatchException m) {
            throw mismatch(name);
        }
        report(name, "Loading layer", size, size);
    }

    private LayerStore.Layer registerFrom(String name, Digest parent, Digest diffId, InputStream raw) throws IOException {
        lease.add(LayerStore.chainId(parent, diffId));
        try {
            return layers.register(parent, diffId, Decompression.decompressed(raw));
        } catch (DigestMismatchException m) {
            throw LoadPlan.invalid("the layer " + ArchivePath.quote(name) + " does not match the diff ID " + diffId
                    + " its image config gives");
        }
    }

    /** An image whose layers are all registered, ready to be recorded. */
    private record Loaded(LoadPlan.Image image, List<Digest> chains, List<Descriptor> blobs) {}

    private Loaded registerLayers(LoadPlan.Image image) throws IOException {
        List<Digest> chains = new ArrayList<>();
        List<Descriptor> blobs = new ArrayList<>();
        Digest parent = null;
        for (int i = 0; i < image.diffIds().size(); i++) {
            String name = image.layerNames().get(i);
            Digest diffId = image.diffIds().get(i);
            Digest chain = LayerStore.chainId(parent, diffId);
            lease.add(chain);
            ArchiveFiles.Stored blob = files.stored(name, "the image of config " + image.id().shortHex());
            lease.add(blob.digest());
            if (layers.get(chain).isEmpty()) {
                report(name, "Loading layer", 0, blob.size());
                try (InputStream in = files.open(blob)) {
                    registerFrom(name, parent, diffId, in);
                }
                report(name, "Loading layer", blob.size(), blob.size());
            }
            String mediaType = image.layerDescriptors() != null ? image.layerDescriptors().get(i).mediaType()
                    : compressed(blob) ? MediaTypes.DOCKER_LAYER_GZIP : DOCKER_LAYER_TAR;
            blobs.add(Descriptor.of(mediaType, blob.digest(), blob.size()));
            chains.add(chain);
            parent = chain;
        }
        return new Loaded(image, chains, blobs);
    }

    static final String DOCKER_LAYER_TAR = "application/vnd.docker.image.rootfs.diff.tar";

    private boolean compressed(ArchiveFiles.Stored blob) throws IOException {
        try (InputStream in = content.open(blob.digest())) {
            byte[] magic = in.readNBytes(2);
            return magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
        } catch (DigestMismatchException notRead) {
            return false; // only two bytes were read: the stream never reached its end
        }
    }

    private void commit(Loaded l) throws IOException {
        LoadPlan.Image image = l.image();
        Digest config = content.put(image.configBytes());
        byte[] manifest = image.manifestBytes() != null ? image.manifestBytes()
                : DockerManifests.schema2(config, image.configBytes().length, l.blobs());
        Digest manifestDigest = content.put(manifest);
        lease.add(config, manifestDigest);
        store.commit(manifestDigest, config, l.chains());
        events.publish("image", "load", config.toString(), Map.of());
        if (image.tags().isEmpty()) {
            stream("Loaded image ID: " + config + "\n");
            return;
        }
        for (Reference tag : image.tags()) {
            Optional<Digest> before = store.tag(tag, config);
            if (before.isPresent()) {
                stream("The image " + tag.familiarString() + " already exists, renaming the old one with ID "
                        + before.get() + " to empty string\n");
            }
            stream("Loaded image: " + tag.familiarString() + "\n");
        }
    }

    private void stream(String text) {
        progress.accept(new ProgressMessage(null, null, null, null, null, null, null, text));
    }

    private void report(String name, String status, long current, long total) {
        if (quiet) return;
        Digest d = promised(name);
        String id = d != null ? d.shortHex() : Digest.sha256(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).shortHex();
        progress.accept(ProgressMessage.progress(id, status, current, total));
    }

    private static InvalidArgumentException mismatch(String name) {
        return LoadPlan.invalid(ArchivePath.quote(name) + " does not match the digest its name gives");
    }

    /** Keeps the layer reader from closing the archive stream it reads through. */
    private static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {}
    }
}
