package berth.engine.build;

import berth.api.errors.InternalException;
import berth.api.errors.InvalidArgumentException;
import berth.engine.build.dockerfile.Dockerfile;
import berth.engine.build.dockerfile.DockerfileParser;
import berth.engine.build.dockerfile.DockerIgnore;
import berth.engine.build.dockerfile.Instruction;
import berth.engine.container.BuildContainers;
import berth.engine.content.ContentStore;
import berth.engine.content.Digest;
import berth.engine.gc.GarbageCollector;
import berth.engine.image.ImageRecord;
import berth.engine.image.ImageStore;
import berth.engine.image.Reference;
import berth.engine.layer.LayerStore;
import berth.engine.layer.Trees;
import berth.engine.registry.DistributionService;
import berth.engine.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The builder: unpacks the context into {@code <data-root>/build/<id>}, reads the Dockerfile and .dockerignore there,
 * runs the {@link Build}, then commits and tags the result. Whatever a build leaves (its directory, read-only views
 * under {@code <exec-root>/build}, step containers) goes when it ends, and at start-up after a crash.
 */
public final class LocalBuildService implements BuildService {
    private static final System.Logger LOG = System.getLogger("berth.build");

    /** What builds share. */
    record Parts(StepImages images, StepCache cache, LayerStore layers, ImageStore imageStore,
                 DistributionService distribution, BuildContainers containers,
                 Function<List<String>, List<Instruction>> triggers, CacheMounts cacheMounts) {}

    private final Parts parts;
    private final Database db;
    private final GarbageCollector gc;
    private final Path dataDir;
    private final Path execDir;
    private final DigestMemo digests = new DigestMemo();

    public LocalBuildService(Database db, ContentStore content, LayerStore layers, ImageStore images,
                             DistributionService distribution, BuildContainers containers, Path dataRoot, Path execRoot) {
        this.db = db;
        this.parts = new Parts(new StepImages(content, layers, images), new StepCache(db), layers, images, distribution,
                containers, LocalBuildService::parseTriggers, new CacheMounts(dataRoot.resolve("build-mounts")));
        this.gc = new GarbageCollector(db, content, layers);
        this.dataDir = dataRoot.resolve("build");
        this.execDir = execRoot.resolve("build");
    }

