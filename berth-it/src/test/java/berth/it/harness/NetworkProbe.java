package berth.it.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What one test daemon's networking holds on the host, read from outside: its bridges and their veths, firewall
 * rules naming its addresses (and the chains they jump to), namespaces pinned under its exec root, aardvark-dns
 * processes of its own and the names in their configuration (one line per container and network), TCP and UDP
 * sockets berthd holds, and address leases and sandboxes in its store. Two
 * snapshots with nothing running must be equal: anything else is a leak.
 */
public record NetworkProbe(BerthDaemon daemon) {
    public record Snapshot(List<String> bridges, List<String> veths, List<String> rules, List<String> namespaces,
                           List<String> aardvark, List<String> dnsEntries, List<String> heldSockets,
                           List<String> storeRows) {}

    public Snapshot snapshot() {
        String prefix = daemon.networks().prefix();
        List<String> bridges = new ArrayList<>();
        for (String line : cmd("ip", "-o", "-4", "addr", "show").outLines()) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && f[3].startsWith(prefix)) bridges.add(f[1]);
        }
        List<String> veths = new ArrayList<>();
        for (String line : cmd("ip", "-o", "link", "show", "type", "veth").outLines()) {
            for (String b : bridges) if (line.contains(" master " + b + " ")) veths.add(line.split(":")[1].trim());
        }
        return new Snapshot(bridges, veths, rules(prefix), namespaces(), aardvark(), dnsEntries(), heldSockets(),
                storeRows());
    }

    /**
     * A snapshot once it has not changed for 2.5 s: a run's teardown happens in the background, and berthd lets it
     * wait a second after the last set-up request (NetavarkQueue), after the command that ended the run returned.
     */
    public Snapshot settled() {
        Snapshot last = snapshot();
        long changed = System.currentTimeMillis();
        long deadline = changed + 30_000;
        while (System.currentTimeMillis() - changed < 2_500 && System.currentTimeMillis() < deadline) {
            Poll.sleep(250);
            Snapshot now = snapshot();
            if (!now.equals(last)) {
                last = now;
                changed = System.currentTimeMillis();
            }
        }
        return last;
    }

    /** Waits (bounded) until the snapshot equals {@code expected}, and returns the last one taken. */
    public Snapshot awaiting(Snapshot expected) {
        long deadline = System.currentTimeMillis() + 20_000;
        Snapshot now = snapshot();
        while (!now.equals(expected) && System.currentTimeMillis() < deadline) {
            Poll.sleep(200);
            now = snapshot();
        }
        return now;
    }

    /**
     * iptables-save lines that name the daemon's addresses. Only those: netavark names a network's chains after the
     * network's name, so every daemon's default network "bridge" shares them with other test daemons running now.
     */
    private static List<String> rules(String prefix) {
        List<String> out = new ArrayList<>();
        for (String l : cmd("iptables-save").outLines()) {
            if (l.contains(" " + prefix) || l.contains("/" + prefix) || l.contains(":" + prefix)) out.add(l);
        }
        return out;
    }

    private List<String> namespaces() {
        List<String> out = new ArrayList<>();
        Path dir = daemon.execRoot().resolve("net/ns");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.forEach(p -> out.add("file " + p.getFileName()));
            } catch (IOException e) {
                out.add("unreadable " + dir);
            }
        }
        for (String m : Sandbox.mountsUnder(daemon.execRoot())) if (m.contains("/net/ns/")) out.add("mount " + m);
        return out;
    }

    private List<String> aardvark() {
        List<String> out = new ArrayList<>();
        String marker = daemon.execRoot().resolve("net").toString();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                    if (cmdline.contains("aardvark-dns") && cmdline.contains(marker)) out.add(p.getFileName() + " " + cmdline);
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            out.add("unreadable /proc");
        }
        return out;
    }

    /** aardvark-dns' configuration, one file per network: the gateway's line, then one line per container. */
    private List<String> dnsEntries() {
        List<String> out = new ArrayList<>();
        Path dir = daemon.execRoot().resolve("net/netavark/aardvark-dns");
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(p -> !p.getFileName().toString().endsWith(".pid")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                for (String l : lines.subList(Math.min(1, lines.size()), lines.size())) {
                    if (!l.isBlank()) out.add(f.getFileName() + " " + l);
                }
            }
        } catch (IOException e) {
            out.add("unreadable " + dir);
        }
        return out;
    }

    /** TCP and UDP sockets of berthd's process: published host ports it holds open. */
    private List<String> heldSockets() {
        List<String> out = new ArrayList<>();
        for (String line : cmd("ss", "-Hlntup").outLines()) {
            if (line.contains("pid=" + daemon.pid() + ",")) out.add(line.replaceAll("\\s+", " "));
        }
        return out;
    }

    private List<String> storeRows() {
        return cmd("sqlite3", "-readonly", daemon.dataRoot().resolve("berth.db").toString(),
                "SELECT 'lease ' || address || ' ' || container_id FROM ip_leases "
                        + "UNION ALL SELECT 'lease ' || address || ' ' || container_id FROM ip6_leases "
                        + "UNION ALL SELECT 'sandbox ' || container_id FROM sandboxes;").outLines();
    }

    private static CommandResult cmd(String... args) {
        return ProcessRunner.run(List.of(args), Map.of(), null, Duration.ofSeconds(30)).requireSuccess();
    }
}
