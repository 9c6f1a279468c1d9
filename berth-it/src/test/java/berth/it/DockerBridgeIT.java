package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.TestNetworks;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The default network and the other network modes, through the docker CLI: a container on the default bridge has an
 * address, a gateway and generated name files; none, host and container:&lt;id&gt; share or isolate as Docker's do.
 * The test daemon's bridge and range are its own (TestNetworks), so addresses are checked against them.
 */
class DockerBridgeIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private final Docker docker = harness.docker();

    private TestNetworks.Assigned net() {
        return harness.berthd().networks();
    }

    @Test
    void runOnDefaultBridgeHasAddressInItsSubnetAndRouteViaGateway() {
        Harness.assumeBerthd();
        CommandResult r = docker.ok("run", "--rm", "busybox", "sh", "-c", "ip -4 -o addr show eth0; ip route");
        assertThat(r.stdout()).as(r.describe()).contains("inet " + net().prefix() + "0.")
                .contains("default via " + net().gateway() + " dev eth0");
    }

    @Test
    void inspectShowsAddressGatewayMacNetworkAndSandboxOfARunningContainer() throws Exception {
        Harness.assumeBerthd();
        String name = harness.name("inspect");
        docker.ok("run", "-d", "--name", name, "busybox", "sleep", "300");
        try {
            String ip = docker.inspect("{{.NetworkSettings.IPAddress}}", name);
            assertThat(ip).startsWith(net().prefix());
            assertThat(docker.inspect("{{.NetworkSettings.Gateway}} {{.NetworkSettings.IPPrefixLen}}", name))
                    .isEqualTo(net().gateway() + " 24");
            assertThat(docker.inspect("{{.NetworkSettings.MacAddress}}", name)).matches("02:42(:[0-9a-f]{2}){4}");
            assertThat(docker.inspect("{{.NetworkSettings.Networks.bridge.IPAddress}} {{.NetworkSettings.Networks.bridge.Gateway}}", name))
                    .isEqualTo(ip + " " + net().gateway());
            assertThat(docker.inspect("{{.NetworkSettings.Networks.bridge.NetworkID}}", name)).matches("[0-9a-f]{64}");
            assertThat(docker.inspect("{{.NetworkSettings.Networks.bridge.EndpointID}}", name)).matches("[0-9a-f]{64}");
            String sandbox = docker.inspect("{{.NetworkSettings.SandboxKey}}", name);
            assertThat(Path.of(sandbox)).exists();
            assertThat(docker.inspect("{{.HostConfig.NetworkMode}}", name)).isEqualTo("bridge");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void hostsHostnameAndResolvConfAreGeneratedForTheContainer() throws Exception {
        Harness.assumeBerthd();
        String name = harness.name("files");
        String id = docker.ok("run", "-d", "--name", name, "busybox", "sh", "-c",
                "cat /etc/hostname; cat /etc/hosts; echo ---; cat /etc/resolv.conf; sleep 300").out();
        try {
            String ip = docker.inspect("{{.NetworkSettings.IPAddress}}", name);
            String logs = awaitLogs(name, "---");
            assertThat(logs).startsWith(id.substring(0, 12) + "\n").contains("127.0.0.1\tlocalhost\n")
                    .contains(ip + "\t" + id.substring(0, 12) + "\n");
            String hostResolvers = Files.readString(Path.of("/etc/resolv.conf"));
            for (String line : hostResolvers.lines().filter(l -> l.startsWith("nameserver ") && !l.contains(" 127.")).toList()) {
                assertThat(logs).contains(line);
            }
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void containersOnTheDefaultBridgeReachEachOtherByAddress() {
        Harness.assumeBerthd();
        String web = harness.name("web");
        docker.ok("run", "-d", "--name", web, "busybox", "sh", "-c",
                "mkdir /www && echo served-by-web > /www/index.html && httpd -f -p 80 -h /www");
        try {
            String ip = docker.inspect("{{.NetworkSettings.IPAddress}}", web);
            CommandResult r = docker.ok("run", "--rm", "busybox", "sh", "-c",
                    "for i in 1 2 3 4 5 6 7 8 9 10; do wget -q -O- http://" + ip + "/index.html && exit 0; sleep 0.3; done; exit 1");
            assertThat(r.out()).as(r.describe()).isEqualTo("served-by-web");
        } finally {
            docker.run("rm", "-f", web);
        }
    }

    @Test
    void networkNoneHasOnlyLoopbackAndShowsNoneInInspect() {
        Harness.assumeBerthd();
        String name = harness.name("none");
        CommandResult r = docker.ok("run", "--name", name, "--network", "none", "busybox", "sh", "-c", "ls /sys/class/net");
        try {
            assertThat(r.out()).as(r.describe()).isEqualTo("lo");
            assertThat(docker.inspect("{{.HostConfig.NetworkMode}} {{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}", name))
                    .isEqualTo("none none");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void networkHostSharesTheHostsInterfacesAndName() throws Exception {
        Harness.assumeBerthd();
        CommandResult r = docker.ok("run", "--rm", "--network", "host", "busybox", "sh", "-c",
                "hostname; ls /sys/class/net");
        String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        assertThat(r.outLines()).as(r.describe()).first().isEqualTo(hostname);
        try (var links = Files.list(Path.of("/sys/class/net"))) {
            for (Path l : links.toList()) assertThat(r.outLines()).contains(l.getFileName().toString());
        }
    }

    @Test
    void networkContainerJoinsTheOtherContainersNamespace() {
        Harness.assumeBerthd();
        String first = harness.name("first");
        docker.ok("run", "-d", "--name", first, "busybox", "sleep", "300");
        try {
            String ip = docker.inspect("{{.NetworkSettings.IPAddress}}", first);
            CommandResult r = docker.ok("run", "--rm", "--network", "container:" + first, "busybox", "sh", "-c",
                    "ip -4 -o addr show eth0");
            assertThat(r.out()).as(r.describe()).contains("inet " + ip + "/24");
        } finally {
            docker.run("rm", "-f", first);
        }
    }

    @Test
    void networkContainerOfAContainerThatIsNotRunningFails() {
        Harness.assumeBerthd();
        String stopped = harness.name("stopped");
        docker.ok("create", "--name", stopped, "busybox", "true");
        try {
            CommandResult r = docker.run("run", "--rm", "--network", "container:" + stopped, "busybox", "true");
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(125);
            assertThat(r.stderr()).contains("is not running");
        } finally {
            docker.run("rm", "-f", stopped);
        }
    }

    @Test
    void aStoppedContainerShowsNoAddressAndGetsOneAgainWhenStarted() {
        Harness.assumeBerthd();
        String name = harness.name("stopme");
        docker.ok("run", "-d", "--name", name, "busybox", "sleep", "300");
        try {
            docker.ok("stop", "-t", "0", name);
            assertThat(docker.inspect("{{.NetworkSettings.IPAddress}}|{{.NetworkSettings.Networks.bridge.IPAddress}}|"
                    + "{{.NetworkSettings.SandboxKey}}", name)).isEqualTo("||");
            docker.ok("start", name);
            assertThat(docker.inspect("{{.NetworkSettings.IPAddress}}", name)).startsWith(net().prefix() + "0.");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    private String awaitLogs(String name, String marker) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            String logs = docker.ok("logs", name).stdout();
            if (logs.contains(marker) || System.currentTimeMillis() > deadline) return logs;
            berth.it.harness.Poll.sleep(100);
        }
    }
}
