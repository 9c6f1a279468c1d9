package berth.engine.container;

import berth.api.errors.InvalidArgumentException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Accepted means applied: every field of the {@code POST /containers/create} body that moby's swagger defines for API
 * 1.50 is either applied by Berth or refused with a 400 naming it, before anything is created. A refused field is
 * still accepted at its zero value or at the default the docker CLI always sends ({@code "Memory":0},
 * {@code "NetworkMode":"default"}, {@code "MemorySwappiness":-1}), because those ask for nothing. Keys swagger does not
 * define are ignored, as Docker ignores them. The policy reads the raw JSON: the typed records cannot tell a field
 * that was absent from one that was sent.
 */
public final class CreatePolicy {

    /** What Berth does with a field. */
    public enum Verdict { APPLIED, REFUSED }

    /**
     * {@code accepts} says which values go through: for an applied field the values Berth implements (often all), for
     * a refused one its defaults. {@code flag} is the docker CLI option, for the message.
     */
    record Rule(String name, Verdict verdict, String flag, Predicate<JsonNode> accepts, String supported) {}

    private static final Map<String, Rule> CONFIG = new LinkedHashMap<>();
    private static final Map<String, Rule> HOST_CONFIG = new LinkedHashMap<>();
    private static final Map<String, Rule> ENDPOINT = new LinkedHashMap<>();

