package berth.engine.system;

import berth.api.errors.InvalidArgumentException;
import berth.api.model.ContainerSummary;
import berth.api.model.DiskUsage;
import berth.api.model.ImageSummary;
import berth.engine.container.ContainerService;
import berth.engine.content.ContentStore;
import berth.engine.content.Digest;
import berth.engine.gc.ImageObjects;
import berth.engine.image.ImageRecord;
import berth.engine.image.ImageService;
import berth.engine.layer.LayerStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /system/df}: sizes measured from the store, not estimated. An image is its unpacked layers plus the blobs
 * Berth keeps for it (config, manifest, compressed layers, for push); what it has in common with another image is its
 * shared size. A container's SizeRw is the bytes in its upper dir and its log files; SizeRootFs adds its image's layers.
 */
public final class DiskUsageProvider {
    static final Set<String> TYPES = Set.of("container", "image", "volume", "build-cache");

    private final ImageService images;
    private final ContainerService containers;
    private final LayerStore layers;
    private final ContentStore content;
    private final Path containersDir;
    private volatile VolumeUsage volumes = VolumeUsage.NONE;
    private volatile BuildCacheUsage buildCache = BuildCacheUsage.NONE;

    /** The volume service's part of df (none until Berth has volumes). */
    public void volumesFrom(VolumeUsage volumes) {
        this.volumes = volumes;
    }

    /** The builder's part of df (none until Berth has a build cache). */
    public void buildCacheFrom(BuildCacheUsage buildCache) {
        this.buildCache = buildCache;
    }

    public BuildCacheUsage buildCache() {
        return buildCache;
    }

    public DiskUsageProvider(ImageService images, ContainerService containers, LayerStore layers, ContentStore content,
                             Path dataRoot) {
        this.images = images;
        this.containers = containers;
        this.layers = layers;
        this.content = content;
        this.containersDir = dataRoot.resolve("containers");
    }

    /** {@code types}: any of container, image, volume, build-cache; empty means all. */
    public DiskUsage usage(Set<String> types) {
        for (String t : types) {
            if (!TYPES.contains(t)) throw new InvalidArgumentException("unknown object type: " + t);
        }
        boolean all = types.isEmpty();
        try {
            Map<Digest, Long> layerSizes = new HashMap<>();
            for (LayerStore.Layer l : layers.list()) layerSizes.put(l.chainId(), l.size());
            Map<Digest, Long> blobSizes = new HashMap<>();
            for (ContentStore.BlobInfo b : content.inventory()) blobSizes.put(b.digest(), b.size());
            List<ContainerSummary> ctrs = containers.list(new ContainerService.ContainerListOptions(true, -1, false, Map.of()));
            List<DiskUsage.Image> imageList = null;
            if (all || types.contains("image")) imageList = images(ctrs, layerSizes, blobSizes);
            List<DiskUsage.Container> containerList = null;
            if (all || types.contains("container")) containerList = containers(ctrs, layerSizes);
            long layersSize = 0;
            if (all || types.contains("image")) {
                for (long s : layerSizes.values()) layersSize += s;
                for (long s : blobSizes.values()) layersSize += s;
            }
            return new DiskUsage(layersSize, imageList, containerList,
                    all || types.contains("volume") ? volumes.volumes() : null,
                    all || types.contains("build-cache") ? buildCache.records() : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<DiskUsage.Image> images(List<ContainerSummary> ctrs, Map<Digest, Long> layerSizes,
                                         Map<Digest, Long> blobSizes) {
        Map<String, Integer> users = new HashMap<>();
        for (ContainerSummary c : ctrs) users.merge(c.imageId(), 1, Integer::sum);
        List<ImageSummary> summaries = images.list(new ImageService.ImageListOptions(true, Map.of()));
        Map<String, Set<Digest>> objects = new HashMap<>();
        Map<Digest, Integer> holders = new HashMap<>();
        for (ImageSummary s : summaries) {
            Set<Digest> mine = objectsOf(s.id());
            objects.put(s.id(), mine);
            for (Digest d : mine) holders.merge(d, 1, Integer::sum);
        }
        List<DiskUsage.Image> out = new ArrayList<>();
        for (ImageSummary s : summaries) {
            long size = 0;
            long shared = 0;
            for (Digest d : objects.get(s.id())) {
                long bytes = layerSizes.getOrDefault(d, 0L) + blobSizes.getOrDefault(d, 0L);
                size += bytes;
                if (holders.get(d) > 1) shared += bytes;
            }
            out.add(new DiskUsage.Image(s.id(), s.parentId(), s.repoTags(), s.repoDigests(), s.created(), size, shared,
                    s.labels(), users.getOrDefault(s.id(), 0)));
        }
        return out;
    }

    /** The image's layers (chain IDs) and blobs; what cannot be read (a damaged image) counts for nothing. */
    private Set<Digest> objectsOf(String imageId) {
        Set<Digest> out = new LinkedHashSet<>();
        try {
            ImageRecord image = images.resolve(imageId);
            out.addAll(image.chainIds());
            out.add(image.id());
            out.add(image.manifestDigest());
            out.addAll(ImageObjects.layerBlobs(content, image.manifestDigest()));
        } catch (RuntimeException damaged) {
            // sizes of a damaged image are unknown; df still answers for the others
        }
        return out;
    }

    private List<DiskUsage.Container> containers(List<ContainerSummary> ctrs, Map<Digest, Long> layerSizes) {
        Map<String, Long> imageLayers = new HashMap<>();
        List<DiskUsage.Container> out = new ArrayList<>();
        for (ContainerSummary c : ctrs) {
            // the writable layer and the logs: both are the container's, both go when it is removed
            long rw = berth.engine.layer.Trees.regularFileBytes(containersDir.resolve(c.id()).resolve("upper")) + logSize(containersDir.resolve(c.id()));
            long image = imageLayers.computeIfAbsent(c.imageId(), id -> {
                long sum = 0;
                for (Digest chain : ImageObjects.chains(content, parseOrNull(id))) sum += layerSizes.getOrDefault(chain, 0L);
                return sum;
            });
            out.add(new DiskUsage.Container(c, rw, rw + image));
        }
        return out;
    }

    private static Digest parseOrNull(String id) {
        try {
            return Digest.parse(id);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Bytes of a container's log files ({@code ctr.log}, rotated ones); {@code ctr.log.hold} is a second name. */
    static long logSize(Path dir) {
        long total = 0;
        try (var files = Files.newDirectoryStream(dir, "ctr.log*")) {
            for (Path f : files) {
                if (f.getFileName().toString().equals("ctr.log.hold")) continue;
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (a.isRegularFile()) total += a.size();
            }
        } catch (IOException e) {
            return total;
        }
        return total;
    }
}
