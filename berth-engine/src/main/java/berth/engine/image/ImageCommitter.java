package berth.engine.image;

import berth.api.Json;
import berth.api.errors.NotFoundException;
import berth.api.model.ContainerConfig;
import berth.engine.content.ContentStore;
import berth.engine.content.Digest;
import berth.engine.content.TeeInputStream;
import berth.engine.layer.LayerStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@code docker commit}'s image half: one more layer on top of a parent image, with the parent's history and one
 * entry more. The layer tar is produced once and read once: it feeds the content store (kept uncompressed, so that
 * no CPU goes to compression; Docker compresses only on push too) and the unpacker, which hashes it for the diff ID.
 */
final class ImageCommitter {
    /** Docker's media type for an uncompressed layer in a schema 2 manifest. */
    static final String DOCKER_LAYER_TAR = "application/vnd.docker.image.rootfs.diff.tar";
    private static final int PIPE_BUFFER = 1 << 20;

    private final ContentStore content;
    private final LayerStore layers;
    private final SqliteImageStore images;

    ImageCommitter(ContentStore content, LayerStore layers, SqliteImageStore images) {
        this.content = content;
        this.layers = layers;
        this.images = images;
    }

    Digest commit(ImageService.CommitRequest request) throws IOException {
        // the changes are judged before anything is written, so a refused one leaves nothing behind
        ContainerConfig config = ConfigChanges.apply(request.config() == null ? ContainerConfig.empty() : request.config(),
                request.changes() == null ? List.of() : request.changes());
        Reference tagAs = null;
        if (request.repo() != null && !request.repo().isEmpty()) {
            tagAs = (request.tag() == null || request.tag().isEmpty() ? Reference.parse(request.repo())
                    : Reference.parseWithTag(request.repo(), request.tag())).withDefaultTag();
        }
        ImageRecord parent = images.get(Digest.parse(request.parentImageId()))
                .orElseThrow(() -> NotFoundException.image(request.parentImageId()));
        ImageConfig parentConfig = parent.config();
        Manifest parentManifest = Manifest.parse(content.readAll(parent.manifestDigest()), null);
        Digest parentChain = parent.chainIds().isEmpty() ? null : parent.chainIds().getLast();

        LayerStore.Layer layer;
        Digest blob;
        long blobSize;
        try (ContentStore.Ingest ingest = content.begin()) {
            PipedInputStream in = new PipedInputStream(PIPE_BUFFER);
            PipedOutputStream out = new PipedOutputStream(in);
            CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
                try {
                    request.layer().writeTo(out);
                    out.close();
                } catch (IOException | RuntimeException e) {
                    // the reader must fail too: a tar cut short could otherwise pass for a complete one
                    closeQuietly(in);
                    throw e instanceof IOException io ? new java.io.UncheckedIOException(io) : (RuntimeException) e;
                }
            }, task -> Thread.ofVirtual().name("commit-tar").start(task));
            try (InputStream tar = new TeeInputStream(in, ingest.stream())) {
                layer = layers.register(parentChain, null, tar);
            } catch (IOException | RuntimeException e) {
                closeQuietly(in); // ends the writer, which fails on its next write
                try {
                    written.join();
                } catch (RuntimeException writer) {
                    // when the writer failed first, its error is the cause of ours ("pipe closed")
                    if (!(e instanceof java.io.InterruptedIOException) && isPipeClosed(e)) awaitWriter(written);
                }
                throw e;
            }
            awaitWriter(written);
            blobSize = ingest.written();
            blob = ingest.commit(layer.diffId(), blobSize);
        }

        String now = Instant.now().toString();
        List<String> diffIds = new ArrayList<>(parentConfig.diffIds());
        diffIds.add(layer.diffId().toString());
        List<ImageConfig.History> history = new ArrayList<>(parentConfig.history() == null ? List.of() : parentConfig.history());
        history.add(new ImageConfig.History(now, request.createdBy(), emptyToNull(request.author()),
                emptyToNull(request.comment()), null));
        ImageConfig imageConfig = new ImageConfig(parentConfig.architecture(), parentConfig.variant(), parentConfig.os(),
                now, emptyToNull(request.author()), emptyToNull(request.comment()), null, config,
                new ImageConfig.RootFs("layers", diffIds), history);
        byte[] configBytes = imageConfig.toBytes();
        Digest configDigest = content.put(configBytes);
        boolean oci = MediaTypes.OCI_MANIFEST.equals(parentManifest.mediaType());
        Digest manifestDigest = content.put(manifest(parentManifest, oci, configDigest, configBytes.length,
                new Descriptor(oci ? MediaTypes.OCI_LAYER_TAR : DOCKER_LAYER_TAR, blob, blobSize, null, null, null)));
        List<Digest> chains = new ArrayList<>(parent.chainIds());
        chains.add(layer.chainId());
        images.commit(manifestDigest, configDigest, chains);
        if (tagAs != null) {
            images.tag(tagAs, configDigest);
            images.markTagged(configDigest);
        }
        return configDigest;
    }

    private static void awaitWriter(CompletableFuture<Void> written) throws IOException {
        try {
            written.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the layer", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
            if (cause instanceof IOException io) throw io;
            if (cause instanceof RuntimeException r) throw r;
            throw new IOException(cause);
        }
    }

    /** The parent's layer descriptors and one more, in the parent manifest's format (Docker schema 2 or OCI). */
    private static byte[] manifest(Manifest parent, boolean oci, Digest config, long configSize, Descriptor layer)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 2);
        m.put("mediaType", oci ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST);
        m.put("config", Map.of("mediaType", oci ? MediaTypes.OCI_CONFIG : MediaTypes.DOCKER_CONFIG,
                "size", configSize, "digest", config.toString()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Descriptor d : parent.layers()) out.add(descriptor(d));
        out.add(descriptor(layer));
        m.put("layers", out);
        return Json.mapper().writeValueAsBytes(m);
    }

    private static Map<String, Object> descriptor(Descriptor d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mediaType", d.mediaType());
        m.put("size", d.size());
        m.put("digest", d.digest().toString());
        if (!d.urls().isEmpty()) m.put("urls", d.urls());
        if (!d.annotations().isEmpty()) m.put("annotations", d.annotations());
        return m;
    }

    private static boolean isPipeClosed(Exception e) {
        return e instanceof IOException && String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("pipe");
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // closing a pipe does not fail
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
