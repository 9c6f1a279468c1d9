package berth.engine.build;

import berth.api.errors.InvalidArgumentException;
import berth.engine.build.dockerfile.RunMount;
import berth.engine.content.Digest;
import berth.engine.layer.RootPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code --mount}s of one RUN step. Before the cache lookup they give what they add to the step's key: each
 * mount as resolved (target, ids, options, the image a {@code from=} names) and the content of the context files a
 * bind mount shows, never a cache directory's content nor a secret's value. On a miss, {@link #prepare} makes them
 * (HostConfig.Mounts and Tmpfs of the step's container, secrets asked for as variables) and {@link #close} undoes
 * them; {@link #removeStubs} takes out of the step's changes the empty mount points the runtime had to create.
 */
final class StepMounts implements AutoCloseable {
    /** The image a {@code from=} names: an earlier stage's result or an image. */
    @FunctionalInterface
    interface From {
        ImageState resolve(String name) throws IOException;
    }

    /** One mount as planned: its absolute target's components and, for {@code from=}, the image it reads. */
    private record Planned(RunMount mount, List<String> target, ImageState from, CopySources.Fingerprint files) {
        String targetPath() {
            return "/" + String.join("/", target);
        }
    }

    /** What the step's container gets. */
    record Prepared(List<Map<String, Object>> mounts, Map<String, String> tmpfs, List<String> env) {}

    private final Build build;
    private final List<Planned> planned;
    private final String canonical;
    private final CopySources.Fingerprint files;
    private final List<AutoCloseable> opened = new ArrayList<>();
    /** Per mounted target: the index of its first component the parent image lacked (target.size(): none). */
    private final Map<List<String>, Integer> stubs = new LinkedHashMap<>();

    private StepMounts(Build build, List<Planned> planned, String canonical, CopySources.Fingerprint files) {
        this.build = build;
        this.planned = planned;
        this.canonical = canonical;
        this.files = files;
    }

    /** Resolves the mounts of a step whose working directory is {@code workdir}. */
    static StepMounts plan(Build build, List<RunMount> mounts, String workdir, From from) throws IOException {
        List<Planned> planned = new ArrayList<>();
        StringBuilder canonical = new StringBuilder();
        Map<String, String> files = new TreeMap<>();
        StringBuilder digests = new StringBuilder();
        for (RunMount m : mounts) {
            String written = m instanceof RunMount.Secret s ? s.fileTarget() : m.target();
            List<String> target = null;
            if (written != null) {
                if (written.isEmpty() && m instanceof RunMount.Ssh) {
                    written = "/run/buildkit/ssh_agent." + planned.size();
                }
                if (written.isEmpty()) throw new InvalidArgumentException("RUN --mount=type=" + m.type() + ": a target is required");
                String wd = workdir == null || workdir.isEmpty() ? "/" : workdir;
                target = RootPath.clean(written.startsWith("/") ? written : wd + "/" + written);
                if (target.isEmpty()) throw new InvalidArgumentException("RUN --mount: cannot mount over /");
            }
            ImageState source = null;
            CopySources.Fingerprint fp = null;
            String origin = "";
            switch (m) {
                case RunMount.Bind b -> {
                    if (b.from() != null) {
                        source = from.resolve(b.from());
                        origin = " from=" + (source.id() == null ? "scratch" : source.id());
                    } else {
                        fp = build.context().index().fingerprint("RUN --mount", List.of(b.source()), build::excluded,
                                build.context().rootMode());
                        origin = " context=" + fp.digest();
                        String prefix = "/" + String.join("/", target) + ":";
                        fp.files().forEach((k, v) -> files.put(prefix + k, v));
                        digests.append(fp.digest());
                    }
                }
                case RunMount.Cache c -> {
                    if (c.from() != null) {
                        source = from.resolve(c.from());
                        origin = " from=" + (source.id() == null ? "scratch" : source.id());
                    }
                }
                default -> { }
            }
            canonical.append(" --mount=").append(describe(m)).append(origin);
            planned.add(new Planned(m, target, source, fp));
        }
        CopySources.Fingerprint all = files.isEmpty() ? null : new CopySources.Fingerprint(
                Digest.sha256(digests.toString().getBytes(StandardCharsets.UTF_8)).hex(), files, files.size(), false);
        return new StepMounts(build, planned, canonical.toString(), all);
    }

    /** A mount as the cache key sees it: every option that changes what the step sees, nothing secret. */
    private static String describe(RunMount m) {
        return switch (m) {
            case RunMount.Bind b -> "bind,target=" + b.target() + ",source=" + b.source() + ",ro=" + b.readOnly();
            case RunMount.Cache c -> "cache,target=" + c.target() + ",id=" + c.id() + ",sharing=" + c.sharing()
                    + ",source=" + c.source() + ",ro=" + c.readOnly() + ",mode=" + c.mode() + ",uid=" + c.uid()
                    + ",gid=" + c.gid();
            case RunMount.Tmpfs t -> "tmpfs,target=" + t.target() + ",size=" + t.sizeBytes();
            case RunMount.Secret s -> "secret,id=" + s.id() + ",target=" + s.target() + ",env=" + s.env()
                    + ",required=" + s.required() + ",mode=" + s.mode() + ",uid=" + s.uid() + ",gid=" + s.gid();
            case RunMount.Ssh s -> "ssh,id=" + s.id() + ",target=" + s.target() + ",required=" + s.required();
        };
    }

    /** Appended to the step's instruction in its cache key. */
    String canonical() {
        return canonical;
    }

    /** The context files bind mounts show (null: none), part of the cache key. */
    CopySources.Fingerprint files() {
        return files;
    }

    /** Makes the mounts for a step on {@code parent}. */
    Prepared prepare(ImageState parent) throws IOException {
        List<Map<String, Object>> mounts = new ArrayList<>();
        Map<String, String> tmpfs = new LinkedHashMap<>();
        List<String> env = new ArrayList<>();
        List<List<String>> targets = new ArrayList<>();
        for (Planned p : planned) {
            switch (p.mount()) {
                case RunMount.Bind b -> {
                    Path source = b.from() == null ? contextSource(b, p.files()) : imageSource(p.from(), b.source(), b.from());
                    if (!b.readOnly()) source = writableCopy(source);
                    mounts.add(bind(source, p.targetPath(), b.readOnly()));
                }
                case RunMount.Cache c -> {
                    Path seed = null;
                    Views.View seedView = null;
                    try {
                        if (c.from() != null) {
                            seedView = build.views().of(p.from());
                            seed = seedView.path() == null ? null : existing(seedView.path(), c.source(), c.from());
                        }
                        CacheMounts.Lease lease = build.cacheMounts().acquire(c, seed);
                        opened.add(lease);
                        mounts.add(bind(lease.path(), p.targetPath(), c.readOnly()));
                    } finally {
                        if (seedView != null) seedView.close();
                    }
                }
                case RunMount.Tmpfs t -> tmpfs.put(p.targetPath(), "exec,mode=1777" + (t.sizeBytes() > 0
                        ? ",size=" + t.sizeBytes() : ""));
                case RunMount.Secret s -> {
                    var value = build.request().secrets().get(s.id());
                    if (value.isEmpty()) {
                        if (s.required()) {
                            throw new InvalidArgumentException("secret " + s.id() + " not found: this build was given "
                                    + "no secret with that id (berth build --secret id=" + s.id() + ",src=FILE)");
                        }
                        continue; // as BuildKit: an optional secret that is missing is not mounted
                    }
                    if (s.env() != null) env.add(s.env() + "=" + new String(value.get(), StandardCharsets.UTF_8));
                    if (p.target() == null) continue;
                    Path file = build.views().privateFile(value.get());
                    opened.add(() -> Files.deleteIfExists(file));
                    Files.setAttribute(file, "unix:uid", (int) (s.uid() == null ? 0 : s.uid().longValue()));
                    Files.setAttribute(file, "unix:gid", (int) (s.gid() == null ? 0 : s.gid().longValue()));
                    Files.setAttribute(file, "unix:mode", (int) (s.mode() == null ? 0400 : s.mode() & 07777));
                    mounts.add(bind(file, p.targetPath(), true));
                }
                case RunMount.Ssh s -> {
                    if (s.required()) {
                        throw new InvalidArgumentException("no SSH agent socket " + s.id() + " for RUN --mount=type=ssh: "
                                + "Berth's builder forwards no SSH agent");
                    }
                    continue; // as BuildKit when the client forwards no agent and the mount is optional
                }
            }
            targets.add(p.target());
        }
        findStubs(parent, targets);
        return new Prepared(mounts, tmpfs, env);
    }

    private static Map<String, Object> bind(Path source, String target, boolean readOnly) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Type", "bind");
        m.put("Source", source.toString());
        m.put("Target", target);
        m.put("ReadOnly", readOnly);
        return m;
    }

    private Path contextSource(RunMount.Bind b, CopySources.Fingerprint fp) throws IOException {
        Path root = build.context().root(fp.files().keySet());
        return new CopySources(root, build::excluded, build.context()).resolve("RUN --mount", List.of(b.source()))
                .getFirst().path();
    }

    private Path imageSource(ImageState image, String source, String from) throws IOException {
        Views.View view = build.views().of(image);
        opened.add(view);
        if (view.path() == null) throw new InvalidArgumentException("RUN --mount from=" + from + ": the stage has no files");
        return existing(view.path(), source, from);
    }

    private static Path existing(Path root, String source, String from) throws IOException {
        Path p = RootPath.join(root, RootPath.follow(root, RootPath.clean(source)));
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidArgumentException("RUN --mount from=" + from + ": " + (source.isEmpty() ? "/" : source)
                    + " not found");
        }
        return p;
    }

    /** A read-write bind shows a copy-on-write view of its source; what the step writes there is dropped. */
    private Path writableCopy(Path source) throws IOException {
        Path scratch = build.scratchDir("mount");
        if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            Views.View view = build.views().writable(source, scratch);
            opened.add(view);
            return view.path();
        }
        CacheMounts.copyTree(source, scratch);
        return scratch.resolve(source.getFileName().toString());
    }

    /** Notes, for each target, where the parent image stops having it: from there on the runtime makes stubs. */
    private void findStubs(ImageState parent, List<List<String>> targets) throws IOException {
        try (Views.View view = build.views().of(parent)) {
            for (List<String> t : targets) {
                List<String> resolved = view.path() == null ? t : RootPath.follow(view.path(), t);
                int missing = resolved.size();
                if (view.path() == null) {
                    missing = 0;
                } else {
                    for (int i = 1; i <= resolved.size(); i++) {
                        if (!Files.exists(RootPath.join(view.path(), resolved.subList(0, i)), LinkOption.NOFOLLOW_LINKS)) {
                            missing = i - 1;
                            break;
                        }
                    }
                }
                stubs.put(resolved, missing);
            }
        }
    }

    /**
     * Removes from a step's changes the mount points the runtime created (empty files and directories on the way to
     * a target the parent image lacked), as BuildKit does, so that mounts leave no trace in the layer.
     */
    void removeStubs(Path upper) throws IOException {
        for (Map.Entry<List<String>, Integer> e : stubs.entrySet()) {
            List<String> t = e.getKey();
            for (int i = t.size(); i > e.getValue(); i--) {
                Path p = RootPath.join(upper, t.subList(0, i));
                var a = CopySources.lstat(p);
                if (a == null) continue;
                boolean empty = a.isDirectory() ? isEmptyDir(p) : a.isRegularFile() && a.size() == 0 && i == t.size();
                if (!empty) break;
                Files.delete(p);
            }
        }
    }

    private static boolean isEmptyDir(Path p) throws IOException {
        try (var s = Files.list(p)) {
            return s.findAny().isEmpty();
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (AutoCloseable c : opened.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) first = e instanceof IOException io ? io : new IOException(e);
            }
        }
        opened.clear();
        if (first != null) throw first;
    }
}
