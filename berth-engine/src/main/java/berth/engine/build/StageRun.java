package berth.engine.build;

import berth.api.errors.InvalidArgumentException;
import berth.api.model.ContainerConfig;
import berth.api.model.HealthConfig;
import berth.engine.build.dockerfile.ArgDefinition;
import berth.engine.build.dockerfile.CommandLine;
import berth.engine.build.dockerfile.CommandRules;
import berth.engine.build.dockerfile.ExposedPorts;
import berth.engine.build.dockerfile.Heredoc;
import berth.engine.build.dockerfile.Instruction;
import berth.engine.build.dockerfile.KeyValue;
import berth.engine.build.dockerfile.PredefinedArgs;
import berth.engine.build.dockerfile.Stage;
import berth.engine.container.BuildContainers;
import berth.engine.content.Digest;
import berth.engine.layer.RootPath;
import berth.engine.layer.TarWriter;
import berth.engine.layer.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;

/**
 * One stage of a build, step by step: each instruction becomes an image (metadata steps a new config, COPY/ADD a
 * layer written here, RUN a layer from a container's changes), looked up in the step cache first. Variables are
 * substituted per step with the stage's ARG values (build args first) and ENV, ENV winning, as Docker does.
 */
final class StageRun {
    private static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

    private final Build build;
    private final Stage stage;
    private final BuildOutput out;
    private int step;
    private int indexInStage;
    private ImageState state;
    /** ARGs declared in this stage, in order; a null value is declared but unset. */
    private final Map<String, String> args = new LinkedHashMap<>();
    private List<String> shell = DEFAULT_SHELL;
    private boolean cmdSet;
    private String author;
    /** The number of the last step of this stage that missed the cache (0: none yet), for --explain. */
    private int lastMiss;
    /** The {@code cachefrom} images, looked up at the first step that misses the step cache. */
    private CacheFromImages cacheFrom;

    StageRun(Build build, Stage stage, BuildOutput out, int firstStep) {
        this.build = build;
        this.stage = stage;
        this.out = out;
        this.step = firstStep;
    }

