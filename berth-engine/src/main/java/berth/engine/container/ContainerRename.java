package berth.engine.container;

import berth.api.errors.ConflictException;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import java.util.Map;

/** {@code docker rename}: Docker's checks and messages, one row update, and the {@code rename} event. */
final class ContainerRename {
    private final ContainerRepository repo;
    private final ContainerLocks locks;
    private final ContainerEvents events;

    ContainerRename(ContainerRepository repo, ContainerLocks locks, ContainerEvents events) {
        this.repo = repo;
        this.locks = locks;
        this.events = events;
    }

    void rename(String nameOrId, String newName) {
        if (nameOrId == null || nameOrId.isEmpty() || newName == null || newName.isEmpty()) {
            throw new InvalidArgumentException("Neither old nor new names may be empty");
        }
        String id = repo.resolve(nameOrId).record().id();
        String name = NameGenerator.validate(newName);
        locks.under(id, () -> {
            ContainerRecord r = repo.get(id).orElseThrow(() -> NotFoundException.container(nameOrId)).record();
            if (r.name().equals(name)) {
                throw new InvalidArgumentException("Renaming a container with the same name as its current name");
            }
            try {
                repo.rename(id, name);
            } catch (ConflictException e) {
                throw new ConflictException("Error when allocating new name: " + e.getMessage());
            }
            events.publish(r.withName(name), "rename", Map.of("oldName", "/" + r.name()));
        });
    }
}
