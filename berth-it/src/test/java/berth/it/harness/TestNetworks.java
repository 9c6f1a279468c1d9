package berth.it.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Each test daemon gets a bridge name and address ranges of its own, so that daemons running side by side (other
 * test classes, other worktrees) never share a bridge, a subnet or an aardvark-dns address: a /16 in 10.100-199
 * that no host route uses, its first /24 for the default bridge, the rest for user-defined networks.
 */
public final class TestNetworks {
    private TestNetworks() {}

    /**
     * What a test daemon was given: the default bridge's interface name and the 10.x.0.0/16 all its networks are
     * cut from ({@code prefix} is "10.x.", to recognise its addresses in rule listings).
     */
    public record Assigned(String bridge, int secondOctet) {
        public String prefix() {
            return "10." + secondOctet + ".";
        }

        public String gateway() {
            return prefix() + "0.1";
        }
    }

    static Assigned assign() {
        return new Assigned("bt" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36),
                freeSecondOctet());
    }

    /** {@code daemonJson} with "bridge", "bip" and "default-address-pools" added unless the test set them. */
    static String withOwnNetworks(String daemonJson, Assigned a) {
        String json = daemonJson.strip();
        if (json.contains("\"bip\"") || json.contains("\"bridge\"")) return json;
        int second = a.secondOctet();
        String bridge = a.bridge();
        String fields = "\"bridge\": \"" + bridge + "\", \"bip\": \"10." + second + ".0.1/24\","
                + " \"default-address-pools\": [{\"base\": \"10." + second + ".0.0/16\", \"size\": 24}]";
        String body = json.substring(1, json.length() - 1).strip();
        return "{" + fields + (body.isEmpty() ? "" : ", " + body) + "}";
    }

    private static int freeSecondOctet() {
        String routes;
        try {
            routes = Files.readString(Path.of("/proc/net/route"));
        } catch (IOException e) {
            routes = "";
        }
        for (int attempt = 0; ; attempt++) {
            int second = 100 + ThreadLocalRandom.current().nextInt(100);
            // /proc/net/route prints destinations little-endian: 10.x.y.z is "..xx0A"
            String hex = String.format("%02X0A", second);
            boolean used = routes.lines().skip(1).anyMatch(l -> {
                String[] f = l.trim().split("\\s+");
                return f.length > 1 && f[1].endsWith(hex);
            });
            if (!used || attempt > 50) return second;
        }
    }
}
