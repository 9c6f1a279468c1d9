package berth.engine.container;

import berth.api.errors.ConflictException;
import berth.api.errors.InternalException;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import berth.api.model.ContainerConfig;
import berth.api.model.ContainerCreateRequest;
import berth.api.model.HostConfig;
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

    ContainerCreator(ContainerRepository repo, ImageStore images, Function<String, ContainerLayout> layouts, Leases leases) {
        this.repo = repo;
        this.images = images;
        this.layouts = layouts;
        this.leases = leases;
    }

    ContainerRecord create(String name, ContainerCreateRequest request) {
        if (request == null || request.config() == null || request.config().image() == null
                || request.config().image().isEmpty()) {
            throw new InvalidArgumentException("Config cannot be empty in order to create a container");
        }
        ContainerConfig user = request.config();
        HostConfig hostConfig = request.hostConfigOrEmpty();
        BindMount.parseAll(hostConfig.binds());
        boolean generated = name == null || name.isEmpty();
        String containerName = generated ? NameGenerator.generate() : NameGenerator.validate(name);
        ImageRecord image = resolveImage(user.image());
        String id = newId();
        ContainerConfig merged = ConfigMerger.merge(user, image.config().configOrEmpty(), user.image(), id.substring(0, 12));
        List<String> command = ConfigMerger.command(merged);
        ContainerRecord record = new ContainerRecord(id, containerName, image.id().toString(), user.image(),
                Instant.now().toString(), merged, hostConfig, command.getFirst(),
                List.copyOf(command.subList(1, command.size())));
        // Leased from here until the row exists: a collection meanwhile keeps the image's layers for this container.
        try (var _ = leases.acquire("create " + id).add(image.id(), image.manifestDigest()).add(image.chainIds())) {
            record = insert(record, generated);
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