    static {
        applied(CONFIG, "Hostname", "--hostname");
        applied(CONFIG, "Domainname", "--domainname");
        applied(CONFIG, "User", "--user");
        applied(CONFIG, "AttachStdin", "--attach");
        applied(CONFIG, "AttachStdout", "--attach");
        applied(CONFIG, "AttachStderr", "--attach");
        // recorded and shown, as Docker does without -P; publishing is HostConfig.PortBindings
        applied(CONFIG, "ExposedPorts", "--expose");
        applied(CONFIG, "Tty", "--tty");
        applied(CONFIG, "OpenStdin", "--interactive");
        applied(CONFIG, "StdinOnce", "--attach");
        applied(CONFIG, "Env", "--env");
        applied(CONFIG, "Cmd", "COMMAND");
        applied(CONFIG, "Healthcheck", "--health-cmd");
        refused(CONFIG, "ArgsEscaped", "(Windows only)", CreatePolicy::zero);
        applied(CONFIG, "Image", "IMAGE");
        // anonymous volumes (-v /path), beside the image's VOLUMEs
        applied(CONFIG, "Volumes", "--volume");
        applied(CONFIG, "WorkingDir", "--workdir");
        applied(CONFIG, "Entrypoint", "--entrypoint");
        refused(CONFIG, "NetworkDisabled", "(no flag)", CreatePolicy::zero);
        refused(CONFIG, "MacAddress", "--mac-address", CreatePolicy::zero);
        applied(CONFIG, "OnBuild", "(image metadata)");
        applied(CONFIG, "Labels", "--label");
        applied(CONFIG, "StopSignal", "--stop-signal");
        applied(CONFIG, "StopTimeout", "--stop-timeout");
        applied(CONFIG, "Shell", "(image metadata)");

        // Resources: the cgroup limits runc applies (ResourceLimits checks their values); the rest are refused
        applied(HOST_CONFIG, "CpuShares", "--cpu-shares");
        applied(HOST_CONFIG, "Memory", "--memory");
        refused(HOST_CONFIG, "CgroupParent", "--cgroup-parent", CreatePolicy::zero);
        applied(HOST_CONFIG, "BlkioWeight", "--blkio-weight");
        applied(HOST_CONFIG, "BlkioWeightDevice", "--blkio-weight-device");
        applied(HOST_CONFIG, "BlkioDeviceReadBps", "--device-read-bps");
        applied(HOST_CONFIG, "BlkioDeviceWriteBps", "--device-write-bps");
        applied(HOST_CONFIG, "BlkioDeviceReadIOps", "--device-read-iops");
        applied(HOST_CONFIG, "BlkioDeviceWriteIOps", "--device-write-iops");
        applied(HOST_CONFIG, "CpuPeriod", "--cpu-period");
        applied(HOST_CONFIG, "CpuQuota", "--cpu-quota");
        refused(HOST_CONFIG, "CpuRealtimePeriod", "--cpu-rt-period", CreatePolicy::zero);
        refused(HOST_CONFIG, "CpuRealtimeRuntime", "--cpu-rt-runtime", CreatePolicy::zero);
        applied(HOST_CONFIG, "CpusetCpus", "--cpuset-cpus");
        applied(HOST_CONFIG, "CpusetMems", "--cpuset-mems");
        applied(HOST_CONFIG, "Devices", "--device");
        applied(HOST_CONFIG, "DeviceCgroupRules", "--device-cgroup-rule");
        refused(HOST_CONFIG, "DeviceRequests", "--gpus", CreatePolicy::zero);
        refused(HOST_CONFIG, "KernelMemoryTCP", "(no flag)", CreatePolicy::zero);
        applied(HOST_CONFIG, "MemoryReservation", "--memory-reservation");
        applied(HOST_CONFIG, "MemorySwap", "--memory-swap");
        // the docker CLI sends -1 ("not set"); 0 is a real setting
        refused(HOST_CONFIG, "MemorySwappiness", "--memory-swappiness", n -> absent(n) || isNumber(n, -1));
        applied(HOST_CONFIG, "NanoCpus", "--cpus");
        applied(HOST_CONFIG, "OomKillDisable", "--oom-kill-disable");
        applied(HOST_CONFIG, "Init", "--init");
        applied(HOST_CONFIG, "PidsLimit", "--pids-limit");
        applied(HOST_CONFIG, "Ulimits", "--ulimit");
        refused(HOST_CONFIG, "CpuCount", "--cpu-count", CreatePolicy::zero);
        refused(HOST_CONFIG, "CpuPercent", "--cpu-percent", CreatePolicy::zero);
        refused(HOST_CONFIG, "IOMaximumIOps", "--io-maxiops", CreatePolicy::zero);
        refused(HOST_CONFIG, "IOMaximumBandwidth", "--io-maxbandwidth", CreatePolicy::zero);

        applied(HOST_CONFIG, "Binds", "--volume");
        // the client writes the file; the daemon only records the path, as Docker does
        applied(HOST_CONFIG, "ContainerIDFile", "--cidfile");
        applied(HOST_CONFIG, "LogConfig", "--log-driver");
        // bridge, none, host, container:<id>, a user-defined network; checked against the networks at create
        applied(HOST_CONFIG, "NetworkMode", "--network");
        applied(HOST_CONFIG, "PortBindings", "--publish");
        applied(HOST_CONFIG, "RestartPolicy", "--restart");
        applied(HOST_CONFIG, "AutoRemove", "--rm");
        partly(HOST_CONFIG, "VolumeDriver", "--volume-driver", strings("", "local"), "local");
        applied(HOST_CONFIG, "VolumesFrom", "--volumes-from");
        // bind, volume and tmpfs with every option of theirs; volume.MountParser refuses what it cannot apply
        applied(HOST_CONFIG, "Mounts", "--mount");
        applied(HOST_CONFIG, "ConsoleSize", "--tty");
        applied(HOST_CONFIG, "Annotations", "--annotation");
        applied(HOST_CONFIG, "CapAdd", "--cap-add");
        applied(HOST_CONFIG, "CapDrop", "--cap-drop");
        partly(HOST_CONFIG, "CgroupnsMode", "--cgroupns", strings("", "private", "host"), "private, host");
        applied(HOST_CONFIG, "Dns", "--dns");
        applied(HOST_CONFIG, "DnsOptions", "--dns-option");
        applied(HOST_CONFIG, "DnsSearch", "--dns-search");
        applied(HOST_CONFIG, "ExtraHosts", "--add-host");
        applied(HOST_CONFIG, "GroupAdd", "--group-add");
        applied(HOST_CONFIG, "IpcMode", "--ipc");
        refused(HOST_CONFIG, "Cgroup", "--cgroup", CreatePolicy::zero);
        applied(HOST_CONFIG, "Links", "--link");
        applied(HOST_CONFIG, "OomScoreAdj", "--oom-score-adj");
        applied(HOST_CONFIG, "PidMode", "--pid");
        applied(HOST_CONFIG, "Privileged", "--privileged");
        applied(HOST_CONFIG, "PublishAllPorts", "--publish-all");
        applied(HOST_CONFIG, "ReadonlyRootfs", "--read-only");
        // values are checked by SecurityOptions at create (a seccomp profile is parsed there)
        applied(HOST_CONFIG, "SecurityOpt", "--security-opt");
        refused(HOST_CONFIG, "StorageOpt", "--storage-opt", CreatePolicy::zero);
        applied(HOST_CONFIG, "Tmpfs", "--tmpfs");
        applied(HOST_CONFIG, "UTSMode", "--uts");
        refused(HOST_CONFIG, "UsernsMode", "--userns", CreatePolicy::zero);
        applied(HOST_CONFIG, "ShmSize", "--shm-size");
        applied(HOST_CONFIG, "Sysctls", "--sysctl");
        partly(HOST_CONFIG, "Runtime", "--runtime", strings("", "runc"), "runc");
        partly(HOST_CONFIG, "Isolation", "--isolation", strings("", "default"), "default");
        applied(HOST_CONFIG, "MaskedPaths", "--security-opt systempaths=unconfined");
        applied(HOST_CONFIG, "ReadonlyPaths", "--security-opt systempaths=unconfined");

        // an endpoint's address (--ip), MAC (--mac-address) and DNS aliases (--network-alias) are applied; IPv6 and
        // link-local addresses, driver options and the fields Docker fills in itself are not
        partly(ENDPOINT, "IPAMConfig", "--ip, --ip6, --link-local-ip", CreatePolicy::onlyIpv4Address, "IPv4Address");
        applied(ENDPOINT, "MacAddress", "--mac-address");
        applied(ENDPOINT, "Aliases", "--network-alias");
        for (String f : List.of("Links", "DriverOpts", "GwPriority", "NetworkID", "EndpointID", "Gateway", "IPAddress",
                "IPPrefixLen", "IPv6Gateway", "GlobalIPv6Address", "GlobalIPv6PrefixLen", "DNSNames")) {
            refused(ENDPOINT, f, "--network", CreatePolicy::zero);
        }
    }

