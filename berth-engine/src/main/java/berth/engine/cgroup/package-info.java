/**
 * The kernel's cgroups as files: where each controller's hierarchy is mounted (v1, hybrid, or the v2 unified tree),
 * what the kernel can limit, and the usage counters of one container's cgroup, read for {@code stats}. Writing limits
 * is runc's job (through the OCI spec and {@code runc update}); nothing here writes.
 */
package berth.engine.cgroup;
