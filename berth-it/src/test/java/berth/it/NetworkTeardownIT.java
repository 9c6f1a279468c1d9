package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.BerthDaemon;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.NetworkProbe;
import berth.it.harness.Poll;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nothing of a container's network outlives it: bridges, veths, firewall rules, namespaces, DNS entries, held
 * ports, leases and sandboxes are counted ({@link NetworkProbe}) before and after runs that end by rm, stop, kill, a
 * crash of the container and a kill -9 of berthd. The tests share one berthd: each compares with a baseline it takes
 * when nothing of its own runs, and removes what it made.
 */
class NetworkTeardownIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The counts with nothing running; the shared netavark chains are created by a first run, not leaked by it. */
    private NetworkProbe.Snapshot baseline(Docker docker) {
        docker.ok("run", "--rm", "busybox", "true");
        return new NetworkProbe(harness.berthd()).settled();
    }

    private static final int CYCLES = 100;
    private static final int WORKERS = 4;

    /**
     * 100 run/rm cycles with published ports, four at a time: on the default bridge and on a user-defined network
     * (aardvark-dns names them there), half ended by {@code run --rm}, half by {@code rm -f} while running.
     */
    @Test
    void manyRunsWithPublishedPortsLeaveNothingBehind() throws Exception {
        Harness.assumeBerthd(); // before the network is made: the probe reads berthd's own directories
        Docker docker = harness.docker();
        String net = harness.name("cycles");
        docker.ok("network", "create", net); // a network record only: its bridge comes with its first container
        NetworkProbe.Snapshot before = baseline(docker);
        String base = harness.name("cycle"); // one name handed out: the harness removes each of those after the test
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<Thread> workers = new java.util.ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            workers.add(Thread.ofPlatform().start(() -> {
                for (int i = next.getAndIncrement(); i < CYCLES && failures.isEmpty(); i = next.getAndIncrement()) {
                    String network = i % 2 == 0 ? "bridge" : net;
                    CommandResult r;
                    if (i % 4 < 2) {
                        r = docker.run("run", "--rm", "--network", network, "-p", "80", "-p", "127.0.0.1::81/udp",
                                "busybox", "true");
                    } else {
                        String name = base + "-" + i;
                        r = docker.run("run", "-d", "--name", name, "--network", network, "-p", "80", "busybox",
                                "sleep", "300");
                        if (r.exitCode() == 0) r = docker.run("rm", "-f", name);
                    }
                    if (r.exitCode() != 0) failures.add(r.describe());
                }
            }));
        }
        for (Thread t : workers) t.join();
        assertThat(failures).isEmpty();
        assertThat(new NetworkProbe(harness.berthd()).awaiting(before)).isEqualTo(before);
        docker.ok("network", "rm", net);
    }

    @Test
    void whileRunningTheNetworkIsSeenByTheProbe() throws Exception {
        Docker docker = harness.docker();
        NetworkProbe.Snapshot before = baseline(docker);
        String name = harness.name("seen");
        docker.ok("run", "-d", "--name", name, "-p", freePort() + ":80", "busybox", "sleep", "300");
        NetworkProbe.Snapshot during = new NetworkProbe(harness.berthd()).snapshot();
        assertThat(during.bridges()).hasSize(1);
        assertThat(during.veths()).hasSize(1);
        assertThat(during.namespaces()).hasSize(2);
        assertThat(during.heldSockets()).hasSize(1);
        assertThat(during.dnsEntries()).isEmpty(); // no DNS on the default bridge, as with Docker
        assertThat(during.storeRows()).hasSize(2);
        assertThat(during.rules()).isNotEmpty();
        docker.ok("rm", "-f", name);
        assertThat(new NetworkProbe(harness.berthd()).awaiting(before)).isEqualTo(before);
    }

    @Test
    void stopAndKillTearTheNetworkDown() throws Exception {
        Docker docker = harness.docker();
        NetworkProbe.Snapshot before = baseline(docker);
        String stopped = harness.name("stopped");
        String killed = harness.name("killed");
        docker.ok("run", "-d", "--name", stopped, "-p", freePort() + ":80", "busybox", "sleep", "300");
        docker.ok("run", "-d", "--name", killed, "-p", freePort() + ":80", "busybox", "sleep", "300");
        docker.ok("stop", "-t", "1", stopped);
        docker.ok("kill", killed);
        docker.ok("wait", killed);
        assertThat(new NetworkProbe(harness.berthd()).awaiting(before)).isEqualTo(before);
        docker.ok("rm", stopped, killed);
    }

    @Test
    void aContainerWhoseProcessDiesHasItsNetworkTornDown() throws Exception {
        Docker docker = harness.docker();
        NetworkProbe.Snapshot before = baseline(docker);
        String name = harness.name("crash");
        docker.ok("run", "-d", "--name", name, "-p", freePort() + ":80", "busybox", "sleep", "300");
        long pid = Long.parseLong(docker.inspect("{{.State.Pid}}", name));
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        docker.ok("wait", name);
        assertThat(new NetworkProbe(harness.berthd()).awaiting(before)).isEqualTo(before);
        docker.ok("rm", name);
    }

    @Test
    void afterKill9OfBerthdARunningContainerKeepsItsPublishedPortAndExitedOnesAreTornDown() throws Exception {
        BerthDaemon berthd = harness.berthd();
        Docker docker = harness.docker();
        NetworkProbe.Snapshot before = baseline(docker);
        String web = harness.name("web");
        String gone = harness.name("gone");
        String net = harness.name("named");
        int port = freePort();
        docker.ok("network", "create", net);
        docker.ok("run", "-d", "--name", web, "-p", "127.0.0.1:" + port + ":80", "busybox", "sh", "-c",
                "mkdir /www && echo kept > /www/index.html && httpd -f -p 80 -h /www");
        docker.ok("run", "-d", "--name", gone, "--network", net, "-p", freePort() + ":80", "busybox", "sleep", "300");
        assertThat(new NetworkProbe(berthd).snapshot().dnsEntries()).anyMatch(l -> l.contains(" " + gone + ","));
        long gonePid = Long.parseLong(docker.inspect("{{.State.Pid}}", gone));
        berthd.kill();
        new ProcessBuilder("kill", "-9", Long.toString(gonePid)).start().waitFor();
        berthd.restart();
        assertThat(docker.inspect("{{.State.Status}}", gone)).isEqualTo("exited");
        Poll.until(Duration.ofSeconds(20)).check(() -> answers(port), () -> "published port " + port + " not answering");
        String secondName = harness.name("second");
        CommandResult second = docker.run("run", "-d", "--name", secondName, "-p",
                "127.0.0.1:" + port + ":80", "busybox", "true");
        assertThat(second.stderr()).as(second.describe()).contains("port is already allocated");
        docker.ok("rm", "-f", web, gone);
        docker.run("rm", "-f", secondName);
        assertThat(new NetworkProbe(berthd).awaiting(before)).isEqualTo(before);
        docker.ok("network", "rm", net);
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(3000);
            s.getOutputStream().write("GET /index.html HTTP/1.0\r\n\r\n".getBytes());
            return new String(s.getInputStream().readAllBytes()).contains("kept");
        } catch (IOException e) {
            return false;
        }
    }
}
