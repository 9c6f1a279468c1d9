package berth.cli.container;

import berth.cli.FlagParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** Limits and isolation for run and create: cgroup limits, devices, tmpfs, ulimits, sysctls and namespace modes. */
public final class ResourceOptions {
    @Option(names = {"-m", "--memory"}, paramLabel = "bytes", converter = OptionValues.Bytes.class,
            description = "Memory the container may use (e.g. 64m, 1g)") String memory;
    @Option(names = "--memory-swap", paramLabel = "bytes", converter = OptionValues.SwapBytes.class,
            description = "Memory plus swap the container may use; -1 for unlimited swap") String memorySwap;
    @Option(names = "--memory-reservation", paramLabel = "bytes", converter = OptionValues.Bytes.class,
            description = "Soft memory limit, enforced under memory pressure") String memoryReservation;
    @Option(names = "--oom-kill-disable", description = "Do not let the OOM killer pick this container's processes") boolean oomKillDisable;
    @Option(names = "--oom-score-adj", paramLabel = "int", description = "Bias for the OOM killer (-1000 to 1000)") Integer oomScoreAdj;
    @Option(names = "--cpus", paramLabel = "decimal", converter = OptionValues.Cpus.class,
            description = "How many CPUs' worth of time the container may use (e.g. 1.5)") String cpus;
    @Option(names = {"-c", "--cpu-shares"}, paramLabel = "int", description = "Relative CPU weight") Long cpuShares;
    @Option(names = "--cpu-period", paramLabel = "int", description = "CFS period in microseconds") Long cpuPeriod;
    @Option(names = "--cpu-quota", paramLabel = "int", description = "CFS quota in microseconds per period") Long cpuQuota;
    @Option(names = "--cpuset-cpus", paramLabel = "string", description = "CPUs the container may run on (0-3, 0,1)") String cpusetCpus;
    @Option(names = "--cpuset-mems", paramLabel = "string", description = "Memory nodes the container may use (0-3, 0,1)") String cpusetMems;
    @Option(names = "--pids-limit", paramLabel = "int", description = "Most processes the container may have (-1 for no limit)") Long pidsLimit;
    @Option(names = "--blkio-weight", paramLabel = "uint16", converter = OptionValues.Uint16.class,
            description = "Relative block IO weight (10 to 1000, 0 for none)") String blkioWeight;
    @Option(names = "--device-read-bps", paramLabel = "list", converter = OptionValues.Bps.class,
            description = "Cap reads from a device, in bytes per second (/dev/sda:1mb)") List<String> deviceReadBps = new ArrayList<>();
    @Option(names = "--device-write-bps", paramLabel = "list", converter = OptionValues.Bps.class,
            description = "Cap writes to a device, in bytes per second (/dev/sda:1mb)") List<String> deviceWriteBps = new ArrayList<>();
    @Option(names = "--device-read-iops", paramLabel = "list", converter = OptionValues.Iops.class,
            description = "Cap reads from a device, in operations per second (/dev/sda:100)") List<String> deviceReadIops = new ArrayList<>();
    @Option(names = "--device-write-iops", paramLabel = "list", converter = OptionValues.Iops.class,
            description = "Cap writes to a device, in operations per second (/dev/sda:100)") List<String> deviceWriteIops = new ArrayList<>();
    @Option(names = "--device", paramLabel = "list",
            description = "Give the container a host device (host[:container][:rwm])") List<String> devices = new ArrayList<>();
    @Option(names = "--device-cgroup-rule", paramLabel = "list", converter = OptionValues.CgroupRule.class,
            description = "Allow device access by cgroup rule (\"c 1:3 rwm\")") List<String> deviceCgroupRules = new ArrayList<>();
    @Option(names = "--tmpfs", paramLabel = "list", description = "Mount a tmpfs at a path (/run:size=64m)") List<String> tmpfs = new ArrayList<>();
    @Option(names = "--ulimit", paramLabel = "ulimit", converter = OptionValues.Ulimit.class,
            description = "Resource limit for the processes (nofile=1024:2048)") List<String> ulimits = new ArrayList<>();
    @Option(names = "--sysctl", paramLabel = "map", converter = OptionValues.Sysctl.class,
            description = "Set a namespaced kernel parameter (net.ipv4.ip_forward=1)") List<String> sysctls = new ArrayList<>();
    @Option(names = "--ipc", paramLabel = "string", description = "IPC namespace: private, shareable, host, none or container:<name|id>") String ipc;
    @Option(names = "--pid", paramLabel = "string", description = "PID namespace: host or container:<name|id>") String pid;
    @Option(names = "--uts", paramLabel = "string", description = "UTS namespace: host") String uts;

