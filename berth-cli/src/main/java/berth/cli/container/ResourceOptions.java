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

    /**
     * Binds these options to the quick parser; a value the converter would refuse declines, so picocli reports it. One
     * setter class for all flags: a lambda per flag would cost every quick run a linkage each.
     */
    FlagParser flags(FlagParser p) {
        for (String f : new String[] {"--memory", "--memory-swap", "--memory-reservation", "--oom-score-adj", "--cpus",
                "--cpu-shares", "--cpu-period", "--cpu-quota", "--cpuset-cpus", "--cpuset-mems", "--pids-limit",
                "--blkio-weight", "--ipc", "--pid", "--uts"}) {
            Setter s = new Setter(f);
            if (f.equals("--memory")) p.value(s, "-m", f);
            else if (f.equals("--cpu-shares")) p.value(s, "-c", f);
            else p.value(s, f);
        }
        for (String f : new String[] {"--device-read-bps", "--device-write-bps", "--device-read-iops", "--device-write-iops",
                "--device", "--device-cgroup-rule", "--tmpfs", "--ulimit", "--sysctl"}) {
            p.values(new Setter(f), f);
        }
        return p.flag(new Setter("--oom-kill-disable"), "--oom-kill-disable");
    }

    /** Sets one flag's field from its text, checked as picocli's converter checks it. */
    private final class Setter implements Consumer<String>, Runnable {
        private final String flag;

        Setter(String flag) {
            this.flag = flag;
        }

        @Override
        public void run() {
            oomKillDisable = true;
        }

        @Override
        public void accept(String v) {
            switch (flag) {
                case "--memory" -> memory = checked(v, OptionValues.bytes(v));
                case "--memory-swap" -> memorySwap = checked(v, OptionValues.swapBytes(v));
                case "--memory-reservation" -> memoryReservation = checked(v, OptionValues.bytes(v));
                case "--oom-score-adj" -> oomScoreAdj = Math.toIntExact(OptionValues.parseIntStrict(v));
                case "--cpus" -> cpus = checked(v, OptionValues.nanoCpus(v));
                case "--cpu-shares" -> cpuShares = OptionValues.parseIntStrict(v);
                case "--cpu-period" -> cpuPeriod = OptionValues.parseIntStrict(v);
                case "--cpu-quota" -> cpuQuota = OptionValues.parseIntStrict(v);
                case "--cpuset-cpus" -> cpusetCpus = v;
                case "--cpuset-mems" -> cpusetMems = v;
                case "--pids-limit" -> pidsLimit = OptionValues.parseIntStrict(v);
                case "--blkio-weight" -> blkioWeight = checked(v, OptionValues.uint16(v));
                case "--ipc" -> ipc = v;
                case "--pid" -> pid = v;
                case "--uts" -> uts = v;
                case "--device-read-bps" -> deviceReadBps.add(checked(v, OptionValues.throttle(v, true)));
                case "--device-write-bps" -> deviceWriteBps.add(checked(v, OptionValues.throttle(v, true)));
                case "--device-read-iops" -> deviceReadIops.add(checked(v, OptionValues.throttle(v, false)));
                case "--device-write-iops" -> deviceWriteIops.add(checked(v, OptionValues.throttle(v, false)));
                case "--device" -> devices.add(v);
                case "--device-cgroup-rule" -> deviceCgroupRules.add(OptionValues.cgroupRule(v));
                case "--tmpfs" -> tmpfs.add(v);
                case "--ulimit" -> ulimits.add(checked(v, OptionValues.ulimit(v)));
                case "--sysctl" -> sysctls.add(OptionValues.sysctl(v));
                default -> throw new IllegalStateException(flag);
            }
        }
    }

    /** The text, once its parse (the second argument) has not thrown. */
    static String checked(String value, Object parsed) {
        return value;
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
        putList(host, "BlkioDeviceReadBps", deviceReadBps, "bps");
        putList(host, "BlkioDeviceWriteBps", deviceWriteBps, "bps");
        putList(host, "BlkioDeviceReadIOps", deviceReadIops, "iops");
        putList(host, "BlkioDeviceWriteIOps", deviceWriteIops, "iops");
        putList(host, "Devices", devices, "device");
        if (!deviceCgroupRules.isEmpty()) host.put("DeviceCgroupRules", List.copyOf(deviceCgroupRules));
        if (!tmpfs.isEmpty()) {
            Map<String, String> mounts = new LinkedHashMap<>();
            for (String t : tmpfs) {
                int colon = t.indexOf(':');
                mounts.put(colon < 0 ? t : t.substring(0, colon), colon < 0 ? "" : t.substring(colon + 1));
            }
            host.put("Tmpfs", mounts);
        }
        putList(host, "Ulimits", ulimits, "ulimit");
        if (!sysctls.isEmpty()) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String s : sysctls) OptionValues.putKeyValue(m, s);
            host.put("Sysctls", m);
        }
        if (ipc != null) host.put("IpcMode", ipc);
        if (pid != null) host.put("PidMode", pid);
        if (uts != null) host.put("UTSMode", uts);
    }

    private static void putList(Map<String, Object> host, String key, List<String> values, String kind) {
        if (values.isEmpty()) return;
        List<Map<String, Object>> out = new ArrayList<>();
        for (String v : values) {
            out.add(switch (kind) {
                case "bps" -> OptionValues.throttle(v, true);
                case "iops" -> OptionValues.throttle(v, false);
                case "device" -> OptionValues.device(v);
                default -> OptionValues.ulimit(v);
            });
        }
        host.put(key, out);
    }
}
