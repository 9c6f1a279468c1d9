package berth.engine.container;

import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import berth.api.model.HostConfig;
import berth.engine.runtime.Isolation;
import java.nio.file.Path;
import java.util.List;

/**
 * A container's {@link Isolation} from its host config: seccomp, namespaces, devices, tmpfs, rlimits, sysctls and OOM
 * score. The same parsers run at create ({@link #validate}), so a start fails only on what changed since (a device
 * node removed from the host, a joined container no longer running).
 */
final class Isolations {
    /** For a container that joins nobody. */
    static final NamespaceModes.Peers NO_PEERS = name -> {
        throw NotFoundException.container(name);
    };

    private Isolations() {}

    /** The containers of {@code repo} as namespace peers. */
    static NamespaceModes.Peers peers(ContainerRepository repo, java.util.function.Function<String, ContainerLayout> layouts) {
        return name -> {
            ContainerRepository.Row row = repo.resolve(name);
            String id = row.record().id();
            return new NamespaceModes.Peer(id, row.state().isRunning(), row.state().pid(),
                    row.record().hostConfig().ipcMode(), layouts.apply(id).shm());
        };
    }

    /** Everything create can check; {@code requestedHostname} is Config.Hostname as the client sent it. */
    static void validate(HostConfig h, String requestedHostname, NamespaceModes.Peers peers) {
        SecurityOptions.validate(h.securityOpt());
        NamespaceModes.validate(h, requestedHostname, peers);
        DeviceRules.validate(h.devices(), h.deviceCgroupRules());
        List<Isolation.TmpfsMount> tmpfs = TmpfsMounts.of(h.tmpfs());
        java.util.Set<String> binds = new java.util.HashSet<>();
        for (var b : BindMounts.of(h)) binds.add(Path.of(b.destination()).normalize().toString());
        for (Isolation.TmpfsMount t : tmpfs) {
            if (binds.contains(Path.of(t.destination()).normalize().toString())) {
                throw new InvalidArgumentException("Duplicate mount point: " + t.destination());
            }
        }
        Ulimits.of(h.ulimits());
        Sysctls.of(h.sysctls(), h.ipcMode(), h.networkMode());
        OomScore.check(h.oomScoreAdj());
    }

    static Isolation of(HostConfig h, List<String> capabilities, NamespaceModes.Peers peers, Path ownShm) {
        boolean privileged = h.runsPrivileged();
        return new Isolation(SecurityOptions.seccompFilter(h.securityOpt(), privileged, capabilities),
                NamespaceModes.pid(h, peers), NamespaceModes.ipc(h, peers), NamespaceModes.uts(h),
                NamespaceModes.shm(h, peers, ownShm),
                privileged ? List.of() : DeviceRules.nodes(h.devices()),
                privileged ? List.of() : DeviceRules.cgroupRules(h.devices(), h.deviceCgroupRules()),
                TmpfsMounts.of(h.tmpfs()), Ulimits.of(h.ulimits()),
                Sysctls.of(h.sysctls(), h.ipcMode(), h.networkMode()),
                h.oomScoreAdj() == null ? 0 : h.oomScoreAdj());
    }
}