    /** Binds these options to the quick parser; a value the converter would refuse declines, so picocli reports it. */
    FlagParser flags(FlagParser p) {
        return p.value(v -> memory = checked(v, OptionValues::bytes), "-m", "--memory")
                .value(v -> memorySwap = checked(v, OptionValues::swapBytes), "--memory-swap")
                .value(v -> memoryReservation = checked(v, OptionValues::bytes), "--memory-reservation")
                .flag(() -> oomKillDisable = true, "--oom-kill-disable")
                .value(v -> oomScoreAdj = Math.toIntExact(OptionValues.parseIntStrict(v)), "--oom-score-adj")
                .value(v -> cpus = checked(v, OptionValues::nanoCpus), "--cpus")
                .value(v -> cpuShares = OptionValues.parseIntStrict(v), "-c", "--cpu-shares")
                .value(v -> cpuPeriod = OptionValues.parseIntStrict(v), "--cpu-period")
                .value(v -> cpuQuota = OptionValues.parseIntStrict(v), "--cpu-quota")
                .value(v -> cpusetCpus = v, "--cpuset-cpus").value(v -> cpusetMems = v, "--cpuset-mems")
                .value(v -> pidsLimit = OptionValues.parseIntStrict(v), "--pids-limit")
                .value(v -> blkioWeight = checked(v, OptionValues::uint16), "--blkio-weight")
                .values(adder(deviceReadBps, v -> OptionValues.throttle(v, true)), "--device-read-bps")
                .values(adder(deviceWriteBps, v -> OptionValues.throttle(v, true)), "--device-write-bps")
                .values(adder(deviceReadIops, v -> OptionValues.throttle(v, false)), "--device-read-iops")
                .values(adder(deviceWriteIops, v -> OptionValues.throttle(v, false)), "--device-write-iops")
                .values(devices::add, "--device")
                .values(adder(deviceCgroupRules, OptionValues::cgroupRule), "--device-cgroup-rule")
                .values(tmpfs::add, "--tmpfs").values(adder(ulimits, OptionValues::ulimit), "--ulimit")
                .values(adder(sysctls, OptionValues::sysctl), "--sysctl")
                .value(v -> ipc = v, "--ipc").value(v -> pid = v, "--pid").value(v -> uts = v, "--uts");
    }

    static <T> String checked(String value, java.util.function.Function<String, T> check) {
        check.apply(value);
        return value;
    }

    static <T> Consumer<String> adder(List<String> into, java.util.function.Function<String, T> check) {
        return v -> into.add(checked(v, check));
    }

    /** Adds the fields these flags set to the HostConfig; unset flags send nothing, leaving the daemon's defaults. */
    void apply(Map<String, Object> host) {
        if (memory != null) host.put("Memory", OptionValues.bytes(memory));
        if (memorySwap != null) host.put("MemorySwap", OptionValues.swapBytes(memorySwap));
        if (memoryReservation != null) host.put("MemoryReservation", OptionValues.bytes(memoryReservation));
        if (oomKillDisable) host.put("OomKillDisable", true);
        if (oomScoreAdj != null) host.put("OomScoreAdj", oomScoreAdj);
        if (cpus != null) host.put("NanoCpus", OptionValues.nanoCpus(cpus));
        if (cpuShares != null) host.put("CpuShares", cpuShares);
        if (cpuPeriod != null) host.put("CpuPeriod", cpuPeriod);
        if (cpuQuota != null) host.put("CpuQuota", cpuQuota);
        if (cpusetCpus != null) host.put("CpusetCpus", cpusetCpus);
        if (cpusetMems != null) host.put("CpusetMems", cpusetMems);
        if (pidsLimit != null) host.put("PidsLimit", pidsLimit);
        if (blkioWeight != null) host.put("BlkioWeight", OptionValues.uint16(blkioWeight));
        putList(host, "BlkioDeviceReadBps", deviceReadBps, v -> OptionValues.throttle(v, true));
        putList(host, "BlkioDeviceWriteBps", deviceWriteBps, v -> OptionValues.throttle(v, true));
        putList(host, "BlkioDeviceReadIOps", deviceReadIops, v -> OptionValues.throttle(v, false));
        putList(host, "BlkioDeviceWriteIOps", deviceWriteIops, v -> OptionValues.throttle(v, false));
        putList(host, "Devices", devices, OptionValues::device);
        if (!deviceCgroupRules.isEmpty()) host.put("DeviceCgroupRules", List.copyOf(deviceCgroupRules));
        if (!tmpfs.isEmpty()) {
            Map<String, String> mounts = new LinkedHashMap<>();
            for (String t : tmpfs) {
                int colon = t.indexOf(':');
                mounts.put(colon < 0 ? t : t.substring(0, colon), colon < 0 ? "" : t.substring(colon + 1));
            }
            host.put("Tmpfs", mounts);
        }
        putList(host, "Ulimits", ulimits, OptionValues::ulimit);
        if (!sysctls.isEmpty()) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String s : sysctls) OptionValues.putKeyValue(m, s);
            host.put("Sysctls", m);
        }
        if (ipc != null) host.put("IpcMode", ipc);
        if (pid != null) host.put("PidMode", pid);
        if (uts != null) host.put("UTSMode", uts);
    }

    private static void putList(Map<String, Object> host, String key, List<String> values,
            java.util.function.Function<String, Map<String, Object>> parse) {
        if (values.isEmpty()) return;
        List<Map<String, Object>> out = new ArrayList<>();
        for (String v : values) out.add(parse.apply(v));
        host.put(key, out);
    }
}
