package berth.engine.container;

import berth.api.errors.ConflictException;
import berth.api.errors.InternalException;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import berth.api.model.ContainerConfig;
import berth.api.model.ContainerCreateRequest;
import berth.api.model.HostConfig;
import berth.api.model.LogConfig;
import berth.engine.image.ImageRecord;
import berth.engine.image.ImageStore;
import berth.engine.image.Reference;
import berth.engine.runtime.BindMount;
import berth.engine.store.Database;
import berth.engine.store.Leases;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Validates a create request and records the container: the row goes in as 'creating', the directory is prepared,
 * then the row becomes 'created'. A crash in between leaves a 'creating' row that recovery deletes with its
 * directory. Nothing is mounted: the rootfs is mounted only while the container runs, as Docker does.
 */
final class ContainerCreator {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ContainerRepository repo;
    private final ImageStore images;
    private final Function<String, ContainerLayout> layouts;
    private final Leases leases;
    private final UnaryOperator<LogConfig> logConfigInForce;
    private final NetworkAttachment network;
    private final ContainerMounts mounts;

    /** {@code logConfigInForce}: the request's LogConfig with the daemon's defaults merged in, or Docker's 400. */
    ContainerCreator(ContainerRepository repo, ImageStore images, Function<String, ContainerLayout> layouts, Leases leases,
                     UnaryOperator<LogConfig> logConfigInForce, NetworkAttachment network, ContainerMounts mounts) {
        this.mounts = mounts;
        this.repo = repo;
        this.images = images;
        this.layouts = layouts;
        this.leases = leases;
        this.logConfigInForce = logConfigInForce;
        this.network = network;
    }

    ContainerRecord create(String name, ContainerCreateRequest request) {
        return create(name, request, null);
    }

    /** {@code image} non-null: the image is given (a build step's, which no name resolves), not looked up. */
    ContainerRecord create(String name, ContainerCreateRequest request, ImageRecord given) {
        if (request == null || request.config() == null || request.config().image() == null
                || request.config().image().isEmpty()) {
            throw new InvalidArgumentException("Config cannot be empty in order to create a container");
        }
        ContainerConfig user = withCleanWorkingDir(request.config());
        String networkMode = network.modeOf(request.hostConfigOrEmpty().networkMode());
        network.validate(networkMode, request);
        HostConfig requested = withNetworkMode(request.hostConfigOrEmpty(), networkMode);
        HostConfig hostConfig = validate(requested, logConfigInForce.apply(requested.logConfig()));
        if (networkMode.equals("host") && (user.hostname() == null || user.hostname().isEmpty())) {
            user = withHostname(user, hostHostname());
        }
        Isolations.validate(requested, request.config().hostname(), Isolations.peers(repo, layouts));
        HealthSpec.validate(user.healthcheck());
        boolean generated = name == null || name.isEmpty();
        String containerName = generated ? NameGenerator.generate() : NameGenerator.validate(name);
        ImageRecord image = given != null ? given : resolveImage(user.image());
        String id = newId();
        ContainerConfig merged = ConfigMerger.merge(user, image.config().configOrEmpty(), user.image(), id.substring(0, 12));
        List<String> command = ConfigMerger.command(merged);
        List<berth.engine.volume.MountSpec> planned = mounts.plan(hostConfig, merged);
        ContainerRecord record = new ContainerRecord(id, containerName, image.id().toString(), user.image(),
                Instant.now().toString(), merged, hostConfig, command.getFirst(),
                List.copyOf(command.subList(1, command.size())));
        // Leased from here until the row exists: a collection meanwhile keeps the image's layers for this container.
        try (var _ = leases.acquire("create " + id).add(image.id(), image.manifestDigest()).add(image.chainIds())) {
            record = insert(record, generated);
            try {
                network.recordEndpoints(id, networkMode, request);
                mounts.attach(id, planned);
            } catch (RuntimeException e) {
                repo.delete(id);
                throw e;
            }
        } catch (Database.StoreException e) {
            // The image was removed since it was resolved: the same answer as if it had never been there.
            if (e.isForeignKeyViolation()) throw NotFoundException.image(user.image());
            throw e;
        }
        try {
            ContainerFiles.prepare(layouts.apply(id), merged.hostname());
        } catch (IOException e) {
            repo.delete(id);
            throw new InternalException("creating container directory: " + e.getMessage(), e);
        }
        repo.updateState(id, RuntimeState.creating().withStatus(ContainerStatus.CREATED));
        return record;
    }

