package berth.engine.network;

import berth.api.errors.ConflictException;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.UnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Address allocation in the store. A run's leases and its sandbox row are written in one transaction, before any
 * netavark call: the primary key (network, address) makes a second holder of an address impossible, and a crash
 * leaves either nothing or a sandbox that recovery tears down with its leases. Addresses are handed out lowest free
 * first, skipping the network address, the gateway and the broadcast address, as Docker's default IPAM does.
 */
final class Ipam {
    private final NetworkStore store;

    Ipam(NetworkStore store) {
        this.store = store;
    }

    /** One address to lease: on {@code network}, {@code requested} or any when empty. */
    record Request(NetworkRecord network, String requested) {}

    /**
     * The key of a network's IPv6 address in the maps of leased addresses, beside its IPv4 address under the
     * network's id.
     */
    static String v6(String networkId) {
        return networkId + "/v6";
    }

    /**
     * Leases an address per request to {@code containerId} and records the sandbox whose set-up {@code setup} makes
     * of the leased addresses (network id → address), all at once. Returns the leases.
     */
    Map<String, String> reserve(String containerId, String netns, List<Request> requests,
                                Function<Map<String, String>, String> setup) {
        return store.db().write(c -> {
            Map<String, String> leased = new LinkedHashMap<>();
            for (Request r : requests) {
                String address = r.requested().isEmpty() ? lowestFree(c, r.network()) : checkRequested(c, r);
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO ip_leases (network_id, address, container_id) VALUES (?, ?, ?)")) {
                    ps.setString(1, r.network().id());
                    ps.setString(2, address);
                    ps.setString(3, containerId);
                    ps.executeUpdate();
                }
                leased.put(r.network().id(), address);
                if (r.network().ipv6()) leased.put(v6(r.network().id()), lease6(c, r.network(), containerId));
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT OR REPLACE INTO sandboxes (container_id, netns, setup, closing) VALUES (?, ?, ?, 0)")) {
                ps.setString(1, containerId);
                ps.setString(2, netns);
                ps.setString(3, setup.apply(leased));
                ps.executeUpdate();
            }
            return leased;
        });
    }

    /**
     * Leases one more address to a running container and replaces its sandbox's description with what
     * {@code setup} makes of it, in one transaction (a live {@code network connect}). Returns the address.
     */
    Map<String, String> extend(String containerId, Request request, Function<Map<String, String>, String> setup) {
        return store.db().write(c -> {
            String address = request.requested().isEmpty() ? lowestFree(c, request.network()) : checkRequested(c, request);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ip_leases (network_id, address, container_id) VALUES (?, ?, ?)")) {
                ps.setString(1, request.network().id());
                ps.setString(2, address);
                ps.setString(3, containerId);
                ps.executeUpdate();
            }
            Map<String, String> leased = new LinkedHashMap<>();
            leased.put(request.network().id(), address);
            if (request.network().ipv6()) {
                leased.put(v6(request.network().id()), lease6(c, request.network(), containerId));
            }
            updateSetup(c, containerId, setup.apply(leased));
            return leased;
        });
    }

    /** Drops a running container's lease on one network and replaces its sandbox's description (a live disconnect). */
    void shrink(String containerId, String networkId, String setup) {
        store.db().update(c -> {
            for (String table : new String[] {"ip_leases", "ip6_leases"}) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table
                        + " WHERE network_id = ? AND container_id = ?")) {
                    ps.setString(1, networkId);
                    ps.setString(2, containerId);
                    ps.executeUpdate();
                }
            }
            updateSetup(c, containerId, setup);
        });
    }

    private static void updateSetup(Connection c, String containerId, String setup) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sandboxes SET setup = ? WHERE container_id = ?")) {
            ps.setString(1, setup);
            ps.setString(2, containerId);
            if (ps.executeUpdate() != 1) throw new SQLException("no sandbox for container " + containerId);
        }
    }

    private static Set<Long> taken(Connection c, String networkId) throws SQLException {
        Set<Long> taken = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT address FROM ip_leases WHERE network_id = ?")) {
            ps.setString(1, networkId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) taken.add(Subnet.parseAddress(rs.getString(1)));
            }
        }
        return taken;
    }

    private static String lowestFree(Connection c, NetworkRecord n) throws SQLException {
        Set<Long> taken = taken(c, n.id());
        Subnet subnet = n.subnetValue();
        Subnet pool = n.pool();
        long gateway = Subnet.parseAddress(n.gateway());
        for (long a = pool.network(); a <= pool.broadcast(); a++) {
            if (reserved(subnet, gateway, a) || taken.contains(a)) continue;
            return Subnet.format(a);
        }
        throw new UnavailableException("no available IPv4 addresses on this network's address pools: " + n.name()
                + " (" + n.id() + ")");
    }

    /** The lowest free IPv6 address of the network's subnet, past the subnet-router address and the gateway. */
    private static String lease6(Connection c, NetworkRecord n, String containerId) throws SQLException {
        Set<Long> taken = new HashSet<>();
        Subnet6 subnet = n.subnet6Value();
        try (PreparedStatement ps = c.prepareStatement("SELECT address FROM ip6_leases WHERE network_id = ?")) {
            ps.setString(1, n.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) taken.add(Subnet6.parseAddress(rs.getString(1))[1]);
            }
        }
        long gateway = Subnet6.parseAddress(n.gateway6())[1];
        String address = null;
        for (long a = subnet.low() + 1; Long.compareUnsigned(a, subnet.lastLow()) <= 0 && a != 0; a++) {
            if (a == gateway || taken.contains(a)) continue;
            address = subnet.address(a);
            break;
        }
        if (address == null) {
            throw new UnavailableException("no available IPv6 addresses on this network's address pools: " + n.name()
                    + " (" + n.id() + ")");
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ip6_leases (network_id, address, container_id) VALUES (?, ?, ?)")) {
            ps.setString(1, n.id());
            ps.setString(2, address);
            ps.setString(3, containerId);
            ps.executeUpdate();
        }
        return address;
    }

    private static boolean reserved(Subnet subnet, long gateway, long a) {
        return a == gateway || (subnet.prefix() < 31 && (a == subnet.network() || a == subnet.broadcast()));
    }

    private static String checkRequested(Connection c, Request r) throws SQLException {
        NetworkRecord n = r.network();
        long a = Subnet.parseAddress(r.requested());
        Subnet subnet = n.subnetValue();
        if (!subnet.contains(a)) {
            throw new InvalidArgumentException("invalid endpoint settings:\nno configured subnet or ip-range contain the"
                    + " IP address " + r.requested());
        }
        if (reserved(subnet, Subnet.parseAddress(n.gateway()), a) || taken(c, n.id()).contains(a)) {
            throw new ConflictException("failed to set up container networking: Address already in use");
        }
        return Subnet.format(a);
    }
}
