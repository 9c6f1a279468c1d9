package berth.engine.build;

import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import berth.engine.build.dockerfile.Dockerfile;
import berth.engine.build.dockerfile.Instruction;
import berth.engine.build.dockerfile.PredefinedArgs;
import berth.engine.build.dockerfile.Stage;
import berth.engine.build.dockerfile.Substitution;
import berth.engine.container.BuildContainers;
import berth.engine.image.ImageRecord;
import berth.engine.image.ImageStore;
import berth.engine.image.Reference;
import berth.engine.registry.Credential;
import berth.engine.registry.DistributionService;
import berth.engine.store.Leases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * One build: the stages the target needs, each on a virtual thread of its own, a stage waiting only for the stages it
 * reads from (its FROM, {@code COPY --from}); their output in file order. The first failure stops the others.
 */
final class Build {
    private final LocalBuildService.Parts parts;
    private final BuildRequest request;
    private final BuildContext context;
    private final Predicate<String> excluded;
    private final Dockerfile dockerfile;
    private final String dockerfileName;
    private final BuildOutput output;
    private final Leases.Lease lease;
    private final Path scratch;
    private final Views views;
    private final Map<String, String> globalArgs = new LinkedHashMap<>();
    private final Set<String> consumed = ConcurrentHashMap.newKeySet();
    private final Map<Integer, CompletableFuture<ImageState>> stageResults = new HashMap<>();
    private final Map<String, ImageState> pulled = new ConcurrentHashMap<>();
    private final AtomicBoolean failed = new AtomicBoolean();
    private final AtomicInteger scratchNames = new AtomicInteger();
    private final Set<String> hits = ConcurrentHashMap.newKeySet();
    private List<ImageState> cacheFrom;
    private Stage target;
    private int totalSteps;

    Build(LocalBuildService.Parts parts, BuildRequest request, BuildContext context, Predicate<String> excluded,
          Dockerfile dockerfile, String dockerfileName, BuildOutput output, Leases.Lease lease, Path scratch,
          Path viewDir) {
        this.parts = parts;
        this.request = request;
        this.context = context;
        this.excluded = excluded;
        this.dockerfile = dockerfile;
        this.dockerfileName = dockerfileName;
        this.output = output;
        this.lease = lease;
        this.scratch = scratch;
        this.views = new Views(parts.layers(), viewDir);
    }

