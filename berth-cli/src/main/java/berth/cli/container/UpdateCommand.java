package berth.cli.container;

import berth.cli.CliError;
import berth.cli.Verb;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth update}: changes the resource limits and restart policy of containers, running ones included. */
@Command(name = "update", description = "Change resource limits or the restart policy of containers", sortOptions = false)
public final class UpdateCommand extends Verb {
    @Option(names = "--blkio-weight", paramLabel = "uint16", description = "Relative block IO weight, 10 to 1000 (0 leaves it)") Integer blkioWeight;
    @Option(names = "--cpu-period", paramLabel = "int", description = "CFS period in microseconds") Long cpuPeriod;
    @Option(names = "--cpu-quota", paramLabel = "int", description = "CFS quota in microseconds per period") Long cpuQuota;
    @Option(names = "--cpu-rt-period", paramLabel = "int", description = "Realtime period in microseconds") Long cpuRtPeriod;
    @Option(names = "--cpu-rt-runtime", paramLabel = "int", description = "Realtime runtime in microseconds") Long cpuRtRuntime;
    @Option(names = {"-c", "--cpu-shares"}, paramLabel = "int", description = "Relative CPU weight") Long cpuShares;
    @Option(names = "--cpus", paramLabel = "decimal", description = "How many CPUs the container may use") String cpus;
    @Option(names = "--cpuset-cpus", paramLabel = "string", description = "CPUs the container may run on (0-3, 0,1)") String cpusetCpus;
    @Option(names = "--cpuset-mems", paramLabel = "string", description = "Memory nodes the container may use (0-3, 0,1)") String cpusetMems;
    @Option(names = {"-m", "--memory"}, paramLabel = "bytes", description = "Memory limit (with a unit: b, k, m, g)") String memory;
    @Option(names = "--memory-reservation", paramLabel = "bytes", description = "Memory soft limit") String memoryReservation;
    @Option(names = "--memory-swap", paramLabel = "bytes", description = "Memory plus swap limit; -1 for no swap limit") String memorySwap;
    @Option(names = "--pids-limit", paramLabel = "int", description = "Most processes at once; -1 for no limit") Long pidsLimit;
    @Option(names = "--restart", paramLabel = "string", description = "Restart policy: no, always, unless-stopped, on-failure[:N]") String restart;
    @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

    /** The body of POST /containers/{id}/update: only what a flag set (the daemon leaves the rest as it is). */
    Map<String, Object> body() {
        Map<String, Object> b = new LinkedHashMap<>();
        if (blkioWeight != null) b.put("BlkioWeight", blkioWeight);
        if (cpuShares != null) b.put("CpuShares", cpuShares);
        if (memory != null) b.put("Memory", bytes(memory, "--memory", false));
        if (cpuPeriod != null) b.put("CpuPeriod", cpuPeriod);
        if (cpuQuota != null) b.put("CpuQuota", cpuQuota);
        if (cpuRtPeriod != null) b.put("CpuRealtimePeriod", cpuRtPeriod);
        if (cpuRtRuntime != null) b.put("CpuRealtimeRuntime", cpuRtRuntime);
        if (cpusetCpus != null) b.put("CpusetCpus", cpusetCpus);
        if (cpusetMems != null) b.put("CpusetMems", cpusetMems);
        if (memoryReservation != null) b.put("MemoryReservation", bytes(memoryReservation, "--memory-reservation", false));
        if (memorySwap != null) b.put("MemorySwap", bytes(memorySwap, "--memory-swap", true));
        if (cpus != null) b.put("NanoCpus", nanoCpus(cpus));
        if (pidsLimit != null) b.put("PidsLimit", pidsLimit);
        if (restart != null) b.put("RestartPolicy", restartPolicy(restart));
        if (b.isEmpty()) throw new CliError("you must provide one or more flags when using this command");
        return b;
    }

    @Override
    protected int run() throws Exception {
        Map<String, Object> body = body();
        return EachContainer.run(containers, out, err, c -> client().call("POST", "/containers/" + c + "/update", body).close());
    }

    /** go-units RAMInBytes: a number with an optional binary unit (b, k, m, g, t, p, with or without a trailing b). */
    static long bytes(String value, String flag, boolean minusOneAllowed) {
        if (minusOneAllowed && value.equals("-1")) return -1;
        var m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?) ?([kmgtp]?)b?").matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CliError("invalid argument \"" + value + "\" for \"" + flag + "\" flag: invalid size: '" + value + "'", 125);
        }
        int shift = 10 * "_kmgtp".indexOf(m.group(2).isEmpty() ? "_" : m.group(2));
        return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1L << shift)).longValue();
    }

    static long nanoCpus(String value) {
        try {
            return new BigDecimal(value).movePointRight(9).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new CliError("invalid argument \"" + value + "\" for \"--cpus\" flag: failed to parse " + value
                    + " as a rational number", 125);
        }
    }

    static Map<String, Object> restartPolicy(String spec) {
        int colon = spec.indexOf(':');
        String name = colon < 0 ? spec : spec.substring(0, colon);
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("Name", name);
        if (colon >= 0) {
            try {
                policy.put("MaximumRetryCount", Integer.parseInt(spec.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new CliError("invalid restart policy format: maximum retry count must be an integer", 125);
            }
        }
        return policy;
    }
}
