package berth.engine.image;

import berth.api.ApiVersion;
import berth.api.errors.InternalException;
import berth.api.errors.InvalidArgumentException;
import berth.api.model.GraphDriver;
import berth.api.model.ImageDeleteItem;
import berth.api.model.ImageHistoryItem;
import berth.api.model.ImageInspect;
import berth.api.model.ImageSummary;
import berth.api.model.ProgressMessage;
import berth.api.model.RootFs;
import berth.engine.content.ContentStore;
import berth.engine.content.Digest;
import berth.engine.events.EventService;
import berth.engine.layer.LayerStore;
import berth.engine.store.Database;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** The image service: reads come from the image store; writes are delegated to one class per operation. */
final class LocalImageService implements ImageService {
    private final SqliteImageStore store;
    private final LayerStore layers;
    private final Importer importer;
    private final ImageRemover remover;
    private final ImageCommitter committer;
    private final EventService events;

    LocalImageService(Database db, ContentStore content, LayerStore layers, SqliteImageStore store, EventService events) {
        this.store = store;
        this.events = events;
        this.layers = layers;
        this.importer = new Importer(content, layers, store, events);
        this.remover = new ImageRemover(db, store, layers, content, events);
        this.committer = new ImageCommitter(content, layers, store);
    }

    SqliteImageStore store() {
        return store;
    }

    ImageRemover remover() {
        return remover;
    }

    EventService events() {
        return events;
    }

    @Override
    public List<ImageSummary> list(ImageListOptions options) {
        ImageFilter filter = ImageFilter.of(options.filters(), store);
        List<ImageRecord> all = store.list();
        Map<Digest, Long> containers = remover.containerCounts();
        Map<Digest, Integer> layerUsers = options.sharedSize() ? layerUsers(all) : Map.of();
        List<ImageSummary> out = new ArrayList<>();
        for (ImageRecord image : all) {
            if (!filter.matches(image)) continue;
            long created = image.damaged() ? 0 : createdSeconds(image.config());
            Map<String, String> labels = image.damaged() ? Map.of() : labelsOf(image);
            long shared = options.sharedSize() ? sharedSize(image, layerUsers) : -1;
            out.add(new ImageSummary(image.id().toString(), "", filter.visibleTags(image), image.repoDigests(), created,
                    image.size(), shared, image.size(), labels, containers.getOrDefault(image.id(), 0L)));
        }
        return out;
    }

    private static Map<String, String> labelsOf(ImageRecord image) {
        Map<String, String> l = image.config().configOrEmpty().labels();
        return l == null ? Map.of() : l;
    }

    /** How many images use each layer. */
    private static Map<Digest, Integer> layerUsers(List<ImageRecord> images) {
        Map<Digest, Integer> users = new java.util.HashMap<>();
        for (ImageRecord i : images) for (Digest chain : i.chainIds()) users.merge(chain, 1, Integer::sum);
        return users;
    }

    /** Docker's SharedSize: the bytes of this image's layers that another image uses too. */
    private long sharedSize(ImageRecord image, Map<Digest, Integer> users) {
        long shared = 0;
        for (Digest chain : image.chainIds()) {
            if (users.getOrDefault(chain, 0) > 1) shared += layers.get(chain).map(LayerStore.Layer::size).orElse(0L);
        }
        return shared;
    }