    ImageState run() throws IOException {
        from();
        for (Instruction i : stage.instructions()) {
            checkAlive();
            indexInStage++;
            announce(i);
            dispatch(i, false);
            out.stream(" ---> " + state.shortId() + "\n");
        }
        if (stage == build.target() && !build.request().labels().isEmpty()) {
            checkAlive();
            indexInStage++;
            StringBuilder text = new StringBuilder("LABEL");
            for (Map.Entry<String, String> l : build.request().labels().entrySet()) {
                text.append(' ').append(quote(l.getKey())).append('=').append(quote(l.getValue()));
            }
            out.stream("Step " + step++ + "/" + build.totalSteps() + " : " + text + "\n");
            Map<String, String> labels = new LinkedHashMap<>(nz(config().labels()));
            labels.putAll(build.request().labels());
            metadata(text.toString(), Configs.withLabels(config(), labels));
            out.stream(" ---> " + state.shortId() + "\n");
        }
        return state;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private void announce(Instruction i) {
        out.stream("Step " + step++ + "/" + build.totalSteps() + " : " + i.original() + "\n");
    }

    private void checkAlive() {
        if (!build.alive()) throw new CancellationException("build cancelled");
    }

    private ContainerConfig config() {
        return state.config();
    }

    // ---- FROM ----

    private void from() throws IOException {
        Instruction.From f = stage.from();
        announce(f);
        String platform = f.platform() == null ? null : build.expandGlobal(f.platform());
        if (platform != null && !platform.isEmpty() && !platform.equals("linux/amd64") && !platform.equals("linux")) {
            throw new InvalidArgumentException("FROM --platform=" + platform + ": this builder builds for linux/amd64 only");
        }
        String base = build.expandGlobal(f.image());
        if (base.isEmpty()) throw new InvalidArgumentException("base name (" + f.image() + ") should not be blank");
        var previous = build.dockerfile().stage(base).filter(s -> s.index() < stage.index());
        if (previous.isPresent()) {
            state = build.stageResult(previous.get());
        } else if (Stage.isScratch(base)) {
            state = ImageState.scratch();
        } else {
            state = build.baseImage(base, out);
        }
        out.stream(" ---> " + state.shortId() + "\n");
        List<String> triggers = config().onBuild();
        if (triggers != null && !triggers.isEmpty()) {
            out.stream("# Executing " + triggers.size() + " build trigger" + (triggers.size() == 1 ? "" : "s") + "\n");
            List<Instruction> parsed = build.parseTriggers(triggers);
            state = withConfig(state, Configs.withOnBuild(config(), null));
            for (Instruction t : parsed) dispatch(t, true);
            if (!parsed.isEmpty()) out.stream(" ---> " + state.shortId() + "\n");
        }
    }

    private static ImageState withConfig(ImageState s, ContainerConfig c) {
        var i = s.image();
        return new ImageState(s.id(), s.manifest(), new berth.engine.image.ImageConfig(i.architecture(), i.variant(),
                i.os(), i.created(), i.author(), i.comment(), i.dockerVersion(), c, i.rootfs(), i.history()),
                s.layers(), s.chainIds());
    }

    // ---- dispatch ----

    private void dispatch(Instruction i, boolean trigger) throws IOException {
        switch (i) {
            case Instruction.From f -> throw new InvalidArgumentException("FROM cannot be a build trigger");
            case Instruction.Arg a -> arg(a);
            case Instruction.Env e -> env(e);
            case Instruction.Label l -> label(l);
            case Instruction.Run r -> run(r);
            case Instruction.Copy c -> copy(c);
            case Instruction.Add a -> add(a);
            case Instruction.Cmd c -> {
                CommandRules rules = commandRules().apply(c, shell);
                cmdSet = rules.cmdSet();
                metadata("CMD " + json(rules.cmd()), Configs.withCmd(config(), rules.cmd()));
            }
            case Instruction.Entrypoint e -> {
                CommandRules rules = commandRules().apply(e, shell);
                ContainerConfig c = Configs.withCmd(Configs.withEntrypoint(config(), rules.entrypoint()), rules.cmd());
                metadata("ENTRYPOINT " + json(rules.entrypoint()), c);
            }
            case Instruction.Workdir w -> workdir(w);
            case Instruction.User u -> {
                String user = expand(u.user());
                metadata("USER " + user, Configs.withUser(config(), user));
            }
            case Instruction.Volume v -> {
                Map<String, Object> volumes = new LinkedHashMap<>(nz(config().volumes()));
                List<String> paths = new ArrayList<>();
                for (String p : v.paths()) {
                    String x = expand(p);
                    if (x.isEmpty()) throw new InvalidArgumentException("VOLUME specified can not be an empty string");
                    volumes.put(x, Map.of());
                    paths.add(x);
                }
                metadata("VOLUME " + json(paths), Configs.withVolumes(config(), volumes));
            }
            case Instruction.Expose e -> {
                Map<String, Object> ports = new LinkedHashMap<>(nz(config().exposedPorts()));
                List<String> added = ExposedPorts.of(e, build.substitution(), vars());
                for (String p : added) ports.put(p, Map.of());
                metadata("EXPOSE " + String.join(" ", added), Configs.withExposedPorts(config(), ports));
            }
            case Instruction.Stopsignal s -> {
                String sig = expand(s.signal());
                metadata("STOPSIGNAL " + sig, Configs.withStopSignal(config(), sig));
            }
            case Instruction.Healthcheck h -> {
                HealthConfig hc = h.disabled() ? new HealthConfig(List.of("NONE"), null, null, null, null, null)
                        : new HealthConfig(h.test(), nanos(h.interval()), nanos(h.timeout()), nanos(h.startPeriod()),
                        nanos(h.startInterval()), h.retries() == 0 ? null : h.retries());
                metadata("HEALTHCHECK " + json(h.test()), Configs.withHealthcheck(config(), hc));
            }
            case Instruction.Shell s -> {
                shell = s.shell();
                metadata("SHELL " + json(s.shell()), Configs.withShell(config(), s.shell()));
            }
            case Instruction.Onbuild o -> {
                List<String> triggers = new ArrayList<>(config().onBuild() == null ? List.of() : config().onBuild());
                triggers.add(o.expression());
                metadata("ONBUILD " + o.expression(), Configs.withOnBuild(config(), triggers));
            }
            case Instruction.Maintainer m -> {
                author = expand(m.maintainer());
                metadata("MAINTAINER " + author, config());
            }
        }
    }

    private static Long nanos(Duration d) {
        return d == null || d.isZero() ? null : d.toNanos();
    }

    // ---- variables ----

    /** The values substitution sees: the stage's ARGs that have a value, then ENV over them. */
    private Map<String, String> vars() {
        Map<String, String> v = new LinkedHashMap<>();
        for (Map.Entry<String, String> a : args.entrySet()) if (a.getValue() != null) v.put(a.getKey(), a.getValue());
        for (String e : nz(config().env())) {
            int eq = e.indexOf('=');
            if (eq > 0) v.put(e.substring(0, eq), e.substring(eq + 1));
        }
        return v;
    }

    private String expand(String word) {
        return build.substitution().expand(word, vars());
    }

    /** ARGs with a value, by name: what a RUN's environment and cache key get. */
    private Map<String, String> argValues() {
        Map<String, String> m = new TreeMap<>();
        for (Map.Entry<String, String> a : args.entrySet()) if (a.getValue() != null) m.put(a.getKey(), a.getValue());
        return m;
    }

    private void arg(Instruction.Arg a) throws IOException {
        List<String> names = new ArrayList<>();
        for (ArgDefinition d : a.args()) {
            String name = d.name();
            String value;
            if (build.request().buildArgs().containsKey(name) && build.request().buildArgs().get(name) != null) {
                value = build.request().buildArgs().get(name);
                build.consumed(name);
            } else if (d.hasDefault()) {
                value = expand(d.defaultValue());
            } else {
                value = build.globalArg(name);
            }
            if (value == null && PredefinedArgs.isPlatform(name)) value = build.platformArg(name);
            args.put(name, value);
            names.add(d.hasDefault() ? name + "=" + d.defaultValue() : name);
        }
        metadata("ARG " + String.join(" ", names), config());
    }

    private void env(Instruction.Env e) throws IOException {
        List<String> env = new ArrayList<>(nz(config().env()));
        StringBuilder text = new StringBuilder("ENV");
        // Every pair of one instruction sees the values from before it (ENV a=2 b=$a takes the earlier a), as Docker
        Map<String, String> v = vars();
        for (KeyValue kv : e.variables()) {
            String key = build.substitution().expand(kv.key(), v);
            String value = build.substitution().expand(kv.value(), v);
            env.removeIf(x -> x.equals(key) || x.startsWith(key + "="));
            env.add(key + "=" + value);
            text.append(' ').append(key).append('=').append(value);
        }
        metadata(text.toString(), Configs.withEnv(config(), env));
    }

    private void label(Instruction.Label l) throws IOException {
        Map<String, String> labels = new LinkedHashMap<>(nz(config().labels()));
        StringBuilder text = new StringBuilder("LABEL");
        for (KeyValue kv : l.labels()) {
            String key = expand(kv.key());
            String value = expand(kv.value());
            if (key.isEmpty()) throw new InvalidArgumentException("LABEL names can not be blank");
            labels.put(key, value);
            text.append(' ').append(key).append('=').append(value);
        }
        metadata(text.toString(), Configs.withLabels(config(), labels));
    }

    private void workdir(Instruction.Workdir w) throws IOException {
        String path = expand(w.path());
        String current = config().workingDir() == null || config().workingDir().isEmpty() ? "/" : config().workingDir();
        String dir = "/" + String.join("/", RootPath.clean(path.startsWith("/") ? path : current + "/" + path));
        ContainerConfig next = Configs.withWorkingDir(config(), dir);
        // the directory is made (a layer) only when the image lacks it; on a cache hit nothing needs to look
        Reusable reusable = new Reusable(List.of("/bin/sh -c #(nop) WORKDIR " + dir, "WORKDIR " + dir),
                CacheFromImages.Produces.EITHER, next);
        cachedStep("WORKDIR " + dir, Map.of(), null, null, reusable, () -> {
            boolean exists;
            try (Views.View v = build.views().of(state)) {
                exists = dir.equals("/") || (v.path() != null && Files.isDirectory(RootPath.join(v.path(),
                        RootPath.follow(v.path(), RootPath.clean(dir)))));
            }
            if (exists) return build.images().metadata(state, next, "/bin/sh -c #(nop) WORKDIR " + dir, author);
            return writeLayer("WORKDIR " + dir, next, (staging, view) ->
                    new CopyLayer(staging, view, null, null).mkdirs(RootPath.clean(dir)));
        });
    }

    // ---- the cache ----

    @FunctionalInterface
    private interface Producer {
        ImageState produce() throws IOException;
    }

    private void metadata(String canonical, ContainerConfig next) throws IOException {
        String createdBy = "/bin/sh -c #(nop) " + canonical;
        cachedStep(canonical, Map.of(), null, null,
                new Reusable(List.of(createdBy), CacheFromImages.Produces.NO_LAYER, next),
                () -> build.images().metadata(state, next, createdBy, author));
    }

    /**
     * How a step can be found in a {@code cachefrom} image: the history entry it writes ({@code created_by}, one of
     * these), whether it makes a layer, and the config it leaves. Only a step whose entry names everything it reads
     * has one: an image's history is all a pulled image tells about how it was built.
     */
    private record Reusable(List<String> createdBy, CacheFromImages.Produces produces, ContainerConfig next) {}

    /** The step taken from a {@code cachefrom} image, or null when none matches. */
    private ImageState fromCacheImages(Reusable r) throws IOException {
        if (r == null) return null;
        if (cacheFrom == null) cacheFrom = new CacheFromImages(build.cacheFromImages());
        if (cacheFrom.isEmpty()) return null;
        var found = cacheFrom.match(state, r.createdBy(), r.produces());
        if (found.isEmpty()) return null;
        CacheFromImages.Match m = found.get();
        ImageState source = m.image();
        int layers = state.image().diffIds().size() + (m.hasLayer() ? 1 : 0);
        // the image's last step with the config this build gives it: the image itself, as Docker hands it back
        if (m.last() && source.image().diffIds().size() == layers && source.config().equals(r.next())
                && java.util.Objects.equals(source.image().author(), author)) {
            return source;
        }
        ImageState made = build.images().reuse(state, r.next(), author, m);
        if (made != null) build.keep(made);
        return made;
    }

    /**
     * Runs a step through the cache: its key is the parent image, the canonical instruction (after substitution),
     * the build args it uses and the fingerprint of the files it reads.
     */
    private void cachedStep(String canonical, Map<String, String> argsUsed, CopySources.Fingerprint files, String what,
                            Reusable reusable, Producer producer) throws IOException {
        String parent = state.id() == null ? "scratch" : state.id().toString();
        StringBuilder k = new StringBuilder(parent).append('\n').append(canonical).append('\n');
        argsUsed.forEach((n, v) -> k.append(n).append('=').append(v).append('\n'));
        k.append(files == null ? "" : files.digest()).append('\n').append(author == null ? "" : author);
        String key = Digest.sha256(k.toString().getBytes(StandardCharsets.UTF_8)).hex();
        String slot = Digest.sha256((stage.index() + "\n" + indexInStage + "\n" + build.dockerfileName() + "\n"
                + canonicalSlot(canonical)).getBytes(StandardCharsets.UTF_8)).hex();
        if (!build.request().noCache()) {
            var hit = build.cache().lookup(key).map(e -> {
                ImageState s = build.images().load(e.imageId(), e.manifest());
                if (s != null) build.keep(s);
                return s;
            });
            if (hit.isPresent() && hit.get() != null) {
                build.hit(key);
                out.stream(" ---> Using cache\n");
                state = hit.get();
                return;
            }
        }
        StepCache.Inputs inputs = new StepCache.Inputs(canonical, argsUsed, files == null ? Map.of() : files.files());
        ImageState reused = build.request().noCache() ? null : fromCacheImages(reusable);
        if (reused != null) {
            out.stream(" ---> Using cache\n");
            // a row of its own, so that the next build finds the step in the step cache
            build.cache().put(new StepCache.Entry(key, slot, state.id(), reused.id(), reused.manifest(),
                    reused.topLayer(), inputs));
            state = reused;
            return;
        }
        if (build.request().explain()) {
            out.stream(" ---> Cache miss: " + Explain.why(build.cache().lastInSlot(slot).orElse(null), state.id(),
                    inputs, what, lastMiss, build.request().noCache()) + "\n");
        }
        lastMiss = step - 1;
        ImageState parentState = state;
        state = producer.produce();
        build.cache().put(new StepCache.Entry(key, slot, parentState.id(), state.id(), state.manifest(), state.topLayer(),
                inputs));
    }

    /** The slot ignores what substitution put in: the step is the same step when an ARG changed. */
    private String canonicalSlot(String canonical) {
        int space = canonical.indexOf(' ');
        return space < 0 ? canonical : canonical.substring(0, space);
    }

    // ---- RUN ----

    private void run(Instruction.Run r) throws IOException {
        if (r.security() == Instruction.Run.Security.INSECURE) {
            throw new InvalidArgumentException("RUN --security=insecure is not allowed (line " + r.line() + ")");
        }
        if (r.network() == Instruction.Run.Network.HOST) {
            throw new InvalidArgumentException("RUN --network=host is not allowed (line " + r.line() + "): granting "
                    + "entitlement network.host is not allowed by build daemon configuration (Berth grants it to no "
                    + "build; RUN steps use the build's network, --network, or none)");
        }
        List<String> command = command(r);
        Map<String, String> argValues = argValues();
        StringBuilder createdBy = new StringBuilder();
        Map<String, String> shown = new TreeMap<>(argValues);
        shown.keySet().removeIf(PredefinedArgs::isProxy);
        if (!shown.isEmpty()) {
            createdBy.append('|').append(shown.size());
            shown.forEach((k, v) -> createdBy.append(' ').append(k).append('=').append(v));
            createdBy.append(' ');
        }
        createdBy.append(String.join(" ", command));
        String network = r.network() == Instruction.Run.Network.NONE ? "none" : null;
        StepMounts mounts = r.mountSpecs().isEmpty() ? null
                : StepMounts.plan(build, r.mounts(this::expand), config().workingDir(), this::image);
        String canonical = "RUN " + json(command) + (network == null ? "" : " --network=none")
                + (mounts == null ? "" : mounts.canonical());
        // a RUN's history entry says nothing of its mounts or network: with them it is never taken from an image
        Reusable reusable = mounts == null && network == null
                ? new Reusable(List.of(createdBy.toString()), CacheFromImages.Produces.LAYER, config()) : null;
        cachedStep(canonical, argValues, mounts == null ? null : mounts.files(), mounts == null ? null : "RUN --mount",
                reusable, () -> execute(command, argValues, network, createdBy.toString(), mounts));
    }

    /** What a {@code from=} names: an earlier stage of this Dockerfile, else an image. */
    private ImageState image(String name) throws IOException {
        var other = build.dockerfile().stage(name).filter(s -> s.index() < stage.index());
        return other.isPresent() ? build.stageResult(other.get()) : build.baseImage(name, out);
    }

    private List<String> command(Instruction.Run r) {
        if (r.command() instanceof CommandLine.ShellForm sf && !r.heredocs().isEmpty()) {
            String text = sf.text().strip();
            Heredoc first = r.heredocs().getFirst();
            if (text.matches("<<-?[\"']?" + java.util.regex.Pattern.quote(first.name()) + "[\"']?")) {
                String script = first.expand() ? first.content() : first.content();
                List<String> words = new ArrayList<>(shell);
                words.add(script);
                return words;
            }
            StringBuilder script = new StringBuilder(sf.text());
            for (Heredoc h : r.heredocs()) script.append('\n').append(h.content()).append(h.name());
            List<String> words = new ArrayList<>(shell);
            words.add(script.toString());
            return words;
        }
        return r.command().withShell(shell);
    }

    private ImageState execute(List<String> command, Map<String, String> argValues, String network, String createdBy,
                               StepMounts mounts) throws IOException {
        ImageState parent = state.id() == null ? build.images().metadata(state, config(), "", author) : state;
        try (mounts) {
            return execute(parent, command, argValues, network, createdBy, mounts);
        }
    }

    private ImageState execute(ImageState parent, List<String> command, Map<String, String> argValues, String network,
                               String createdBy, StepMounts mounts) throws IOException {
        List<String> env = new ArrayList<>(nz(config().env()));
        for (Map.Entry<String, String> a : argValues.entrySet()) {
            boolean set = env.stream().anyMatch(e -> e.startsWith(a.getKey() + "="));
            if (!set) env.add(a.getKey() + "=" + a.getValue());
        }
        Map<String, Object> host = new LinkedHashMap<>(build.request().hostConfig());
        if (network != null) host.put("NetworkMode", network);
        if (mounts != null) {
            StepMounts.Prepared prepared = mounts.prepare(parent);
            if (!prepared.mounts().isEmpty()) host.put("Mounts", prepared.mounts());
            if (!prepared.tmpfs().isEmpty()) host.put("Tmpfs", prepared.tmpfs());
            for (String e : prepared.env()) {
                String name = e.substring(0, e.indexOf('=') + 1);
                env.removeIf(x -> x.startsWith(name));
                env.add(e);
            }
        }
        var record = build.images().hidden(parent);
        String[] id = new String[1];
        BuildContainers.Result<ImageState> result;
        try {
            result = build.containers().run(
                new BuildContainers.Step(record, command, env, config().user(), config().workingDir(), host),
                cid -> {
                    id[0] = cid;
                    out.stream(" ---> Running in " + cid.substring(0, 12) + "\n");
                },
                (data, off, len) -> out.stream(new String(data, off, len, StandardCharsets.UTF_8)),
                build::alive,
                upper -> {
                    if (mounts != null) mounts.removeStubs(upper);
                    return build.images().layer(parent, config(), createdBy, author,
                            (o, diff) -> TarWriter.writeAndCopy(upper, o, diff));
                });
        } finally {
            build.images().release(parent);
        }
        out.stream("Removing intermediate container " + id[0].substring(0, 12) + "\n");
        if (result.exitCode() != 0) {
            throw new BuildStepException("The command '" + String.join(" ", command) + "' returned a non-zero code: "
                    + result.exitCode(), result.exitCode());
        }
        return result.layer();
    }

    // ---- COPY / ADD ----

    private void copy(Instruction.Copy c) throws IOException {
        String from = c.from() == null ? null : expand(c.from());
        copyOrAdd("COPY", c.sources(), c.heredocs(), c.destination(), from, c.chown(), c.chmod(), false,
                selection(c.parents(), c.excludes()));
    }

    private void add(Instruction.Add a) throws IOException {
        if (a.keepGitDir() != null) throw new InvalidArgumentException("ADD --keep-git-dir applies to git sources, which this builder cannot fetch (line " + a.line() + ")");
        if (a.checksum() != null) throw new InvalidArgumentException("ADD --checksum applies to URL sources, which this builder cannot fetch (line " + a.line() + ")");
        copyOrAdd("ADD", a.sources(), a.heredocs(), a.destination(), null, a.chown(), a.chmod(),
                a.unpack() == null || a.unpack(), selection(false, a.excludes()));
    }

    private CopySelection selection(boolean parents, List<String> excludes) {
        List<String> expanded = new ArrayList<>();
        for (String e : excludes) expanded.add(expand(e));
        return CopySelection.of(parents, expanded);
    }

    private void copyOrAdd(String keyword, List<String> written, List<Heredoc> heredocs, String destination, String from,
                           String chownText, String chmodText, boolean extract, CopySelection selection)
            throws IOException {
        List<String> sources = new ArrayList<>();
        for (String s : written) sources.add(expand(s));
        String dest = expand(destination);
        String wd = config().workingDir() == null || config().workingDir().isEmpty() ? "/" : config().workingDir();
        if (!dest.startsWith("/")) dest = (wd.endsWith("/") ? wd : wd + "/") + dest;
        String chown = chownText == null ? null : expand(chownText);
        Integer chmod = null;
        if (chmodText != null) {
            String m = expand(chmodText);
            if (!m.matches("[0-7]{1,4}")) throw new InvalidArgumentException("invalid chmod parameter: " + m);
            chmod = Integer.parseInt(m, 8);
        }
        Path heredocDir = null;
        if (!heredocs.isEmpty()) {
            heredocDir = build.scratchDir("heredoc");
            for (Heredoc h : heredocs) {
                String content = h.expand() ? berth.engine.build.dockerfile.Substitution.heredoc(h.content(), vars()).value()
                        : h.content();
                Path f = heredocDir.resolve(h.name());
                Files.writeString(f, content);
                Files.setAttribute(f, "unix:mode", 0644);
            }
        }
        // where the sources are: the context (fingerprinted from its index, unpacked only on a miss), another
        // stage, or an image
        ImageState fromState = null;
        Views.View fromView = null;
        try {
            CopySources.Fingerprint fp;
            SourceList later;
            if (from != null) {
                var other = build.dockerfile().stage(from).filter(s -> s.index() < stage.index());
                fromState = other.isPresent() ? build.stageResult(other.get()) : build.baseImage(from, out);
                fromView = build.views().of(fromState);
                if (fromView.path() == null) throw new InvalidArgumentException(keyword + " --from=" + from + ": the stage has no files");
                CopySources src = new CopySources(fromView.path(), n -> false, null);
                List<CopySources.Source> resolved = sources.isEmpty() ? List.of() : src.resolve(keyword, sources, selection);
                fp = src.fingerprint(resolved, selection);
                later = () -> resolved;
            } else if (sources.isEmpty()) {
                fp = new CopySources.Fingerprint("", Map.of(), 0, false);
                later = List::of;
            } else {
                fp = build.context().index().fingerprint(keyword, sources, build::excluded, build.context().rootMode(),
                        selection);
                java.util.Set<String> reads = fp.files().keySet();
                later = () -> new CopySources(build.context().root(reads), build::excluded, build.context())
                        .resolve(keyword, sources, selection);
            }
            List<CopySources.Source> inline = new ArrayList<>();
            if (heredocDir != null) {
                CopySources hsrc = new CopySources(heredocDir, n -> false, null);
                List<String> names = heredocs.stream().map(Heredoc::name).toList();
                inline.addAll(hsrc.resolve(keyword, names));
                CopySources.Fingerprint hfp = hsrc.fingerprint(inline);
                Map<String, String> files = new TreeMap<>(fp.files());
                hfp.files().forEach((k, v) -> files.put("<<" + k, v));
                fp = new CopySources.Fingerprint(Digest.sha256((fp.digest() + hfp.digest()).getBytes(StandardCharsets.UTF_8)).hex(),
                        files, fp.sources() + hfp.sources(), false);
            }
            int count = fp.sources();
            String canonical = keyword + (from != null ? " --from=" + (fromState.id() == null ? from : fromState.id()) : "")
                    + (chown != null ? " --chown=" + chown : "") + (chmod != null ? " --chmod=" + Integer.toOctalString(chmod) : "")
                    + (selection.parents() ? " --parents" : "") + excludesText(selection)
                    + " " + String.join(" ", sources) + " " + dest;
            String what = keyword + " " + String.join(" ", written);
            String finalDest = selection.parents() ? dest : inlineAware(dest, count);
            Integer finalChmod = chmod;
            boolean fromContext = from == null;
            // the history entry names what changes the layer beyond the files' digest (names, modes, contents,
            // link targets), so that a cachefrom image's entry matches only a COPY that makes the same layer
            String createdBy = "/bin/sh -c #(nop) " + keyword + (chown != null ? " --chown=" + chown : "")
                    + (chmod != null ? " --chmod=" + Integer.toOctalString(chmod) : "")
                    + (selection.parents() ? " --parents" : "") + excludesText(selection)
                    + " " + (fp.singleFile() ? "file:" : "dir:") + fp.digest() + " in " + dest + " ";
            // files of another stage or image may differ in owners, which their digest leaves out: never taken
            // from a cachefrom image
            Reusable reusable = from == null ? new Reusable(List.of(createdBy), CacheFromImages.Produces.LAYER, config())
                    : null;
            cachedStep(canonical, Map.of(), fp, what, reusable, () -> writeLayer(createdBy, config(), (staging, view) -> {
                int[] owner = chown == null ? null : Owners.resolve(chown, view);
                CopyLayer layer = new CopyLayer(staging, view, owner, finalChmod);
                List<CopySources.Source> resolved = later.get();
                if (!resolved.isEmpty()) layer.copy(keyword, resolved, finalDest, extract, fromContext, selection);
                if (!inline.isEmpty()) layer.copy(keyword, inline, finalDest, false, false);
            }));
        } finally {
            if (fromView != null) fromView.close();
            if (heredocDir != null) Trees.delete(heredocDir);
        }
    }

    private static String excludesText(CopySelection selection) {
        StringBuilder text = new StringBuilder();
        for (String p : selection.patterns()) text.append(" --exclude=").append(p);
        return text.toString();
    }

    @FunctionalInterface
    private interface SourceList {
        List<CopySources.Source> get() throws IOException;
    }

    /** Several sources in all (context and here-documents together) need a directory destination. */
    private static String inlineAware(String dest, int count) {
        if (count > 1 && !dest.endsWith("/")) {
            throw new InvalidArgumentException("When using COPY with more than one source file, the destination must "
                    + "be a directory and end with a /");
        }
        return dest;
    }

    @FunctionalInterface
    private interface Layout {
        void write(Path staging, Path imageView) throws IOException;
    }

    /** A layer laid out in a staging directory (with a read-only view of the image to consult), then committed. */
    private ImageState writeLayer(String createdBy, ContainerConfig next, Layout layout) throws IOException {
        Path staging = build.scratchDir("layer");
        try (Views.View view = build.views().of(state)) {
            layout.write(staging, view.path());
            // the staging directory is thrown away after this: its files can become the layer's own
            return build.images().layer(state, next, createdBy, author, (o, diff) -> TarWriter.writeAndLink(staging, o, diff));
        } finally {
            Trees.delete(staging);
        }
    }

    // ---- helpers ----

    private CommandRules commandRules() {
        return new CommandRules(config().entrypoint(), config().cmd(), cmdSet);
    }

    private static String json(List<String> words) {
        if (words == null) return "[]";
        try {
            return berth.api.Json.mapper().writeValueAsString(words);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <K, V> Map<K, V> nz(Map<K, V> m) {
        return m == null ? Map.of() : m;
    }

    private static <T> List<T> nz(List<T> l) {
        return l == null ? List.of() : l;
    }
}
