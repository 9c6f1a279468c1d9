package berth.engine.container;

import berth.api.model.ContainerPruneResponse;
import java.util.List;
import java.util.Map;

/** Managing containers as objects, apart from their runs: renaming them, and pruning the stopped ones. */
public interface ContainerManagement {

    /** The management side of a container service opened by {@link ContainerService#open}. */
    static ContainerManagement of(ContainerService containers) {
        LocalContainerService local = (LocalContainerService) containers;
        ContainerRename rename = new ContainerRename(local.repo(), local.locks(), local.events());
        ContainerPrune prune = new ContainerPrune(local);
        return new ContainerManagement() {
            @Override
            public void rename(String nameOrId, String newName) {
                rename.rename(nameOrId, newName);
            }

            @Override
            public ContainerPruneResponse prune(Map<String, List<String>> filters, boolean dryRun) {
                return prune.prune(filters, dryRun);
            }
        };
    }

    /** Gives the container another name; a taken name is a conflict (409) and nothing changes. */
    void rename(String nameOrId, String newName);

    /**
     * Removes every container that is not running (nor restarting) and matches the filters ({@code until},
     * {@code label}, {@code label!}); reports what went and the bytes their writable layers held.
     */
    default ContainerPruneResponse prune(Map<String, List<String>> filters) {
        return prune(filters, false);
    }

    /** With {@code dryRun}: what {@link #prune(Map)} would remove and reclaim, nothing removed. */
    ContainerPruneResponse prune(Map<String, List<String>> filters, boolean dryRun);
}
