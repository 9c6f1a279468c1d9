package berth.engine.container;

import static berth.engine.container.CreatePolicy.Verdict.APPLIED;
import static berth.engine.container.CreatePolicy.Verdict.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.Json;
import berth.api.errors.InvalidArgumentException;
import berth.engine.container.CreatePolicy.Verdict;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * One row per field of the create body in moby's swagger for API 1.50 (Config, HostConfig, and the endpoint settings of
 * NetworkingConfig): what Berth does with it, and a value that asks for something. A field swagger gains without a row
 * here fails {@link #everySwaggerFieldHasARow}; the effects of the applied fields are shown through the docker CLI in
 * berth-it's DockerCreateContractIT.
 */
class CreatePolicyTest {
    private record Row(Verdict verdict, String sample) {}

    private static final Map<String, Row> ROWS = new LinkedHashMap<>();

    private static void row(String field, Verdict verdict, String sample) {
        ROWS.put(field, new Row(verdict, sample));
    }

    static {
        row("Config.Hostname", APPLIED, "\"web\"");
        row("Config.Domainname", APPLIED, "\"example.org\"");
        row("Config.User", APPLIED, "\"1000:1000\"");
        row("Config.AttachStdin", APPLIED, "true");
        row("Config.AttachStdout", APPLIED, "true");
        row("Config.AttachStderr", APPLIED, "true");
        row("Config.ExposedPorts", APPLIED, "{\"80/tcp\":{}}");
        row("Config.Tty", APPLIED, "true");
        row("Config.OpenStdin", APPLIED, "true");
        row("Config.StdinOnce", APPLIED, "true");
        row("Config.Env", APPLIED, "[\"A=1\",\"UNSET\"]");
        row("Config.Cmd", APPLIED, "[\"true\"]");
        row("Config.Healthcheck", APPLIED, "{\"Test\":[\"CMD\",\"true\"]}");
        row("Config.ArgsEscaped", REFUSED, "true");
        row("Config.Image", APPLIED, "\"busybox\"");
        row("Config.Volumes", APPLIED, "{\"/data\":{}}");
        row("Config.WorkingDir", APPLIED, "\"/tmp\"");
        row("Config.Entrypoint", APPLIED, "[\"sh\"]");
        row("Config.NetworkDisabled", REFUSED, "true");
        row("Config.MacAddress", REFUSED, "\"02:42:ac:11:00:02\"");
        row("Config.OnBuild", APPLIED, "[\"RUN true\"]");
        row("Config.Labels", APPLIED, "{\"a\":\"b\"}");
        row("Config.StopSignal", APPLIED, "\"SIGINT\"");
        row("Config.StopTimeout", APPLIED, "3");
        row("Config.Shell", APPLIED, "[\"/bin/sh\",\"-c\"]");

        row("HostConfig.CpuShares", APPLIED, "512");
        row("HostConfig.Memory", APPLIED, "33554432");
        row("HostConfig.CgroupParent", REFUSED, "\"/custom\"");
        row("HostConfig.BlkioWeight", APPLIED, "300");
        row("HostConfig.BlkioWeightDevice", APPLIED, "[{\"Path\":\"/dev/sda\",\"Weight\":300}]");
        row("HostConfig.BlkioDeviceReadBps", APPLIED, "[{\"Path\":\"/dev/sda\",\"Rate\":1024}]");
        row("HostConfig.BlkioDeviceWriteBps", APPLIED, "[{\"Path\":\"/dev/sda\",\"Rate\":1024}]");
        row("HostConfig.BlkioDeviceReadIOps", APPLIED, "[{\"Path\":\"/dev/sda\",\"Rate\":10}]");
        row("HostConfig.BlkioDeviceWriteIOps", APPLIED, "[{\"Path\":\"/dev/sda\",\"Rate\":10}]");
        row("HostConfig.CpuPeriod", APPLIED, "100000");
        row("HostConfig.CpuQuota", APPLIED, "50000");
        row("HostConfig.CpuRealtimePeriod", REFUSED, "1000000");
        row("HostConfig.CpuRealtimeRuntime", REFUSED, "10000");
        row("HostConfig.CpusetCpus", APPLIED, "\"0\"");
        row("HostConfig.CpusetMems", APPLIED, "\"0\"");
        row("HostConfig.Devices", APPLIED, "[{\"PathOnHost\":\"/dev/fuse\",\"PathInContainer\":\"/dev/fuse\",\"CgroupPermissions\":\"rwm\"}]");
        row("HostConfig.DeviceCgroupRules", APPLIED, "[\"c 1:3 mr\"]");
        row("HostConfig.DeviceRequests", REFUSED, "[{\"Driver\":\"nvidia\",\"Count\":-1}]");
        row("HostConfig.KernelMemoryTCP", REFUSED, "1048576");
        row("HostConfig.MemoryReservation", APPLIED, "16777216");
        row("HostConfig.MemorySwap", APPLIED, "67108864");
        row("HostConfig.MemorySwappiness", REFUSED, "0");
        row("HostConfig.NanoCpus", APPLIED, "500000000");
        row("HostConfig.OomKillDisable", APPLIED, "true");
        row("HostConfig.Init", APPLIED, "true");
        row("HostConfig.PidsLimit", APPLIED, "100");
        row("HostConfig.Ulimits", APPLIED, "[{\"Name\":\"nofile\",\"Soft\":1024,\"Hard\":1024}]");
        row("HostConfig.CpuCount", REFUSED, "1");
        row("HostConfig.CpuPercent", REFUSED, "50");
        row("HostConfig.IOMaximumIOps", REFUSED, "100");
        row("HostConfig.IOMaximumBandwidth", REFUSED, "1048576");
        row("HostConfig.Binds", APPLIED, "[\"/tmp:/data:ro\"]");
        row("HostConfig.ContainerIDFile", APPLIED, "\"/tmp/cid\"");
        row("HostConfig.LogConfig", APPLIED, "{\"Type\":\"local\",\"Config\":{\"max-size\":\"1m\"}}");
        row("HostConfig.NetworkMode", APPLIED, "\"host\"");
        row("HostConfig.PortBindings", APPLIED, "{\"80/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"18080\"}]}");
        row("HostConfig.RestartPolicy", APPLIED, "{\"Name\":\"on-failure\",\"MaximumRetryCount\":3}");
        row("HostConfig.AutoRemove", APPLIED, "true");
        row("HostConfig.VolumeDriver", APPLIED, "\"local\"");
        row("HostConfig.VolumesFrom", APPLIED, "[\"other\"]");
        row("HostConfig.Mounts", APPLIED, "[{\"Type\":\"bind\",\"Source\":\"/tmp\",\"Target\":\"/data\",\"ReadOnly\":true}]");
        row("HostConfig.ConsoleSize", APPLIED, "[30,100]");
        row("HostConfig.Annotations", APPLIED, "{\"org.example\":\"1\"}");
        row("HostConfig.CapAdd", APPLIED, "[\"NET_ADMIN\"]");
        row("HostConfig.CapDrop", APPLIED, "[\"ALL\"]");
        row("HostConfig.CgroupnsMode", APPLIED, "\"private\"");
        row("HostConfig.Dns", APPLIED, "[\"1.1.1.1\"]");
        row("HostConfig.DnsOptions", APPLIED, "[\"ndots:2\"]");
        row("HostConfig.DnsSearch", APPLIED, "[\"example.org\"]");
        row("HostConfig.ExtraHosts", APPLIED, "[\"db:10.0.0.2\"]");
        row("HostConfig.GroupAdd", APPLIED, "[\"10\"]");
        row("HostConfig.IpcMode", APPLIED, "\"host\"");
        row("HostConfig.Cgroup", REFUSED, "\"host\"");
        row("HostConfig.Links", APPLIED, "[\"db:db\"]");
        row("HostConfig.OomScoreAdj", APPLIED, "500");
        row("HostConfig.PidMode", APPLIED, "\"host\"");
        row("HostConfig.Privileged", APPLIED, "true");
        row("HostConfig.PublishAllPorts", APPLIED, "true");
        row("HostConfig.ReadonlyRootfs", APPLIED, "true");
        row("HostConfig.SecurityOpt", APPLIED, "[\"seccomp=unconfined\"]");
        row("HostConfig.StorageOpt", REFUSED, "{\"size\":\"1G\"}");
        row("HostConfig.Tmpfs", APPLIED, "{\"/run\":\"\"}");
        row("HostConfig.UTSMode", APPLIED, "\"host\"");
        row("HostConfig.UsernsMode", REFUSED, "\"host\"");
        row("HostConfig.ShmSize", APPLIED, "134217728");
        row("HostConfig.Sysctls", APPLIED, "{\"net.ipv4.ip_forward\":\"1\"}");
        row("HostConfig.Runtime", APPLIED, "\"runc\"");
        row("HostConfig.Isolation", APPLIED, "\"default\"");
        row("HostConfig.MaskedPaths", APPLIED, "[\"/proc/kcore\"]");
        row("HostConfig.ReadonlyPaths", APPLIED, "[]");

        row("EndpointSettings.IPAMConfig", APPLIED, "{\"IPv4Address\":\"10.0.0.5\"}");
        row("EndpointSettings.Links", REFUSED, "[\"db\"]");
        row("EndpointSettings.MacAddress", APPLIED, "\"02:42:ac:11:00:02\"");
        row("EndpointSettings.Aliases", APPLIED, "[\"web\"]");
        row("EndpointSettings.DriverOpts", REFUSED, "{\"a\":\"b\"}");
        row("EndpointSettings.GwPriority", REFUSED, "1");
        row("EndpointSettings.NetworkID", REFUSED, "\"abc\"");
        row("EndpointSettings.EndpointID", REFUSED, "\"abc\"");
        row("EndpointSettings.Gateway", REFUSED, "\"10.0.0.1\"");
        row("EndpointSettings.IPAddress", REFUSED, "\"10.0.0.5\"");
        row("EndpointSettings.IPPrefixLen", REFUSED, "24");
        row("EndpointSettings.IPv6Gateway", REFUSED, "\"fd00::1\"");
        row("EndpointSettings.GlobalIPv6Address", REFUSED, "\"fd00::5\"");
        row("EndpointSettings.GlobalIPv6PrefixLen", REFUSED, "64");
        row("EndpointSettings.DNSNames", REFUSED, "[\"web\"]");
    }

    /** The body `docker run --rm busybox true` sends (CLI-TRACE.md): nothing in it asks for anything Berth lacks. */
    private static final String DOCKER_CLI_DEFAULTS = """
            {"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":true,"AttachStderr":true,\
            "Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":null,"Cmd":["true"],"Image":"busybox","Volumes":{},\
            "WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{},"HostConfig":{"Binds":null,\
            "ContainerIDFile":"","LogConfig":{"Type":"","Config":{}},"NetworkMode":"default","PortBindings":{},\
            "RestartPolicy":{"Name":"no","MaximumRetryCount":0},"AutoRemove":true,"VolumeDriver":"","VolumesFrom":null,\
            "ConsoleSize":[0,0],"CapAdd":null,"CapDrop":null,"CgroupnsMode":"","Dns":[],"DnsOptions":[],"DnsSearch":[],\
            "ExtraHosts":null,"GroupAdd":null,"IpcMode":"","Cgroup":"","Links":null,"OomScoreAdj":0,"PidMode":"",\
            "Privileged":false,"PublishAllPorts":false,"ReadonlyRootfs":false,"SecurityOpt":null,"UTSMode":"",\
            "UsernsMode":"","ShmSize":0,"Isolation":"","CpuShares":0,"Memory":0,"NanoCpus":0,"CgroupParent":"",\
            "BlkioWeight":0,"BlkioWeightDevice":[],"BlkioDeviceReadBps":[],"BlkioDeviceWriteBps":[],\
            "BlkioDeviceReadIOps":[],"BlkioDeviceWriteIOps":[],"CpuPeriod":0,"CpuQuota":0,"CpuRealtimePeriod":0,\
            "CpuRealtimeRuntime":0,"CpusetCpus":"","CpusetMems":"","Devices":[],"DeviceCgroupRules":null,\
            "DeviceRequests":null,"MemoryReservation":0,"MemorySwap":0,"MemorySwappiness":-1,"OomKillDisable":false,\
            "PidsLimit":0,"Ulimits":[],"CpuCount":0,"CpuPercent":0,"IOMaximumIOps":0,"IOMaximumBandwidth":0,\
            "MaskedPaths":null,"ReadonlyPaths":null},"NetworkingConfig":{"EndpointsConfig":{"default":{\
            "IPAMConfig":null,"Links":null,"Aliases":null,"MacAddress":"","DriverOpts":null,"GwPriority":0,\
            "NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"",\
            "GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}}}""";

    private static List<SwaggerFields> createFields() {
        List<SwaggerFields> out = new ArrayList<>();
        for (String s : List.of("Config", "HostConfig", "EndpointSettings")) out.addAll(SwaggerFields.of(s));
        return out;
    }

    @Test
    void everySwaggerFieldHasARow() {
        List<String> swagger = createFields().stream().map(f -> f.section() + "." + f.name()).toList();
        assertThat(swagger).hasSize(110);
        assertThat(ROWS.keySet()).containsExactlyInAnyOrderElementsOf(swagger);
    }

    @TestFactory
    List<DynamicTest> thePolicyGivesEachFieldTheVerdictOfItsRow() {
        return createFields().stream().map(f -> DynamicTest.dynamicTest(f.section() + "." + f.name(), () ->
                assertThat(CreatePolicy.verdict(f.section(), f.name())).contains(ROWS.get(f.section() + "." + f.name()).verdict())))
                .toList();
    }

    @TestFactory
    List<DynamicTest> aRefusedFieldWithAValueIsRefusedByName() {
        return ROWS.entrySet().stream().filter(e -> e.getValue().verdict() == REFUSED)
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () ->
                        assertThatThrownBy(() -> CreatePolicy.check(body(e.getKey(), e.getValue().sample())))
                                .isInstanceOf(InvalidArgumentException.class)
                                .hasMessageContaining(shownName(e.getKey()))))
                .toList();
    }

    @TestFactory
    List<DynamicTest> aRefusedFieldAtItsZeroValueIsAccepted() {
        return createFields().stream().filter(f -> ROWS.get(f.section() + "." + f.name()).verdict() == REFUSED)
                .map(f -> DynamicTest.dynamicTest(f.section() + "." + f.name(), () -> {
                    String zero = f.name().equals("MemorySwappiness") ? "-1" : switch (f.type()) {
                        case "string" -> "\"\"";
                        case "integer", "number" -> "0";
                        case "boolean" -> "false";
                        case "array" -> "[]";
                        default -> "{}";
                    };
                    String field = f.section() + "." + f.name();
                    assertThatCode(() -> CreatePolicy.check(body(field, zero))).doesNotThrowAnyException();
                    assertThatCode(() -> CreatePolicy.check(body(field, "null"))).doesNotThrowAnyException();
                }))
                .toList();
    }

    @TestFactory
    List<DynamicTest> anAppliedFieldIsAccepted() {
        return ROWS.entrySet().stream().filter(e -> e.getValue().verdict() == APPLIED)
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () ->
                        assertThatCode(() -> CreatePolicy.check(body(e.getKey(), e.getValue().sample())))
                                .doesNotThrowAnyException()))
                .toList();
    }

    @Test
    void theDockerCliDefaultsAskForNothing() throws Exception {
        assertThatCode(() -> CreatePolicy.check(Json.mapper().readTree(DOCKER_CLI_DEFAULTS))).doesNotThrowAnyException();
    }

    @Test
    void keysSwaggerDoesNotKnowAreIgnoredAsDockerIgnoresThem() throws Exception {
        assertThatCode(() -> CreatePolicy.check(Json.mapper().readTree(
                "{\"Image\":\"busybox\",\"Frobnicate\":1,\"HostConfig\":{\"Frobnicate\":true}}")))
                .doesNotThrowAnyException();
    }

    @Test
    void kernelMemoryFromAnOlderApiIsRefusedByName() throws Exception {
        assertThatThrownBy(() -> CreatePolicy.check(Json.mapper().readTree("{\"HostConfig\":{\"KernelMemory\":10485760}}")))
                .hasMessageStartingWith("HostConfig.KernelMemory (--kernel-memory) is not supported");
        assertThatCode(() -> CreatePolicy.check(Json.mapper().readTree("{\"HostConfig\":{\"KernelMemory\":0}}")))
                .doesNotThrowAnyException();
    }

    @Test
    void keysMatchCaseInsensitivelyAsInGo() throws Exception {
        assertThatThrownBy(() -> CreatePolicy.check(Json.mapper().readTree("{\"hostconfig\":{\"cgroupparent\":\"/x\"}}")))
                .hasMessage("HostConfig.CgroupParent (--cgroup-parent) is not supported by Berth yet; leave it unset");
    }

    @Test
    void aPartlyAppliedFieldNamesTheValueAndWhatIsSupported() throws Exception {
        assertThatThrownBy(() -> CreatePolicy.check(body("EndpointSettings.IPAMConfig", "{\"IPv6Address\":\"fd00::5\"}")))
                .hasMessageContaining("NetworkingConfig.EndpointsConfig.default.IPAMConfig")
                .hasMessageContaining("(supported: IPv4Address)");
        assertThatThrownBy(() -> CreatePolicy.check(body("HostConfig.VolumeDriver", "\"nfs\"")))
                .hasMessageContaining("HostConfig.VolumeDriver \"nfs\"")
                .hasMessageContaining("(supported: local)");
    }

    @Test
    void defaultsOtherThanZeroThatAskForNothingAreAccepted() {
        assertThatCode(() -> CreatePolicy.check(body("HostConfig.MemorySwap", "-1"))).doesNotThrowAnyException();
        assertThatCode(() -> CreatePolicy.check(body("HostConfig.PidsLimit", "-1"))).doesNotThrowAnyException();
        assertThatCode(() -> CreatePolicy.check(body("HostConfig.RestartPolicy", "{\"Name\":\"\"}"))).doesNotThrowAnyException();
        assertThatCode(() -> CreatePolicy.check(body("Config.Healthcheck", "{\"Test\":[\"NONE\"]}"))).doesNotThrowAnyException();
    }

    @Test
    void anEndpointForAnotherNetworkIsCheckedLikeTheDefaultOne() throws Exception {
        assertThatCode(() -> CreatePolicy.check(Json.mapper().readTree(
                "{\"NetworkingConfig\":{\"EndpointsConfig\":{\"backend\":{\"Aliases\":[\"db\"]}}}}")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> CreatePolicy.check(Json.mapper().readTree(
                "{\"NetworkingConfig\":{\"EndpointsConfig\":{\"backend\":{\"DriverOpts\":{\"a\":\"b\"}}}}}")))
                .hasMessageContaining("NetworkingConfig.EndpointsConfig.backend.DriverOpts");
    }

    private static String shownName(String field) {
        return field.startsWith("EndpointSettings.")
                ? "NetworkingConfig.EndpointsConfig.default." + field.substring("EndpointSettings.".length()) : field;
    }

    /** A create body with one field set, in the section it belongs to. */
    private static JsonNode body(String field, String valueJson) throws Exception {
        String section = field.substring(0, field.indexOf('.'));
        String name = field.substring(field.indexOf('.') + 1);
        JsonNode value = Json.mapper().readTree(valueJson);
        ObjectNode body = Json.mapper().createObjectNode().put("Image", "busybox");
        switch (section) {
            case "Config" -> body.set(name, value);
            case "HostConfig" -> body.putObject("HostConfig").set(name, value);
            default -> body.putObject("NetworkingConfig").putObject("EndpointsConfig").putObject("default").set(name, value);
        }
        return body;
    }
}