    private CreatePolicy() {}

    /** The verdict for a swagger field of a section ("Config", "HostConfig", "EndpointSettings"), if it has a rule. */
    public static Optional<Verdict> verdict(String section, String field) {
        return Optional.ofNullable(table(section).get(field.toLowerCase(Locale.ROOT))).map(Rule::verdict);
    }

    /** Throws InvalidArgumentException naming the first field whose value Berth would not apply. */
    public static void check(JsonNode body) {
        if (body == null || !body.isObject()) return;
        checkObject(body, CONFIG, "Config.");
        JsonNode host = field(body, "HostConfig");
        if (host != null && host.isObject()) {
            checkObject(host, HOST_CONFIG, "HostConfig.");
            // gone from the API since 1.42 (Docker 23), but a client speaking an older version still sends it
            if (!zero(field(host, "KernelMemory"))) {
                throw new InvalidArgumentException("HostConfig.KernelMemory (--kernel-memory) is not supported: kernel"
                        + " memory limits were removed in API 1.42 and are deprecated by the kernel; leave it unset");
            }
        }
        JsonNode networking = field(body, "NetworkingConfig");
        JsonNode endpoints = networking == null ? null : field(networking, "EndpointsConfig");
        if (endpoints != null && endpoints.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = endpoints.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isObject()) {
                    checkObject(e.getValue(), ENDPOINT, "NetworkingConfig.EndpointsConfig." + e.getKey() + ".");
                }
            }
        }
    }

    private static void checkObject(JsonNode object, Map<String, Rule> rules, String prefix) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Rule rule = rules.get(e.getKey().toLowerCase(Locale.ROOT));
            if (rule == null || rule.accepts().test(e.getValue())) continue;
            String name = prefix + rule.name();
            String flag = rule.flag().startsWith("-") ? " (" + rule.flag() + ")" : "";
            if (rule.supported() == null) {
                throw new InvalidArgumentException(name + flag + " is not supported by Berth yet; leave it unset");
            }
            throw new InvalidArgumentException(name + " " + shown(e.getValue()) + flag
                    + " is not supported by Berth yet (supported: " + rule.supported() + ")");
        }
    }

    private static String shown(JsonNode value) {
        if (value.isTextual()) return "\"" + value.asText() + "\"";
        if (value.isObject() && value.has("Name")) return "\"" + value.get("Name").asText() + "\"";
        return value.toString();
    }

    private static Map<String, Rule> table(String section) {
        return switch (section) {
            case "Config" -> CONFIG;
            case "HostConfig" -> HOST_CONFIG;
            case "EndpointSettings" -> ENDPOINT;
            default -> Map.of();
        };
    }

    private static void put(Map<String, Rule> table, String name, Rule rule) {
        table.put(name.toLowerCase(Locale.ROOT), rule);
    }

    private static void applied(Map<String, Rule> table, String name, String flag) {
        put(table, name, new Rule(name, Verdict.APPLIED, flag, n -> true, null));
    }

    /** Applied for some values; the others are refused, listing what is supported. */
    private static void partly(Map<String, Rule> table, String name, String flag, Predicate<JsonNode> accepts,
                               String supported) {
        put(table, name, new Rule(name, Verdict.APPLIED, flag, accepts, supported));
    }

    private static void refused(Map<String, Rule> table, String name, String flag, Predicate<JsonNode> isDefault) {
        put(table, name, new Rule(name, Verdict.REFUSED, flag, isDefault, null));
    }

    // ---- values that ask for nothing ----

    static boolean absent(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }

    /** Go's zero value of any type: null, false, 0, "", [] or {} (a map with any key in it asks for something). */
    static boolean zero(JsonNode n) {
        if (absent(n)) return true;
        if (n.isBoolean()) return !n.asBoolean();
        if (n.isNumber()) return n.asDouble() == 0;
        if (n.isTextual()) return n.asText().isEmpty();
        if (n.isArray() || n.isObject()) return n.isEmpty();
        return false;
    }

    /** The zero value of a Go struct: every field at its zero value. */
    static boolean zeroStruct(JsonNode n) {
        if (absent(n)) return true;
        if (!n.isObject()) return zero(n);
        for (JsonNode v : n) if (!zeroStruct(v)) return false;
        return true;
    }

    private static boolean isNumber(JsonNode n, long value) {
        return n != null && n.isIntegralNumber() && n.asLong() == value;
    }

    private static Predicate<JsonNode> strings(String... accepted) {
        Set<String> ok = Set.of(accepted);
        return n -> absent(n) || (n.isTextual() && ok.contains(n.asText()));
    }

    /** --ip: an IPv4 address; --ip6 and --link-local-ip are not applied. */
    private static boolean onlyIpv4Address(JsonNode n) {
        if (zeroStruct(n)) return true;
        if (!n.isObject()) return false;
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equalsIgnoreCase("IPv4Address") && !zeroStruct(e.getValue())) return false;
        }
        return true;
    }

    /** Go's encoding/json matches keys case-insensitively when there is no exact match. */
    static JsonNode field(JsonNode object, String name) {
        JsonNode exact = object.get(name);
        if (exact != null) return exact;
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.equalsIgnoreCase(name)) return object.get(k);
        }
        return null;
    }
}