    @Override
    public ImageInspect inspect(String name, ApiVersion version) {
        ImageRecord image = store.resolve(name);
        ImageConfig c = image.config();
        JsonNode raw = store.rawConfig(image.id());
        boolean legacyContainer = !version.atLeast("1.45");
        String created = c.created() != null && !c.created().isEmpty() ? c.created()
                : version.atLeast("1.44") ? null : "0001-01-01T00:00:00Z";
        String lastTag = store.lastTagTime(image.id()).map(Instant::toString).orElse("0001-01-01T00:00:00Z");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("LastTagTime", lastTag);
        return new ImageInspect(image.id().toString(), image.repoTags(), image.repoDigests(), "",
                c.comment() == null ? "" : c.comment(), created,
                legacyContainer ? raw.path("container").asText("") : null,
                legacyContainer ? InspectConfigs.of(raw.path("container_config")) : null,
                c.dockerVersion() == null ? "" : c.dockerVersion(), c.author() == null ? "" : c.author(),
                InspectConfigs.of(raw.path("config")), c.architecture(), emptyToNull(c.variant()), c.os(),
                image.size(), version.atLeast("1.44") ? null : image.size(), graphDriver(image),
                new RootFs("layers", c.diffIds()), metadata);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private GraphDriver graphDriver(ImageRecord image) {
        if (image.topLayer() == null) return new GraphDriver("overlay2", Map.of());
        try {
            List<Path> dirs = layers.lowerDirPaths(image.topLayer()); // a damaged layer fails runs, not inspect
            Map<String, String> data = new LinkedHashMap<>();
            data.put("UpperDir", dirs.getFirst().toString());
            if (dirs.size() > 1) {
                data.put("LowerDir", dirs.subList(1, dirs.size()).stream().map(Path::toString).collect(Collectors.joining(":")));
            }
            return new GraphDriver("overlay2", data);
        } catch (IOException e) {
            throw new InternalException("reading layers of " + image.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<ImageHistoryItem> history(String name) {
        ImageRecord image = store.resolve(name);
        List<ImageConfig.History> history = image.config().history() == null ? List.of() : image.config().history();
        List<ImageHistoryItem> out = new ArrayList<>();
        int layerIndex = 0;
        List<Long> sizes = new ArrayList<>();
        for (Digest chain : image.chainIds()) sizes.add(layers.get(chain).map(LayerStore.Layer::size).orElse(0L));
        for (ImageConfig.History h : history) {
            long size = 0;
            if (!h.isEmptyLayer() && layerIndex < sizes.size()) size = sizes.get(layerIndex++);
            out.add(new ImageHistoryItem("<missing>", seconds(h.created()), h.createdBy() == null ? "" : h.createdBy(),
                    null, size, h.comment() == null ? "" : h.comment()));
        }
        if (out.isEmpty()) out.add(new ImageHistoryItem("<missing>", createdSeconds(image.config()), "", null, image.size(), ""));
        List<ImageHistoryItem> newestFirst = new ArrayList<>(out.reversed());
        ImageHistoryItem top = newestFirst.getFirst();
        newestFirst.set(0, new ImageHistoryItem(image.id().toString(), top.created(), top.createdBy(), image.repoTags(),
                top.size(), top.comment()));
        return newestFirst;
    }

    @Override
    public void tag(String source, String repo, String tag) {
        ImageRecord image = store.resolve(source);
        Reference ref = Reference.parse(repo);
        if (ref.digest() != null) throw new InvalidArgumentException("refusing to create a tag with a digest reference");
        if (tag != null && !tag.isEmpty()) ref = Reference.parseWithTag(repo, tag);
        store.tag(ref.withDefaultTag(), image.id());
        store.markTagged(image.id());
    }

    @Override
    public List<ImageDeleteItem> remove(String name, boolean force, boolean noPrune) {
        return remover.remove(name, force, !noPrune);
    }

    @Override
    public String importImage(InputStream tarball, String repo, String tag, List<String> changes, String message,
                              Consumer<ProgressMessage> progress) {
        Reference ref = null;
        if (repo != null && !repo.isEmpty()) {
            ref = (tag == null || tag.isEmpty() ? Reference.parse(repo) : Reference.parseWithTag(repo, tag)).withDefaultTag();
        }
        // The lease keeps the new layer and blobs from garbage collection until the image row references them.
        try (var _ = layers.leases().acquire("import")) {
            return importer.importTarball(tarball, ref, changes, message, progress).toString();
        } catch (IOException e) {
            throw new InvalidArgumentException("importing image: " + e.getMessage(), e);
        }
    }

    @Override
    public String commit(CommitRequest request) {
        // as for import: the lease keeps the new layer and blobs until the image row references them
        try (var _ = layers.leases().acquire("commit")) {
            return committer.commit(request).toString();
        } catch (IOException e) {
            throw new InternalException("committing image: " + e.getMessage(), e);
        }
    }

    @Override
    public ImageRecord resolve(String name) {
        return store.resolve(name);
    }

    static long createdSeconds(ImageConfig config) {
        return seconds(config.created());
    }

    /** The config's creation time, or null when it has none or an unreadable one. */
    static Instant createdInstant(ImageConfig config) {
        if (config.created() == null || config.created().isEmpty()) return null;
        try {
            return Instant.parse(config.created());
        } catch (RuntimeException e) {
            try {
                return java.time.OffsetDateTime.parse(config.created()).toInstant();
            } catch (RuntimeException e2) {
                return null;
            }
        }
    }

    static long seconds(String rfc3339) {
        if (rfc3339 == null || rfc3339.isEmpty()) return 0;
        try {
            return Instant.parse(rfc3339).getEpochSecond();
        } catch (RuntimeException e) {
            return 0;
        }
    }

}