    /** Runs the build; returns the target stage's image (committed but not yet tagged). */
    ImageState run() throws IOException {
        target = dockerfile.targetStage(request.target());
        resolveGlobalArgs();
        List<Stage> needed = dockerfile.stagesNeededFor(request.target(), nonNullArgs());
        totalSteps = dockerfile.globalArgs().size();
        for (Stage s : needed) totalSteps += 1 + s.instructions().size();
        if (!request.labels().isEmpty()) totalSteps++;
        int step = 1;
        for (Instruction.Arg a : dockerfile.globalArgs()) {
            output.stream("Step " + step++ + "/" + totalSteps + " : " + a.original() + "\n");
        }
        OrderedOutput ordered = new OrderedOutput(output, needed.size());
        for (Stage s : needed) stageResults.put(s.index(), new CompletableFuture<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < needed.size(); i++) {
            Stage s = needed.get(i);
            int position = i;
            int first = step;
            step += 1 + s.instructions().size();
            BuildOutput out = ordered.of(position);
            threads.add(Thread.ofVirtual().name("build-stage-" + s.index()).start(() -> {
                CompletableFuture<ImageState> result = stageResults.get(s.index());
                try {
                    ImageState state = new StageRun(this, s, out, first).run();
                    if (state.id() != null) out.aux(state.id().toString());
                    result.complete(state);
                } catch (Throwable t) {
                    failed.set(true);
                    ordered.failed(position);
                    result.completeExceptionally(t);
                } finally {
                    ordered.finished(position);
                }
            }));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                failed.set(true);
                Thread.currentThread().interrupt();
                throw new CancellationException("build interrupted");
            }
        }
        // the first stage (in file order) that failed for a reason of its own, not because another one did
        Throwable cause = null;
        for (Stage s : needed) {
            CompletableFuture<ImageState> f = stageResults.get(s.index());
            if (!f.isCompletedExceptionally()) continue;
            Throwable t = unwrap(f);
            if (cause == null || cause instanceof CancellationException) cause = t;
        }
        if (cause != null) throw rethrow(cause);
        ImageState result = stageResults.get(target.index()).join();
        parts.cache().touch(hits);
        warnUnusedArgs();
        return result;
    }

    private static Throwable unwrap(CompletableFuture<ImageState> f) {
        try {
            f.join();
            return null;
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return e;
        }
    }

    private static RuntimeException rethrow(Throwable t) throws IOException {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof IOException io) throw io;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    private void resolveGlobalArgs() {
        for (String p : PredefinedArgs.PLATFORM) globalArgs.put(p, platformArg(p));
        for (Instruction.Arg a : dockerfile.globalArgs()) {
            for (var d : a.args()) {
                String value;
                if (request.buildArgs().get(d.name()) != null) {
                    value = request.buildArgs().get(d.name());
                    consumed.add(d.name());
                } else {
                    value = d.hasDefault() ? substitution().expand(d.defaultValue(), nonNull(globalArgs)) : null;
                }
                globalArgs.put(d.name(), value);
            }
        }
    }

    private Map<String, String> nonNullArgs() {
        Map<String, String> m = new LinkedHashMap<>();
        request.buildArgs().forEach((k, v) -> {
            if (v != null) m.put(k, v);
        });
        return m;
    }

    private static Map<String, String> nonNull(Map<String, String> m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v != null) out.put(k, v);
        });
        return out;
    }

    private void warnUnusedArgs() {
        List<String> unused = new ArrayList<>();
        for (Map.Entry<String, String> a : request.buildArgs().entrySet()) {
            if (!consumed.contains(a.getKey()) && !PredefinedArgs.ALL.contains(a.getKey())) unused.add(a.getKey());
        }
        if (!unused.isEmpty()) {
            output.stream("[Warning] One or more build-args [" + String.join(" ", unused) + "] were not consumed\n");
        }
    }

    // ---- what stages ask of the build ----

    BuildRequest request() {
        return request;
    }

    Stage target() {
        return target;
    }

    int totalSteps() {
        return totalSteps;
    }

    Dockerfile dockerfile() {
        return dockerfile;
    }

    String dockerfileName() {
        return dockerfileName;
    }

    Substitution substitution() {
        return dockerfile.substitution();
    }

    BuildContext context() {
        return context;
    }

    boolean excluded(String name) {
        return excluded.test(name);
    }

    Views views() {
        return views;
    }

    StepImages images() {
        return parts.images();
    }

    StepCache cache() {
        return parts.cache();
    }

    CacheMounts cacheMounts() {
        return parts.cacheMounts();
    }

    BuildContainers containers() {
        return parts.containers();
    }

    /** False once the client has gone or a stage has failed: running steps stop. */
    boolean alive() {
        return !failed.get() && output.isOpen();
    }

    /** A cache entry this build used: marked used when the build ends. */
    void hit(String key) {
        hits.add(key);
    }

    void consumed(String name) {
        consumed.add(name);
    }

    String expandGlobal(String word) {
        return substitution().expand(word, nonNull(globalArgs));
    }

    String globalArg(String name) {
        if (request.buildArgs().get(name) != null && globalArgs.containsKey(name)) consumed.add(name);
        return globalArgs.get(name);
    }

    String platformArg(String name) {
        return switch (name) {
            case "TARGETPLATFORM", "BUILDPLATFORM" -> "linux/amd64";
            case "TARGETOS", "BUILDOS" -> "linux";
            case "TARGETARCH", "BUILDARCH" -> "amd64";
            default -> "";
        };
    }

    /** Keeps an image the build found (cache hit, base image) from garbage collection while the build runs. */
    void keep(ImageState s) {
        List<Object> names = new ArrayList<>();
        if (s.id() != null) names.add(s.id());
        if (s.manifest() != null) names.add(s.manifest());
        names.addAll(s.chainIds());
        lease.add(names);
    }

    /** A fresh directory under the build's own directory. */
    Path scratchDir(String prefix) throws IOException {
        Path p = scratch.resolve(prefix + "-" + scratchNames.incrementAndGet());
        Files.createDirectories(p);
        return p;
    }

    /** The image a stage built; waits for it. A failure there fails the caller too. */
    ImageState stageResult(Stage s) {
        CompletableFuture<ImageState> f = stageResults.get(s.index());
        if (f == null) throw new IllegalStateException("stage " + s.displayName() + " is not part of this build");
        try {
            while (true) {
                try {
                    return f.get(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    if (!alive()) throw new CancellationException("build cancelled");
                }
            }
        } catch (ExecutionException e) {
            throw new CancellationException("stage " + s.displayName() + " failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("build interrupted");
        }
    }

    /**
     * The images named in {@code cachefrom} that are in the store, looked up once; a name that is not is skipped,
     * as Docker skips it (it only logs it), and nothing is pulled for it.
     */
    synchronized List<ImageState> cacheFromImages() throws IOException {
        if (cacheFrom != null) return cacheFrom;
        List<ImageState> found = new ArrayList<>();
        for (String name : request.cacheFrom()) {
            ImageRecord record;
            try {
                record = parts.imageStore().resolve(name);
            } catch (NotFoundException | IllegalArgumentException e) {
                CACHE_FROM_LOG.log(System.Logger.Level.INFO, "cachefrom: no image " + name + " in the store, skipped");
                continue;
            }
            ImageState s = parts.images().load(record);
            keep(s);
            found.add(s);
        }
        cacheFrom = List.copyOf(found);
        return cacheFrom;
    }

    private static final System.Logger CACHE_FROM_LOG = System.getLogger("berth.build");

    /** An image named in FROM or {@code COPY --from}: from the store, pulled when missing or when asked to. */
    ImageState baseImage(String name, BuildOutput out) throws IOException {
        ImageState known = pulled.get(name);
        if (known != null) return known;
        synchronized (pulled) {
            known = pulled.get(name);
            if (known != null) return known;
            ImageStore store = parts.imageStore();
            Optional<ImageRecord> found = Optional.empty();
            Reference ref = null;
            try {
                found = Optional.of(store.resolve(name));
            } catch (NotFoundException e) {
                // pulled below
            }
            boolean byId = found.isPresent() && found.get().id().hex().startsWith(name.replace("sha256:", ""));
            if (!byId) ref = Reference.parse(name).withDefaultTag();
            if (ref != null && (found.isEmpty() || request.pull())) {
                pull(ref, out);
                found = store.lookup(ref);
                if (found.isEmpty()) throw NotFoundException.image(name);
            }
            ImageRecord record = found.orElseThrow(() -> NotFoundException.image(name));
            ImageState s = parts.images().load(record);
            keep(s);
            pulled.put(name, s);
            return s;
        }
    }

    private void pull(Reference ref, BuildOutput out) {
        Optional<Credential> credential = credentialFor(ref.domain());
        parts.distribution().pull(new DistributionService.PullRequest(ref.repository(), ref.tag(), credential, null),
                out::progress);
    }

    private Optional<Credential> credentialFor(String domain) {
        for (Map.Entry<String, Credential> e : request.credentials().entrySet()) {
            String key = e.getKey().replaceFirst("^https?://", "");
            int slash = key.indexOf('/');
            if (slash >= 0) key = key.substring(0, slash);
            if (key.equals(domain) || (domain.equals("docker.io") && key.equals("index.docker.io"))) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /** ONBUILD triggers of a base image, parsed as instructions of their own. */
    List<Instruction> parseTriggers(List<String> triggers) {
        return parts.triggers().apply(triggers);
    }
}
