package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * User-defined networks and the per-container name settings through the docker CLI: network create, ls, inspect,
 * rm, prune, connect and disconnect with Docker's output and messages; names resolved by aardvark-dns on user
 * networks (only names of the test's own containers are looked up); --ip, --mac-address, --add-host, --dns*,
 * --link. Subnets are cut from the test daemon's own range (TestNetworks).
 */
class DockerNetworksIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private final Docker docker = harness.docker();

    private String prefix() {
        return harness.berthd().networks().prefix();
    }

    @Test
    void createdNetworkIsListedAndInspectedWithItsSubnetGatewayAndLabels() {
        Harness.assumeBerthd();
        String net = harness.name("net");
        String subnet = prefix() + "200.0/24";
        String id = docker.ok("network", "create", "--subnet", subnet, "--gateway", prefix() + "200.254",
                "--ip-range", prefix() + "200.128/25", "--label", "team=it", net).out();
        try {
            assertThat(id).matches("[0-9a-f]{64}");
            assertThat(docker.ok("network", "ls", "--format", "{{.Name}} {{.Driver}} {{.Scope}}").outLines())
                    .contains(net + " bridge local", "bridge bridge local", "host host local", "none null local");
            assertThat(docker.ok("network", "ls", "-q", "--filter", "name=" + net).out()).isEqualTo(id.substring(0, 12));
            assertThat(docker.ok("network", "ls", "-q", "--filter", "label=team=it").out()).isEqualTo(id.substring(0, 12));
            assertThat(docker.ok("network", "inspect", "--format",
                    "{{.Id}} {{(index .IPAM.Config 0).Subnet}} {{(index .IPAM.Config 0).Gateway}} {{(index .IPAM.Config 0).IPRange}} {{.Labels.team}} {{.Driver}}",
                    net).out()).isEqualTo(id + " " + subnet + " " + prefix() + "200.254 " + prefix() + "200.128/25 it bridge");
            CommandResult r = docker.ok("run", "--rm", "--network", net, "busybox", "ip", "-4", "-o", "addr", "show", "eth0");
            assertThat(r.out()).as(r.describe()).contains("inet " + prefix() + "200.128/24");
        } finally {
            docker.run("network", "rm", net);
        }
    }

    @Test
    void aSecondNetworkOfTheSameNameIsRefused() {
        Harness.assumeBerthd();
        String net = harness.name("dup");
        docker.ok("network", "create", net);
        try {
            CommandResult r = docker.run("network", "create", net);
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
            assertThat(r.stderr()).contains("network with name " + net + " already exists");
        } finally {
            docker.run("network", "rm", net);
        }
    }

    @Test
    void predefinedNetworksCannotBeRemoved() {
        Harness.assumeBerthd();
        CommandResult r = docker.run("network", "rm", "bridge");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains("bridge is a pre-defined network and cannot be removed");
    }

    @Test
    void aNetworkWithAContainerOnItCannotBeRemovedUntilTheContainerIsGone() {
        Harness.assumeBerthd();
        String net = harness.name("busy");
        String c = harness.name("member");
        docker.ok("network", "create", net);
        docker.ok("run", "-d", "--name", c, "--network", net, "busybox", "sleep", "300");
        try {
            String ip = docker.inspect("{{(index .NetworkSettings.Networks \"" + net + "\").IPAddress}}", c);
            assertThat(docker.ok("network", "inspect", "--format", "{{range .Containers}}{{.Name}} {{.IPv4Address}}{{end}}", net).out())
                    .isEqualTo(c + " " + ip + "/24");
            CommandResult r = docker.run("network", "rm", net);
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
            assertThat(r.stderr()).contains("has active endpoints");
            docker.ok("rm", "-f", c);
            docker.ok("network", "rm", net);
            assertThat(docker.run("network", "inspect", net).stderr()).contains("network " + net + " not found");
        } finally {
            docker.run("rm", "-f", c);
            docker.run("network", "rm", net);
        }
    }

    @Test
    void pruneRemovesOnlyUnusedUserNetworks() {
        Harness.assumeBerthd();
        String unused = harness.name("unused");
        String used = harness.name("used");
        String c = harness.name("user");
        docker.ok("network", "create", unused);
        docker.ok("network", "create", used);
        docker.ok("create", "--name", c, "--network", used, "busybox", "true");
        try {
            CommandResult r = docker.ok("network", "prune", "-f");
            assertThat(r.out()).contains(unused).doesNotContain(used);
            assertThat(docker.ok("network", "ls", "--format", "{{.Name}}").outLines()).contains(used, "bridge")
                    .doesNotContain(unused);
        } finally {
            docker.run("rm", "-f", c);
            docker.run("network", "rm", used, unused);
        }
    }

    @Test
    void containersOnAUserNetworkResolveEachOtherByNameAliasAndShortId() {
        Harness.assumeBerthd();
        String net = harness.name("dns");
        String db = harness.name("db");
        docker.ok("network", "create", net);
        String id = docker.ok("run", "-d", "--name", db, "--network", net, "--network-alias", "database", "busybox",
                "sleep", "300").out();
        try {
            String ip = docker.inspect("{{(index .NetworkSettings.Networks \"" + net + "\").IPAddress}}", db);
            for (String name : new String[] {db, "database", id.substring(0, 12)}) {
                CommandResult r = docker.ok("run", "--rm", "--network", net, "busybox", "nslookup", "-type=a", name);
                assertThat(r.stdout()).as(r.describe()).contains("Address: " + ip);
            }
            assertThat(docker.inspect("{{json (index .NetworkSettings.Networks \"" + net + "\").DNSNames}}", db))
                    .isEqualTo("[\"" + db + "\",\"database\",\"" + id.substring(0, 12) + "\"]");
        } finally {
            docker.run("rm", "-f", db);
            docker.run("network", "rm", net);
        }
    }

    @Test
    void aUserNetworksContainersUseItsDnsServerAndTheDefaultBridgesDoNot() {
        Harness.assumeBerthd();
        String net = harness.name("resolv");
        docker.ok("network", "create", "--subnet", prefix() + "201.0/24", net);
        try {
            CommandResult onNet = docker.ok("run", "--rm", "--network", net, "busybox", "cat", "/etc/resolv.conf");
            assertThat(onNet.out()).as(onNet.describe()).contains("nameserver " + prefix() + "201.1");
            CommandResult onBridge = docker.ok("run", "--rm", "busybox", "cat", "/etc/resolv.conf");
            assertThat(onBridge.out()).doesNotContain("nameserver " + prefix());
        } finally {
            docker.run("network", "rm", net);
        }
    }

    @Test
    void fixedAddressAndMacAddressAreApplied() {
        Harness.assumeBerthd();
        String net = harness.name("fixed");
        docker.ok("network", "create", "--subnet", prefix() + "202.0/24", net);
        try {
            CommandResult r = docker.ok("run", "--rm", "--network", net, "--ip", prefix() + "202.77",
                    "--mac-address", "02:aa:bb:cc:dd:ee", "busybox", "sh", "-c", "ip -4 -o addr show eth0; ip link show eth0");
            assertThat(r.out()).as(r.describe()).contains("inet " + prefix() + "202.77/24").contains("02:aa:bb:cc:dd:ee");
        } finally {
            docker.run("network", "rm", net);
        }
    }

    @Test
    void aFixedAddressOnTheDefaultBridgeIsRefusedAsDockerDoes() {
        Harness.assumeBerthd();
        CommandResult r = docker.run("run", "--rm", "--ip", prefix() + "0.50", "busybox", "true");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(125);
        assertThat(r.stderr()).contains("user specified IP address is supported on user defined networks only");
    }

    @Test
    void addHostDnsAndHostnameSettingsAreWrittenToTheContainersFiles() {
        Harness.assumeBerthd();
        CommandResult r = docker.ok("run", "--rm", "--add-host", "db.local:10.99.0.5",
                "--add-host", "host.docker.internal:host-gateway", "--dns", "10.98.0.53", "--dns-search", "it.test",
                "--dns-option", "ndots:2", "--hostname", "box", "--domainname", "it.test", "busybox", "sh", "-c",
                "cat /etc/hosts /etc/resolv.conf");
        assertThat(r.stdout()).as(r.describe()).contains("10.99.0.5\tdb.local\n")
                .contains(harness.berthd().networks().gateway() + "\thost.docker.internal\n")
                .contains("\tbox.it.test box\n").contains("nameserver 10.98.0.53\n").contains("search it.test\n")
                .contains("options ndots:2\n");
    }

    @Test
    void linkOnTheDefaultBridgeNamesTheLinkedContainerInHosts() {
        Harness.assumeBerthd();
        String web = harness.name("linked");
        String id = docker.ok("run", "-d", "--name", web, "busybox", "sleep", "300").out();
        try {
            String ip = docker.inspect("{{.NetworkSettings.IPAddress}}", web);
            CommandResult r = docker.ok("run", "--rm", "--link", web + ":webalias", "busybox", "cat", "/etc/hosts");
            assertThat(r.stdout()).as(r.describe()).contains(ip + "\twebalias " + id.substring(0, 12) + " " + web + "\n");
        } finally {
            docker.run("rm", "-f", web);
        }
    }

    @Test
    void connectAndDisconnectChangeTheNetworksOfAStoppedContainer() {
        Harness.assumeBerthd();
        String net = harness.name("conn");
        String c = harness.name("multi");
        docker.ok("network", "create", "--subnet", prefix() + "203.0/24", net);
        docker.ok("create", "--name", c, "busybox", "sh", "-c", "ip -4 -o addr");
        try {
            docker.ok("network", "connect", "--alias", "second", net, c);
            assertThat(docker.inspect("{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", c))
                    .isEqualTo(("bridge " + net + " ").strip());
            docker.ok("start", "-a", c);
            String logs = docker.ok("logs", c).out();
            assertThat(logs).contains("eth0").contains("eth1").contains("inet " + prefix() + "203.");
            CommandResult again = docker.run("network", "connect", net, c);
            assertThat(again.stderr()).as(again.describe()).contains("already exists in network " + net);
            docker.ok("network", "disconnect", net, c);
            assertThat(docker.inspect("{{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}", c)).isEqualTo("bridge");
        } finally {
            docker.run("rm", "-f", c);
            docker.run("network", "rm", net);
        }
    }

    @Test
    void aRunningContainerConnectedToANetworkIsReachableThereByAliasUntilDisconnected() {
        Harness.assumeBerthd();
        String net = harness.name("live");
        String web = harness.name("liveweb");
        docker.ok("network", "create", net);
        docker.ok("run", "-d", "--name", web, "busybox", "sh", "-c",
                "mkdir /www && echo live > /www/index.html && httpd -f -p 80 -h /www");
        try {
            docker.ok("network", "connect", "--alias", "liveweb-alias", net, web);
            String ip = docker.inspect("{{(index .NetworkSettings.Networks \"" + net + "\").IPAddress}}", web);
            assertThat(ip).isNotEmpty();
            CommandResult r = docker.ok("run", "--rm", "--network", net, "busybox", "sh", "-c",
                    "nslookup -type=a liveweb-alias; wget -q -O- http://" + ip + "/index.html");
            assertThat(r.stdout()).as(r.describe()).contains("Address: " + ip).contains("live\n");
            docker.ok("network", "disconnect", net, web);
            assertThat(docker.inspect("{{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}", web)).isEqualTo("bridge");
            CommandResult gone = docker.run("run", "--rm", "--network", net, "busybox", "nslookup", "-type=a", web);
            assertThat(gone.stdout() + gone.stderr()).as(gone.describe()).doesNotContain("Address: " + ip);
        } finally {
            docker.run("rm", "-f", web);
            docker.run("network", "rm", net);
        }
    }

    @Test
    void aLiveConnectRewritesResolvConfAndHostsAndADisconnectRestoresThem() {
        Harness.assumeBerthd();
        String net = harness.name("files");
        String c = harness.name("filesc");
        docker.ok("network", "create", net);
        docker.ok("run", "-d", "--name", c, "busybox", "sleep", "300");
        try {
            String resolvBefore = docker.ok("exec", c, "cat", "/etc/resolv.conf").out();
            String hostsBefore = docker.ok("exec", c, "cat", "/etc/hosts").out();
            docker.ok("network", "connect", net, c);
            String ip = docker.inspect("{{(index .NetworkSettings.Networks \"" + net + "\").IPAddress}}", c);
            String gateway = docker.inspect("{{(index .NetworkSettings.Networks \"" + net + "\").Gateway}}", c);
            assertThat(docker.ok("exec", c, "cat", "/etc/resolv.conf").out()).contains("nameserver " + gateway);
            assertThat(docker.ok("exec", c, "cat", "/etc/hosts").outLines()).anyMatch(l -> l.startsWith(ip + "\t"));
            CommandResult byName = docker.ok("exec", c, "nslookup", "-type=a", c);
            assertThat(byName.stdout()).as(byName.describe()).contains("Address: " + ip);
            docker.ok("network", "disconnect", net, c);
            assertThat(docker.ok("exec", c, "cat", "/etc/resolv.conf").out()).isEqualTo(resolvBefore);
            assertThat(docker.ok("exec", c, "cat", "/etc/hosts").out()).isEqualTo(hostsBefore);
        } finally {
            docker.run("rm", "-f", c);
            docker.run("network", "rm", net);
        }
    }

    @Test
    void publishedPortsOfARunningContainerAnswerThroughANetworkConnectedLive() throws Exception {
        Harness.assumeBerthd();
        String net = harness.name("pubnet");
        String web = harness.name("pubweb");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        docker.ok("network", "create", net);
        docker.ok("run", "-d", "--name", web, "-p", "127.0.0.1:" + port + ":80", "busybox", "sh", "-c",
                "mkdir /www && echo moved > /www/index.html && httpd -f -p 80 -h /www");
        try {
            docker.ok("network", "connect", net, web);
            docker.ok("network", "disconnect", "bridge", web);
            CommandResult r = docker.ok("run", "--rm", "--network", "host", "busybox", "wget", "-q", "-O-",
                    "http://127.0.0.1:" + port + "/index.html");
            assertThat(r.out()).as(r.describe()).isEqualTo("moved");
        } finally {
            docker.run("rm", "-f", web);
            docker.run("network", "rm", net);
        }
    }

    @Test
    void networkEventsReportCreateConnectDisconnectAndDestroyWithTheContainer() {
        Harness.assumeBerthd();
        String net = harness.name("evnet");
        String c = harness.name("evc");
        long since = java.time.Instant.now().getEpochSecond() - 1;
        String netId = docker.ok("network", "create", net).out();
        String id = docker.ok("run", "-d", "--name", c, "--network", net, "busybox", "sleep", "300").out();
        docker.ok("network", "disconnect", net, c);
        docker.ok("network", "connect", net, c);
        docker.ok("rm", "-f", c);
        docker.ok("network", "rm", net);
        long until = java.time.Instant.now().getEpochSecond() + 1;
        CommandResult r = docker.ok("events", "--since", Long.toString(since), "--until", Long.toString(until),
                "--filter", "type=network", "--filter", "network=" + net,
                "--format", "{{.Type}} {{.Action}} {{.Actor.ID}} {{.Actor.Attributes.name}} {{index .Actor.Attributes \"container\"}}");
        String prefix = "network ";
        assertThat(r.outLines()).as(r.describe()).containsExactly(
                prefix + "create " + netId + " " + net + " ",
                prefix + "connect " + netId + " " + net + " " + id,
                prefix + "disconnect " + netId + " " + net + " " + id,
                prefix + "connect " + netId + " " + net + " " + id,
                prefix + "disconnect " + netId + " " + net + " " + id,
                prefix + "destroy " + netId + " " + net + " ");
    }

    @Test
    void psFiltersByNetworkNameOrIdPrefix() {
        Harness.assumeBerthd();
        String net = harness.name("psnet");
        String c = harness.name("psc");
        String netId = docker.ok("network", "create", net).out();
        docker.ok("create", "--name", c, "--network", net, "busybox", "true");
        try {
            assertThat(docker.ok("ps", "-a", "--filter", "network=" + net, "--format", "{{.Names}}").outLines())
                    .containsExactly(c);
            assertThat(docker.ok("ps", "-a", "--filter", "network=" + netId.substring(0, 10), "--format", "{{.Names}}")
                    .outLines()).containsExactly(c);
            assertThat(docker.ok("ps", "-a", "--filter", "network=" + net.substring(0, net.length() - 1),
                    "--format", "{{.Names}}").outLines()).isEmpty();
        } finally {
            docker.run("rm", "-f", c);
            docker.run("network", "rm", net);
        }
    }

    @Test
    void anIpv6NetworkGivesContainersAnAddressOfItsSubnetThatAnswersOverIpv6() {
        Harness.assumeBerthd();
        String net = harness.name("v6");
        String web = harness.name("v6web");
        String base = "fd00:b:" + Integer.toHexString(harness.berthd().networks().secondOctet()) + ":1::";
        CommandResult refused = docker.run("network", "create", "--subnet", base + "/64", harness.name("nov6"));
        assertThat(refused.stderr()).as(refused.describe()).contains("needs IPv6 enabled");
        docker.ok("network", "create", "--ipv6", "--subnet", base + "/64", net);
        docker.ok("run", "-d", "--name", web, "--network", net, "busybox", "sh", "-c",
                "mkdir /www && echo six > /www/index.html && httpd -f -p 80 -h /www");
        try {
            assertThat(docker.ok("network", "inspect", "--format",
                    "{{.EnableIPv6}}{{range .IPAM.Config}} {{.Subnet}} {{.Gateway}}{{end}}", net).out())
                    .startsWith("true ").contains(" " + base + "/64 " + base + "1");
            String v6 = "{{(index .NetworkSettings.Networks \"" + net + "\")";
            assertThat(docker.inspect(v6 + ".GlobalIPv6Address}} " + v6 + ".GlobalIPv6PrefixLen}} " + v6
                    + ".IPv6Gateway}}", web)).isEqualTo(base + "2 64 " + base + "1");
            CommandResult r = docker.ok("run", "--rm", "--network", net, "busybox", "wget", "-q", "-O-",
                    "http://[" + base + "2]/index.html");
            assertThat(r.out()).as(r.describe()).isEqualTo("six");
        } finally {
            docker.run("rm", "-f", web);
            docker.run("network", "rm", net);
        }
    }

    @Test
    void runOnANetworkThatDoesNotExistFailsWithoutCreatingAContainer() {
        Harness.assumeBerthd();
        String c = harness.name("nonet");
        CommandResult r = docker.run("create", "--name", c, "--network", harness.name("missing"), "--pull", "never",
                "busybox", "true");
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        assertThat(r.stderr()).contains("not found");
        assertThat(docker.run("inspect", c).exitCode()).isNotZero();
    }
}
