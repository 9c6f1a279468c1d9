package berth.cli.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import berth.cli.CliError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The resource, health, restart and network flags of run/create, as the create body the docker CLI would send. */
class CreateFlagsTest {
    private static Map<String, Object> body(String... args) throws Exception {
        RunCommand run = new RunCommand();
        CommandLine cmd = new CommandLine(run);
        cmd.setStopAtPositional(true);
        cmd.parseArgs(args);
        return run.options.createBody(run.detach);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> host(String... args) throws Exception {
        return (Map<String, Object>) body(args).get("HostConfig");
    }

    private static String flagError(String... args) {
        RunCommand run = new RunCommand();
        CommandLine cmd = new CommandLine(run);
        cmd.setStopAtPositional(true);
        try {
            cmd.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return berth.cli.UsageErrorAccess.flagError(e, args);
        }
        throw new AssertionError("accepted: " + List.of(args));
    }

    @Test
    void memorySizesUseBinaryUnits() throws Exception {
        assertThat(host("-m", "64m", "--memory-reservation", "1.5g", "--memory-swap", "-1", "busybox"))
                .containsEntry("Memory", 64L * 1024 * 1024).containsEntry("MemoryReservation", 1536L * 1024 * 1024)
                .containsEntry("MemorySwap", -1L);
    }

    @Test
    void plainNumbersAreBytes() throws Exception {
        assertThat(host("--memory", "6291456", "busybox")).containsEntry("Memory", 6291456L);
    }

    @Test
    void aBadSizeIsRefusedWithGoUnitsWords() {
        assertThat(flagError("--memory", "lots", "busybox"))
                .isEqualTo("invalid argument \"lots\" for \"-m, --memory\" flag: invalid size: 'lots'");
    }

    @Test
    void cpusBecomeNanoCpus() throws Exception {
        assertThat(host("--cpus", "1.5", "busybox")).containsEntry("NanoCpus", 1_500_000_000L);
    }

    @Test
    void cpusFinerThanANanoCpuAreTooPrecise() {
        assertThat(flagError("--cpus", "0.0000000001", "busybox"))
                .isEqualTo("invalid argument \"0.0000000001\" for \"--cpus\" flag: value is too precise");
    }

    @Test
    void cgroupNumbersAndSetsPassThrough() throws Exception {
        assertThat(host("-c", "512", "--cpu-period", "100000", "--cpu-quota", "50000", "--cpuset-cpus", "0",
                "--cpuset-mems", "0", "--pids-limit", "64", "--blkio-weight", "300", "--oom-kill-disable",
                "--oom-score-adj", "500", "busybox"))
                .containsEntry("CpuShares", 512L).containsEntry("CpuPeriod", 100000L).containsEntry("CpuQuota", 50000L)
                .containsEntry("CpusetCpus", "0").containsEntry("CpusetMems", "0").containsEntry("PidsLimit", 64L)
                .containsEntry("BlkioWeight", 300).containsEntry("OomKillDisable", true).containsEntry("OomScoreAdj", 500);
    }

    @Test
    void noResourceFlagsSendNoLimits() throws Exception {
        assertThat(host("busybox")).doesNotContainKeys("Memory", "NanoCpus", "PidsLimit", "Ulimits", "PortBindings");
    }

    @Test
    void deviceThrottlesBecomePathAndRate() throws Exception {
        assertThat(host("--device-read-bps", "/dev/sda:1mb", "--device-write-iops", "/dev/sda:100", "busybox"))
                .containsEntry("BlkioDeviceReadBps", List.of(Map.of("Path", "/dev/sda", "Rate", 1048576L)))
                .containsEntry("BlkioDeviceWriteIOps", List.of(Map.of("Path", "/dev/sda", "Rate", 100L)));
    }

    @Test
    void aDeviceDefaultsToTheSamePathWithEveryPermission() throws Exception {
        assertThat(host("--device", "/dev/fuse", "--device", "/dev/null:/dev/nothing:r", "busybox"))
                .containsEntry("Devices", List.of(
                        Map.of("PathOnHost", "/dev/fuse", "PathInContainer", "/dev/fuse", "CgroupPermissions", "rwm"),
                        Map.of("PathOnHost", "/dev/null", "PathInContainer", "/dev/nothing", "CgroupPermissions", "r")));
    }

    @Test
    void aBadCgroupRuleIsRefused() {
        assertThat(flagError("--device-cgroup-rule", "x 1:2 rwm", "busybox"))
                .isEqualTo("invalid argument \"x 1:2 rwm\" for \"--device-cgroup-rule\" flag: invalid device cgroup format 'x 1:2 rwm'");
    }

    @Test
    void ulimitsTakeSoftAndHard() throws Exception {
        assertThat(host("--ulimit", "nofile=1024:2048", "--ulimit", "nproc=64", "busybox")).containsEntry("Ulimits", List.of(
                Map.of("Name", "nofile", "Soft", 1024L, "Hard", 2048L), Map.of("Name", "nproc", "Soft", 64L, "Hard", 64L)));
    }

    @Test
    void anUnknownUlimitIsRefused() {
        assertThat(flagError("--ulimit", "bogus=1", "busybox"))
                .isEqualTo("invalid argument \"bogus=1\" for \"--ulimit\" flag: invalid ulimit type: bogus");
    }

    @Test
    void tmpfsSysctlsAndNamespacesGoToHostConfig() throws Exception {
        assertThat(host("--tmpfs", "/run:size=64m", "--tmpfs", "/scratch", "--sysctl", "net.ipv4.ip_forward=1",
                "--ipc", "private", "--pid", "host", "--uts", "host", "busybox"))
                .containsEntry("Tmpfs", Map.of("/run", "size=64m", "/scratch", ""))
                .containsEntry("Sysctls", Map.of("net.ipv4.ip_forward", "1"))
                .containsEntry("IpcMode", "private").containsEntry("PidMode", "host").containsEntry("UTSMode", "host");
    }

    @Test
    void restartDefaultsToNo() throws Exception {
        assertThat(host("busybox")).containsEntry("RestartPolicy", Map.of("Name", "no", "MaximumRetryCount", 0));
    }

    @Test
    void restartOnFailureTakesARetryCount() throws Exception {
        assertThat(host("--restart", "on-failure:3", "busybox"))
                .containsEntry("RestartPolicy", Map.of("Name", "on-failure", "MaximumRetryCount", 3));
    }

    @Test
    void aRetryCountMustBeANumber() {
        assertThatThrownBy(() -> body("--restart", "on-failure:x", "busybox")).isInstanceOf(CliError.class)
                .hasMessage("invalid restart policy format: maximum retry count must be an integer");
    }

    @Test
    void aRestartPolicyConflictsWithRm() {
        assertThatThrownBy(() -> body("--rm", "--restart", "always", "busybox"))
                .hasMessage("conflicting options: cannot specify both --restart and --rm");
    }

    @Test
    void restartNoGoesWithRm() throws Exception {
        assertThat(host("--rm", "--restart", "no", "busybox")).containsEntry("AutoRemove", true);
    }

    @Test
    void healthFlagsBecomeAHealthcheckInNanoseconds() throws Exception {
        assertThat(body("--health-cmd", "wget -q localhost", "--health-interval", "2s", "--health-timeout", "1m30s",
                "--health-retries", "3", "--health-start-period", "500ms", "--health-start-interval", "1s", "busybox"))
                .extractingByKey("Healthcheck").asInstanceOf(MAP)
                .containsEntry("Test", List.of("CMD-SHELL", "wget -q localhost")).containsEntry("Interval", 2_000_000_000L)
                .containsEntry("Timeout", 90_000_000_000L).containsEntry("Retries", 3)
                .containsEntry("StartPeriod", 500_000_000L).containsEntry("StartInterval", 1_000_000_000L);
    }

    @Test
    void noHealthcheckSendsTestNone() throws Exception {
        assertThat(body("--no-healthcheck", "busybox")).containsEntry("Healthcheck", Map.of("Test", List.of("NONE")));
    }

    @Test
    void noHealthcheckConflictsWithHealthFlags() {
        assertThatThrownBy(() -> body("--no-healthcheck", "--health-retries", "2", "busybox"))
                .hasMessage("--no-healthcheck conflicts with --health-* options");
    }

    @Test
    void aDurationNeedsAUnit() {
        assertThat(flagError("--health-interval", "5", "busybox"))
                .isEqualTo("invalid argument \"5\" for \"--health-interval\" flag: time: missing unit in duration \"5\"");
    }

    @Test
    void aPublishedPortIsExposedAndBound() throws Exception {
        Map<String, Object> b = body("-p", "127.0.0.1:8080:80/udp", "busybox");
        assertThat(b).containsEntry("ExposedPorts", Map.of("80/udp", Map.of()));
        assertThat(b.get("HostConfig")).asInstanceOf(MAP)
                .containsEntry("PortBindings", Map.of("80/udp", List.of(Map.of("HostIp", "127.0.0.1", "HostPort", "8080"))));
    }

    @Test
    void aPortAloneIsBoundToAnyFreeHostPort() throws Exception {
        assertThat(host("-p", "80", "busybox"))
                .containsEntry("PortBindings", Map.of("80/tcp", List.of(Map.of("HostIp", "", "HostPort", ""))));
    }

    @Test
    void rangesArePairedPortByPort() throws Exception {
        assertThat(host("-p", "8080-8081:80-81", "busybox")).containsEntry("PortBindings", Map.of(
                "80/tcp", List.of(Map.of("HostIp", "", "HostPort", "8080")),
                "81/tcp", List.of(Map.of("HostIp", "", "HostPort", "8081"))));
    }

    @Test
    void aHostRangeForOnePortStaysARange() throws Exception {
        assertThat(host("-p", "8000-8010:80", "busybox"))
                .containsEntry("PortBindings", Map.of("80/tcp", List.of(Map.of("HostIp", "", "HostPort", "8000-8010"))));
    }

    @Test
    void mismatchedRangesAreRefused() {
        assertThatThrownBy(() -> body("-p", "8080-8082:80-81", "busybox"))
                .hasMessage("invalid ranges specified for container and host Ports: 80-81 and 8080-8082");
    }

    @Test
    void aBadContainerPortIsRefused() {
        assertThatThrownBy(() -> body("-p", "8080:http", "busybox")).hasMessage("invalid containerPort: http");
    }

    @Test
    void publishAllAndExposeAreSent() throws Exception {
        Map<String, Object> b = body("-P", "--expose", "7000-7001/udp", "busybox");
        assertThat(b).containsEntry("ExposedPorts", Map.of("7000/udp", Map.of(), "7001/udp", Map.of()));
        assertThat(b.get("HostConfig")).asInstanceOf(MAP).containsEntry("PublishAllPorts", true);
    }

    @Test
    void resolverFlagsGoToHostConfig() throws Exception {
        assertThat(host("--add-host", "db:10.0.0.2", "--dns", "10.0.0.53", "--dns-search", "example.org",
                "--dns-option", "ndots:2", "--link", "db:database", "busybox"))
                .containsEntry("ExtraHosts", List.of("db:10.0.0.2")).containsEntry("Dns", List.of("10.0.0.53"))
                .containsEntry("DnsSearch", List.of("example.org")).containsEntry("DnsOptions", List.of("ndots:2"))
                .containsEntry("Links", List.of("db:database"));
    }

    @Test
    void aBadDnsAddressIsRefused() {
        assertThat(flagError("--dns", "resolver", "busybox"))
                .isEqualTo("invalid argument \"resolver\" for \"--dns\" flag: IP address is not correctly formatted: resolver");
    }

    @Test
    void endpointFlagsDescribeTheEndpointOnTheChosenNetwork() throws Exception {
        assertThat(body("--network", "backend", "--ip", "10.5.0.9", "--network-alias", "api",
                "--mac-address", "02:42:ac:11:00:09", "busybox"))
                .containsEntry("NetworkingConfig", Map.of("EndpointsConfig", Map.of("backend", Map.of(
                        "IPAMConfig", Map.of("IPv4Address", "10.5.0.9"), "Aliases", List.of("api"),
                        "MacAddress", "02:42:ac:11:00:09"))));
    }

    @Test
    void linksAlsoGoToTheEndpoint() throws Exception {
        assertThat(body("--network", "backend", "--link", "db:database", "busybox")).containsEntry("NetworkingConfig",
                Map.of("EndpointsConfig", Map.of("backend", Map.of("Links", List.of("db:database")))));
    }

    @Test
    void aDeviceInsideTheContainerNeedsAnAbsolutePath() {
        assertThatThrownBy(() -> body("--device", "/dev/null:nothing", "busybox")).hasMessage("nothing is not an absolute path");
    }

    @Test
    void aBadExposedRangeIsRefusedWithParseUintWords() {
        assertThatThrownBy(() -> body("--expose", "abc", "busybox"))
                .hasMessage("invalid range format for --expose: abc, error: strconv.ParseUint: parsing \"abc\": invalid syntax");
    }
}
