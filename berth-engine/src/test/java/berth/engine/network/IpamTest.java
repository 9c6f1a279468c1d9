package berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.ConflictException;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.UnavailableException;
import berth.engine.store.Database;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Address leases in the store: lowest free first, never twice, released with the sandbox, kept over a reopen. */
class IpamTest {
    @TempDir
    Path dir;

    private Database db;
    private NetworkStore store;
    private Ipam ipam;
    private NetworkRecord net;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(dir.resolve("berth.db"));
        store = new NetworkStore(db);
        ipam = new Ipam(store);
        net = network("10.9.0.0/29", "10.9.0.1", null);
        store.insert(net);
        db.update(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO images (id, manifest_digest, size, created) VALUES ('img', 'm', 0, 0)")) {
                ps.executeUpdate();
            }
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static NetworkRecord network(String subnet, String gateway, String ipRange) {
        return new NetworkRecord(Networking.newId(), "n" + subnet.hashCode(), "bridge", "2026-01-01T00:00:00Z", subnet,
                gateway, ipRange, "bx0", false, false, true, null, Map.of(), Map.of());
    }

    private void container(String id) {
        db.update(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO containers (id, name, image_id, created, config) VALUES (?, ?, 'img', 0, '{}')")) {
                ps.setString(1, id);
                ps.setString(2, "name-" + id);
                ps.executeUpdate();
            }
        });
    }

    private String lease(String containerId, String requested) {
        return ipam.reserve(containerId, "/ns/" + containerId, List.of(new Ipam.Request(net, requested)), l -> "{}")
                .get(net.id());
    }

    @Test
    void addressesAreHandedOutLowestFirstSkippingTheGateway() {
        container("a");
        container("b");
        assertThat(lease("a", "")).isEqualTo("10.9.0.2");
        assertThat(lease("b", "")).isEqualTo("10.9.0.3");
    }

    @Test
    void aReleasedAddressIsHandedOutAgain() {
        container("a");
        container("b");
        lease("a", "");
        store.dropSandbox("a");
        assertThat(store.leasesOf("a")).isEmpty();
        assertThat(lease("b", "")).isEqualTo("10.9.0.2");
    }

    @Test
    void aSubnetWithNoAddressLeftSaysSo() {
        for (int i = 0; i < 5; i++) {
            container("c" + i);
            lease("c" + i, "");
        }
        container("last");
        assertThatThrownBy(() -> lease("last", "")).isInstanceOf(UnavailableException.class)
                .hasMessageContaining("no available IPv4 addresses");
        assertThat(store.sandbox("last")).isEmpty();
    }

    @Test
    void aRequestedAddressIsGivenOrRefusedWhenTakenOrOutside() {
        container("a");
        container("b");
        container("c");
        assertThat(lease("a", "10.9.0.5")).isEqualTo("10.9.0.5");
        assertThatThrownBy(() -> lease("b", "10.9.0.5")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("Address already in use");
        assertThatThrownBy(() -> lease("c", "10.9.1.5")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> lease("c", "10.9.0.1")).isInstanceOf(ConflictException.class);
    }

    @Test
    void anIpRangeLimitsTheAddressesHandedOut() {
        NetworkRecord ranged = network("10.8.0.0/24", "10.8.0.1", "10.8.0.128/25");
        store.insert(ranged);
        container("a");
        String ip = ipam.reserve("a", "/ns/a", List.of(new Ipam.Request(ranged, "")), l -> "{}").get(ranged.id());
        assertThat(ip).isEqualTo("10.8.0.128");
    }

    @Test
    void concurrentReservationsNeverShareAnAddress() throws Exception {
        NetworkRecord wide = network("10.7.0.0/24", "10.7.0.1", null);
        store.insert(wide);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add("k" + i);
            container("k" + i);
        }
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> futures = new ArrayList<>();
            for (String id : ids) {
                futures.add(pool.submit(() -> got.add(ipam.reserve(id, "/ns/" + id,
                        List.of(new Ipam.Request(wide, "")), l -> "{}").get(wide.id()))));
            }
            for (Future<?> f : futures) f.get();
        }
        assertThat(got).hasSize(40).doesNotHaveDuplicates();
    }

    @Test
    void leasesSurviveReopeningTheStore() throws Exception {
        container("a");
        String ip = lease("a", "");
        db.close();
        db = Database.open(dir.resolve("berth.db"));
        store = new NetworkStore(db);
        ipam = new Ipam(store);
        container("b");
        assertThat(store.leasesOf("a")).containsEntry(net.id(), ip);
        assertThat(lease("b", "")).isNotEqualTo(ip);
    }

    @Test
    void aFailedSetupDescriptionLeavesNoLease() {
        container("a");
        assertThatThrownBy(() -> ipam.reserve("a", "/ns/a", List.of(new Ipam.Request(net, "")), l -> {
            throw new ConflictException("port is already allocated");
        })).isInstanceOf(ConflictException.class);
        assertThat(store.leasesOf("a")).isEmpty();
        assertThat(store.sandbox("a")).isEmpty();
    }
}