    /** At start-up: removes what builds of an earlier berthd left (views, directories, step containers). */
    public void recover() {
        Views.removeAll(execDir);
        try {
            Trees.delete(dataDir);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "removing leftover build directories: " + e.getMessage());
        }
        parts.containers().removeLeftovers();
        parts.cacheMounts().recover();
    }

    @Override
    public String build(BuildRequest request, InputStream body, BuildOutput output) {
        if (!request.quiet()) return build(request, body, output, output);
        QuietOutput quiet = new QuietOutput(output);
        try {
            return build(request, body, quiet, output);
        } catch (RuntimeException e) {
            quiet.release();
            throw e;
        }
    }

    /** Runs the build reporting to {@code output}; {@code idOutput} gets the image ID of a quiet build. */
    private String build(BuildRequest request, InputStream body, BuildOutput output, BuildOutput idOutput) {
        List<Reference> tags = new ArrayList<>();
        for (String t : request.tags()) tags.add(Reference.parse(t).withDefaultTag());
        String dockerfileName = BuildContext.cleanName(request.dockerfile(), "dockerfile");
        if (dockerfileName.isEmpty()) throw new InvalidArgumentException("the dockerfile parameter names no file");
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Path dir = dataDir.resolve(id);
        Path views = execDir.resolve(id);
        BuildContext[] received = new BuildContext[1];
        try (var lease = parts.layers().leases().acquire("build " + id)) {
            BuildContext context = received[0] = BuildContext.receive(body, dir.resolve("context"),
                    Set.of(dockerfileName, dockerfileName + ".dockerignore", ".dockerignore"), digests);
            byte[] file = context.content(dockerfileName);
            if (file == null) {
                throw new InvalidArgumentException("Cannot locate specified Dockerfile: " + request.dockerfile());
            }
            String text = new String(file, StandardCharsets.UTF_8);
            Predicate<String> excluded = ignore(context, dockerfileName);
            Dockerfile dockerfile = DockerfileParser.parse(text, request.dockerfile());
            for (String note : dockerfile.notes()) output.stream(note + "\n");
            ImageState result = new Build(parts, request, context, excluded, dockerfile, dockerfileName, output, lease,
                    dir, views).run();
            ImageRecord image = parts.images().commit(result);
            String imageId = image.id().toString();
            if (request.quiet()) idOutput.stream(imageId + "\n");
            else output.stream("Successfully built " + image.id().shortHex() + "\n");
            for (Reference t : tags) {
                parts.imageStore().tag(t, image.id());
                if (!request.quiet()) output.stream("Successfully tagged " + t.familiarString() + "\n");
            }
            return imageId;
        } catch (IOException e) {
            throw new InternalException("build: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            if (!output.isOpen()) throw new CancellationException("the client went away");
            throw e;
        } finally {
            Views.removeAll(views);
            // the directory (the stored context: 50 MB take milliseconds to free) goes after the answer, not before
            // it; what a stopped daemon leaves is removed by recover()
            Thread.ofVirtual().name("build-cleanup").start(() -> {
                if (received[0] != null) received[0].discard();
                delete(dir);
            });
        }
    }

    private static void delete(Path dir) {
        try {
            Trees.delete(dir);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "removing build directory " + dir + ": " + e.getMessage());
        }
    }


    /**
     * Applies {@code <Dockerfile>.dockerignore} (else {@code .dockerignore}) to the unpacked context: the excluded
     * files are removed, so that no COPY can see them, and the returned predicate tells the rest.
     */
    private static Predicate<String> ignore(BuildContext context, String dockerfileName) throws IOException {
        byte[] own = context.content(dockerfileName + ".dockerignore");
        byte[] general = context.content(".dockerignore");
        byte[] file = own != null ? own : general;
        if (file == null) return name -> false;
        DockerIgnore rules = DockerIgnore.parse(new String(file, StandardCharsets.UTF_8));
        Predicate<String> excluded = rules::excluded;
        context.afterUnpack(root -> {
            List<Path> all;
            try (Stream<Path> walk = Files.walk(root)) {
                all = walk.sorted(java.util.Comparator.reverseOrder()).toList();
            }
            for (Path p : all) {
                if (p.equals(root)) continue;
                String name = root.relativize(p).toString();
                if (!excluded.test(name)) continue;
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    try (Stream<Path> s = Files.list(p)) {
                        if (s.findAny().isPresent()) continue; // an exception inside keeps it
                    }
                }
                Files.delete(p);
            }
        });
        return excluded;
    }

    private static List<Instruction> parseTriggers(List<String> triggers) {
        StringBuilder text = new StringBuilder("FROM scratch\n");
        for (String t : triggers) text.append(t).append('\n');
        Dockerfile parsed = DockerfileParser.parse(text.toString(), "ONBUILD trigger");
        return parsed.stages().getFirst().instructions();
    }

    @Override
    public PruneResult prune(boolean dryRun) {
        if (dryRun) {
            CacheMounts.Pruned mounts = parts.cacheMounts().prune(true);
            List<String> keys = new ArrayList<>(parts.cache().keys());
            keys.addAll(mounts.names());
            return new PruneResult(keys, gc.previewWithoutBuildCache().bytes() + mounts.bytes());
        }
        List<String> entries = new ArrayList<>(parts.cache().clear());
        CacheMounts.Pruned mounts = parts.cacheMounts().prune(false);
        entries.addAll(mounts.names());
        GarbageCollector.Result r = gc.collect();
        return new PruneResult(entries, r.bytes() + mounts.bytes());
    }

    @Override
    public List<CacheRecord> cacheRecords() {
        List<StepCache.Row> rows = parts.cache().rows();
        java.util.Map<Digest, Digest> topOf = new java.util.HashMap<>();
        for (StepCache.Row r : rows) {
            if (r.topLayer() != null) topOf.put(r.imageId(), r.topLayer());
        }
        java.util.Set<Digest> imageLayers = parts.cache().imageTopLayers();
        List<CacheRecord> out = new java.util.ArrayList<>();
        for (StepCache.Row r : rows) {
            Digest parentTop = r.parent() == null ? null : topOf.computeIfAbsent(r.parent(),
                    p -> parts.imageStore().get(p).map(berth.engine.image.ImageRecord::topLayer).orElse(null));
            boolean ownLayer = r.topLayer() != null && !r.topLayer().equals(parentTop);
            long size = ownLayer ? parts.layers().get(r.topLayer()).map(LayerStore.Layer::size).orElse(0L) : 0;
            out.add(new CacheRecord(r.key(), r.imageId().toString(), r.parent() == null ? "" : r.parent().toString(),
                    r.instruction(), size, ownLayer && imageLayers.contains(r.topLayer()), r.created(), r.lastUsed()));
        }
        return out;
    }
}
