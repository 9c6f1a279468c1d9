package berth.engine.container;

import berth.api.Json;
import berth.api.errors.ConflictException;
import berth.api.errors.InternalException;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import berth.api.model.ContainerStats;
import berth.api.model.ContainerTop;
import berth.api.model.ContainerUpdateResponse;
import berth.api.model.HostConfig;
import berth.engine.cgroup.CgroupMounts;
import berth.engine.cgroup.CgroupProcs;
import berth.engine.cgroup.CgroupStats;
import berth.engine.runtime.CgroupResources;
import berth.engine.runtime.Runc;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * A container's share of the machine after create: {@code stats}, {@code top} and {@code update}. Update changes the
 * stored host config and, for a running container, its cgroup through {@code runc update}, under the container's lock
 * so that a start in between runs with either the old or the new limits, never half of each.
 */
final class ContainerResources {
    private final ContainerRepository repo;
    private final Runc runc;
    private final ContainerLocks locks;
    private final ResourceLimits limits;
    private final CgroupMounts mounts;
    private final ContainerStatistics statistics;

    ContainerResources(ContainerRepository repo, Runc runc, ContainerLocks locks) {
        this(repo, runc, locks, ResourceLimits.host(), CgroupMounts.host());
    }

    ContainerResources(ContainerRepository repo, Runc runc, ContainerLocks locks, ResourceLimits limits,
                       CgroupMounts mounts) {
        this.repo = repo;
        this.runc = runc;
        this.locks = locks;
        this.limits = limits;
        this.mounts = mounts;
        this.statistics = new ContainerStatistics(new CgroupStats(mounts));
    }

    ContainerStats stats(String nameOrId, boolean oneShot) {
        statistics.forgetUnless(id -> repo.get(id).isPresent());
        return statistics.sample(repo.resolve(nameOrId), oneShot);
    }

    ContainerTop top(String nameOrId, String psArgs) {
        ContainerRepository.Row row = repo.resolve(nameOrId);
        String id = row.record().id();
        ProcessTable.validate(psArgs == null || psArgs.isEmpty() ? "-ef" : psArgs);
        if (!row.state().isRunning()) throw new ConflictException("container " + id + " is not running");
        Set<Integer> pids;
        try {
            pids = CgroupProcs.of(mounts, id);
        } catch (IOException e) {
            throw new InternalException("listing the processes of " + id + ": " + e.getMessage(), e);
        }
        return ProcessTable.top(psArgs, pids);
    }

    ContainerUpdateResponse update(String nameOrId, HostConfig changes) {
        String id = repo.resolve(nameOrId).record().id();
        return locks.under(id, () -> {
            ContainerRepository.Row row = repo.get(id).orElseThrow(() -> NotFoundException.container(nameOrId));
            HostConfig merged = merge(id, row.record().hostConfig(), changes);
            limits.validate(merged, true);
            if (row.state().isRunning()) apply(id, merged, changes);
            ContainerRecord r = row.record();
            repo.updateRecord(new ContainerRecord(r.id(), r.name(), r.imageId(), r.imageName(), r.created(), r.config(),
                    merged, r.path(), r.args()));
            return new ContainerUpdateResponse(List.of());
        });
    }

    /**
     * dockerd's UpdateContainer: a zero value leaves a limit as it is; --cpus and an explicit CFS period or quota
     * exclude each other; a memory limit above the swap limit in force needs a new swap limit in the same update.
     */
    static HostConfig merge(String id, HostConfig current, HostConfig changes) {
        String prefix = "Cannot update container " + id + ": ";
        if (n(changes.nanoCpus()) > 0 && n(current.cpuPeriod()) > 0) {
            throw new ConflictException(prefix + "Conflicting options: Nano CPUs cannot be updated as CPU Period has already been set");
        }
        if (n(changes.nanoCpus()) > 0 && n(current.cpuQuota()) > 0) {
            throw new ConflictException(prefix + "Conflicting options: Nano CPUs cannot be updated as CPU Quota has already been set");
        }
        if (n(changes.cpuPeriod()) > 0 && n(current.nanoCpus()) > 0) {
            throw new ConflictException(prefix + "Conflicting options: CPU Period cannot be updated as NanoCPUs has already been set");
        }
        if (n(changes.cpuQuota()) > 0 && n(current.nanoCpus()) > 0) {
            throw new ConflictException(prefix + "Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set");
        }
        if (n(changes.memory()) != 0 && changes.memory() > n(current.memorySwap()) && n(changes.memorySwap()) == 0) {
            throw new InvalidArgumentException(prefix + "Memory limit should be smaller than already set memoryswap limit,"
                    + " update the memoryswap at the same time");
        }
        ObjectNode n = Json.mapper().valueToTree(current);
        setIfNonZero(n, "BlkioWeight", changes.blkioWeight());
        setIfNonZero(n, "CpuShares", changes.cpuShares());
        setIfNonZero(n, "NanoCpus", changes.nanoCpus());
        setIfNonZero(n, "CpuPeriod", changes.cpuPeriod());
        setIfNonZero(n, "CpuQuota", changes.cpuQuota());
        if (changes.cpusetCpus() != null && !changes.cpusetCpus().isEmpty()) n.put("CpusetCpus", changes.cpusetCpus());
        if (changes.cpusetMems() != null && !changes.cpusetMems().isEmpty()) n.put("CpusetMems", changes.cpusetMems());
        setIfNonZero(n, "Memory", changes.memory());
        setIfNonZero(n, "MemorySwap", changes.memorySwap());
        setIfNonZero(n, "MemoryReservation", changes.memoryReservation());
        if (changes.pidsLimit() != null) {
            if (changes.pidsLimit() > 0) n.put("PidsLimit", changes.pidsLimit());
            else n.putNull("PidsLimit");
        }
        try {
            return Json.mapper().treeToValue(n, HostConfig.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("host config does not map back onto itself", e);
        }
    }

    /** The merged limits to the running cgroup; a pids limit lifted is written as "max" (runc's -1). */
    private void apply(String id, HostConfig merged, HostConfig changes) {
        CgroupResources r = limits.resources(merged);
        Long pids = r.pidsLimit();
        if (changes.pidsLimit() != null && pids == null) pids = -1L;
        Long swap = r.memorySwap();
        CgroupResources update = new CgroupResources(r.memoryLimit(), r.memoryReservation(), swap, null, r.cpuShares(),
                r.cpuQuota(), r.cpuPeriod(), r.cpus(), r.mems(), pids, r.blkioWeight(), List.of(), List.of(), List.of(),
                List.of(), List.of());
        try {
            runc.update(id, Json.mapper().writeValueAsBytes(update.toOci()));
        } catch (IOException e) {
            throw new InternalException("Cannot update container " + id + ": " + e.getMessage(), e);
        }
    }

    private static void setIfNonZero(ObjectNode n, String key, Number v) {
        if (v != null && v.longValue() != 0) n.put(key, v.longValue());
    }

    private static long n(Number v) {
        return v == null ? 0 : v.longValue();
    }
}