    /**
     * The checks that need typed values (the create policy has already refused fields Berth does not apply); returns
     * the host config in force.
     */
    static HostConfig validate(HostConfig h, LogConfig logConfig) {
        BindMounts.of(h);
        RestartRule.validate(h);
        Capabilities.validate(h.capAdd(), h.capDrop());
        if (h.runsInit()) InitBinary.path();
        if (h.shmSize() != null && h.shmSize() < 0) throw new InvalidArgumentException("SHM size can not be less than 0");
        if (h.annotations() != null && h.annotations().containsKey("")) {
            throw new InvalidArgumentException("invalid Annotations: the empty string is not permitted as an annotation key");
        }
        ResourceLimits.host().validate(h, false);
        return ResourceLimits.inForce(HostConfigDefaults.inForce(h, logConfig));
    }

    /** moby's translateWorkingDir: an absolute path, cleaned; a relative one is refused at create, not at start. */
    static ContainerConfig withCleanWorkingDir(ContainerConfig c) {
        String wd = c.workingDir();
        if (wd == null || wd.isEmpty()) return c;
        if (!wd.startsWith("/")) {
            throw new InvalidArgumentException("the working directory '" + wd + "' is invalid, it needs to be an absolute path");
        }
        String clean = java.nio.file.Path.of(wd).normalize().toString();
        return new ContainerConfig(c.hostname(), c.domainname(), c.user(), c.attachStdin(), c.attachStdout(),
                c.attachStderr(), c.exposedPorts(), c.tty(), c.openStdin(), c.stdinOnce(), c.env(), c.cmd(), c.image(),
                c.volumes(), clean, c.entrypoint(), c.onBuild(), c.labels(), c.stopSignal(), c.stopTimeout(), c.shell(),
                c.healthcheck());
    }

    /** The mode in force is recorded: "default" means whatever the daemon's default was when it was created. */
    private static HostConfig withNetworkMode(HostConfig h, String mode) {
        var n = berth.api.Json.mapper().<com.fasterxml.jackson.databind.node.ObjectNode>valueToTree(h);
        n.put("NetworkMode", mode);
        return berth.api.Json.mapper().convertValue(n, HostConfig.class);
    }

    private static ContainerConfig withHostname(ContainerConfig c, String hostname) {
        return new ContainerConfig(hostname, c.domainname(), c.user(), c.attachStdin(), c.attachStdout(),
                c.attachStderr(), c.exposedPorts(), c.tty(), c.openStdin(), c.stdinOnce(), c.env(), c.cmd(), c.image(),
                c.volumes(), c.workingDir(), c.entrypoint(), c.onBuild(), c.labels(), c.stopSignal(), c.stopTimeout(),
                c.shell());
    }

    /** --network host: the container is named as the host is, as Docker does. */
    private static String hostHostname() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** A generated name that happens to be taken is replaced by another; a chosen one is the user's conflict. */
    private ContainerRecord insert(ContainerRecord record, boolean generated) {
        for (int attempt = 0; ; attempt++) {
            try {
                repo.insert(record);
                return record;
            } catch (ConflictException e) {
                if (!generated || attempt > 5) throw e;
                record = new ContainerRecord(record.id(), NameGenerator.generate(), record.imageId(), record.imageName(),
                        record.created(), record.config(), record.hostConfig(), record.path(), record.args());
            }
        }
    }

    /** 64 hex digits whose short form is not all digits (moby's stringid: it could be taken for a number). */
    static String newId() {
        while (true) {
            byte[] b = new byte[32];
            RANDOM.nextBytes(b);
            String id = HexFormat.of().formatHex(b);
            if (!id.substring(0, 12).chars().allMatch(Character::isDigit)) return id;
        }
    }

    /** Docker's 404 names the image as the user would write it in full ("busybox:latest"). */
    private ImageRecord resolveImage(String name) {
        try {
            return images.resolve(name);
        } catch (NotFoundException e) {
            String shown = name;
            try {
                shown = Reference.parse(name).withDefaultTag().familiarString();
            } catch (RuntimeException ignored) {
                // an ID prefix or something unparsable: show it as given
            }
            throw NotFoundException.image(shown);
        }
    }
}
