package berth.engine.network;

import berth.api.Json;
import berth.engine.store.Database;
import berth.engine.store.Memo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The rows of networks, endpoints, address leases and sandboxes (schema migration 4). */
public final class NetworkStore {
    private final Database db;

    public NetworkStore(Database db) {
        this.db = db;
    }

    Database db() {
        return db;
    }

    // ---- networks ----

    public List<NetworkRecord> list() {
        return db.read(c -> {
            List<NetworkRecord> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, created, config FROM networks ORDER BY created, name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(network(rs));
            }
            return out;
        });
    }

    public Optional<NetworkRecord> byId(String id) {
        return list().stream().filter(n -> n.id().equals(id)).findFirst();
    }

    public Optional<NetworkRecord> byName(String name) {
        return list().stream().filter(n -> n.name().equals(name)).findFirst();
    }

    void insert(NetworkRecord n) {
        db.update(c -> insert(c, n));
    }

    static void insert(Connection c, NetworkRecord n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO networks (id, name, created, config) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, n.id());
            ps.setString(2, n.name());
            ps.setString(3, n.created());
            ps.setString(4, configJson(n));
            ps.executeUpdate();
        }
    }

    void replace(NetworkRecord n) {
        db.update(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE networks SET config = ? WHERE id = ?")) {
                ps.setString(1, configJson(n));
                ps.setString(2, n.id());
                ps.executeUpdate();
            }
        });
    }

    /** Deletes the network if no container has an endpoint on it; false if one has. */
    boolean deleteUnused(String id) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM endpoints WHERE network_id = ? LIMIT 1")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) return false;
                }
            }
            for (String table : new String[] {"ip_leases", "ip6_leases"}) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE network_id = ?")) {
                    ps.setString(1, id);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM networks WHERE id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            return true;
        });
    }

    private static String configJson(NetworkRecord n) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("driver", n.driver());
        o.put("subnet", n.subnet());
        o.put("gateway", n.gateway());
        o.put("ipRange", n.ipRange());
        o.put("bridge", n.bridge());
        o.put("internal", n.internal());
        o.put("attachable", n.attachable());
        o.put("dnsEnabled", n.dnsEnabled());
        if (n.mtu() != null) o.put("mtu", n.mtu());
        if (n.ipv6()) {
            o.put("subnet6", n.subnet6());
            o.put("gateway6", n.gateway6());
        }
        o.set("labels", Json.mapper().valueToTree(n.labels()));
        o.set("options", Json.mapper().valueToTree(n.options()));
        return o.toString();
    }

    /** Endpoint configs as stored: every inspect of a container reads its endpoints. */
    private static final Memo<EndpointConfig> ENDPOINTS =
            new Memo<>(64, text -> Json.mapper().convertValue(parse(text), EndpointConfig.class));
    /** Network configs as stored, read-only trees: inspect and ps read every network a container is on. */
    private static final Memo<JsonNode> CONFIGS = new Memo<>(32, NetworkStore::parse);

    private static NetworkRecord network(ResultSet rs) throws SQLException {
        JsonNode o = CONFIGS.get(rs.getString("config"));
        return new NetworkRecord(rs.getString("id"), rs.getString("name"), o.path("driver").asText(),
                rs.getString("created"), text(o, "subnet"), text(o, "gateway"), text(o, "ipRange"),
                text(o, "bridge"), o.path("internal").asBoolean(), o.path("attachable").asBoolean(),
                o.path("dnsEnabled").asBoolean(), o.hasNonNull("mtu") ? o.get("mtu").asInt() : null,
                stringMap(o.get("labels")), stringMap(o.get("options")), text(o, "subnet6"), text(o, "gateway6"));
    }

    private static String text(JsonNode o, String key) {
        JsonNode v = o.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Map<String, String> stringMap(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n != null) n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored network JSON does not parse: " + e.getMessage(), e);
        }
    }

    // ---- endpoints ----

    /** A container's endpoint on a network, in the order the container joined them. */
    public record Endpoint(String containerId, String networkId, EndpointConfig config) {}

    public List<Endpoint> endpointsOf(String containerId) {
        return endpoints("container_id", containerId);
    }

    public List<Endpoint> endpointsOn(String networkId) {
        return endpoints("network_id", networkId);
    }

    private List<Endpoint> endpoints(String column, String value) {
        return db.read(c -> {
            List<Endpoint> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT container_id, network_id, config FROM endpoints WHERE "
                    + column + " = ? ORDER BY position")) {
                ps.setString(1, value);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Endpoint(rs.getString(1), rs.getString(2), ENDPOINTS.get(rs.getString(3))));
                    }
                }
            }
            return out;
        });
    }

    /** Adds an endpoint; false when the container is on that network already. */
    public boolean addEndpoint(String containerId, String networkId, EndpointConfig config) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO endpoints (container_id, network_id, "
                    + "position, config) VALUES (?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM endpoints "
                    + "WHERE container_id = ?), ?)")) {
                ps.setString(1, containerId);
                ps.setString(2, networkId);
                ps.setString(3, containerId);
                ps.setString(4, Json.mapper().writeValueAsString(config));
                return ps.executeUpdate() == 1;
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    public boolean removeEndpoint(String containerId, String networkId) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM endpoints WHERE container_id = ? AND network_id = ?")) {
                ps.setString(1, containerId);
                ps.setString(2, networkId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    // ---- leases ----

    /** The addresses leased to a container, by network id. */
    public Map<String, String> leasesOf(String containerId) {
        return db.read(c -> {
            Map<String, String> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT network_id, address FROM ip_leases WHERE container_id = ?")) {
                ps.setString(1, containerId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(rs.getString(1), rs.getString(2));
                }
            }
            return out;
        });
    }

    /** The container holding {@code address} on a network, if any. */
    Optional<String> leaseHolder(String networkId, String address) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT container_id FROM ip_leases WHERE network_id = ? AND address = ?")) {
                ps.setString(1, networkId);
                ps.setString(2, address);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    public int leaseCount() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM ip_leases"); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    // ---- sandboxes ----

    /**
     * A run's network: the namespace file and the netavark set-up that was (or is being) applied to it;
     * {@code closing} once the run ended and its teardown is queued (its addresses are free again by then).
     */
    public record SandboxRow(String containerId, String netns, String setup, boolean closing) {}

    public Optional<SandboxRow> sandbox(String containerId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT netns, setup, closing FROM sandboxes WHERE container_id = ?")) {
                ps.setString(1, containerId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new SandboxRow(containerId, rs.getString(1), rs.getString(2),
                            rs.getInt(3) != 0)) : Optional.<SandboxRow>empty();
                }
            }
        });
    }

    public List<SandboxRow> sandboxes() {
        return db.read(c -> {
            List<SandboxRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT container_id, netns, setup, closing FROM sandboxes");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new SandboxRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4) != 0));
            }
            return out;
        });
    }

    /** The run ended: its sandbox awaits teardown (its leases go with the row, once that is done). */
    void closeSandbox(String containerId) {
        db.update(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sandboxes SET closing = 1 WHERE container_id = ?")) {
                ps.setString(1, containerId);
                ps.executeUpdate();
            }
        });
    }

    /** Forgets a run's network: its sandbox row and its leases, in one transaction. */
    void dropSandbox(String containerId) {
        db.update(c -> {
            for (String table : new String[] {"ip_leases", "ip6_leases"}) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE container_id = ?")) {
                    ps.setString(1, containerId);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sandboxes WHERE container_id = ?")) {
                ps.setString(1, containerId);
                ps.executeUpdate();
            }
        });
    }
}
