package berth.engine.network;

import berth.api.Json;
import berth.api.errors.NotFoundException;
import berth.engine.events.EventService;
import berth.engine.store.Database;
import berth.engine.sys.NetNamespaces;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A container run's network, from its start to its cleanup: addresses leased and the sandbox recorded (one
 * transaction), host ports held, a persistent namespace created, then netavark's set-up running in the background
 * while the rest of the start goes on ({@link Attachment#ready()} is joined before {@code runc start}).
 * {@link #detach} undoes all of it, in reverse, and is idempotent; {@link #recover} finishes what a crash
 * interrupted. Everything of a run is described by its sandbox row, so that teardown needs nothing else.
 */
public final class Networking implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("berth.network");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final NetworkConfig config;
    private final NetworkStore store;
    private final Ipam ipam;
    private final HostPorts ports = new HostPorts(this::relayAddress);
    private final Netavark netavark;
    private final NetavarkQueue queue = new NetavarkQueue();
    private final Map<String, CompletableFuture<Void>> pendingTeardowns = new ConcurrentHashMap<>();
    private final NetworkEvents events;

    private Networking(NetworkConfig config, NetworkStore store, EventService events) {
        this.config = config;
        this.store = store;
        this.events = new NetworkEvents(events);
        this.ipam = new Ipam(store);
        this.netavark = new Netavark(config.netavark(), config.aardvark(), config.netavarkDir());
    }

    /** Opens the networks of {@code db}, creating or updating the predefined ones (bridge, host, none). */
    public static Networking open(Database db, NetworkConfig config) throws IOException {
        return open(db, config, null);
    }

    /** As {@link #open(Database, NetworkConfig)}, publishing network events to {@code events}. */
    public static Networking open(Database db, NetworkConfig config, EventService events) throws IOException {
        Networking n = new Networking(config, new NetworkStore(db), events);
        if (config.enabled()) {
            Files.createDirectories(config.netnsDir());
            n.ensurePredefined();
        }
        return n;
    }

    public boolean enabled() {
        return config.enabled();
    }

    public NetworkConfig config() {
        return config;
    }

    public NetworkStore store() {
        return store;
    }

    // ---- networks ----

    /** By full name, full id or unique id prefix, as Docker resolves networks; 404 "network x not found". */
    public NetworkRecord resolve(String nameOrId) {
        List<NetworkRecord> all = store.list();
        for (NetworkRecord n : all) if (n.name().equals(nameOrId)) return n;
        for (NetworkRecord n : all) if (n.id().equals(nameOrId)) return n;
        List<NetworkRecord> byPrefix = all.stream().filter(n -> !nameOrId.isEmpty() && n.id().startsWith(nameOrId)).toList();
        if (byPrefix.size() == 1) return byPrefix.getFirst();
        throw new NotFoundException("network " + nameOrId + " not found");
    }

    public Optional<NetworkRecord> find(String nameOrId) {
        try {
            return Optional.of(resolve(nameOrId));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Records a new user-defined network from a create request (checked by {@link NetworkDefinitions}). */
    public NetworkRecord create(berth.api.model.NetworkCreateRequest request) {
        synchronized (this) {
            NetworkRecord n = NetworkDefinitions.define(request, this);
            store.insert(n);
            events.created(n);
            return n;
        }
    }

    /** Deletes a network no container has an endpoint on (the caller checked that); false if one has. */
    public boolean delete(NetworkRecord n) {
        awaitQueued(); // the bridge of its last run may still be being torn down
        if (!store.deleteUnused(n.id())) return false;
        events.destroyed(n);
        return true;
    }

    public NetworkRecord defaultBridge() {
        return resolve(NetworkRecord.DEFAULT);
    }

    private void ensurePredefined() {
        Subnet wanted = null;
        String gateway = null;
        if (config.bip() != null && !config.bip().isEmpty()) {
            wanted = Subnet.parse(config.bip());
            gateway = config.bip().substring(0, config.bip().indexOf('/'));
        }
        Optional<NetworkRecord> existing = store.byName(NetworkRecord.DEFAULT);
        if (existing.isPresent()) {
            NetworkRecord b = existing.get();
            boolean sameSubnet = wanted == null || (wanted.toString().equals(b.subnet()) && gateway.equals(b.gateway()));
            if ((!sameSubnet || !config.bridgeOrDefault().equals(b.bridge())) && !inUse(b.id())) {
                Subnet s = wanted != null ? wanted : Subnet.parse(b.subnet());
                String g = gateway != null ? gateway : b.gateway();
                store.replace(bridgeRecord(b.id(), b.created(), s, g));
            }
        } else {
            Subnet s = wanted != null ? wanted : freeSubnet(List.of());
            String g = gateway != null ? gateway : Subnet.format(s.firstHost());
            store.insert(bridgeRecord(newId(), now(), s, g));
        }
        if (store.byName("host").isEmpty()) {
            store.insert(new NetworkRecord(newId(), "host", "host", now(), null, null, null, null, false, false, false,
                    null, Map.of(), Map.of()));
        }
        if (store.byName("none").isEmpty()) {
            store.insert(new NetworkRecord(newId(), "none", "null", now(), null, null, null, null, false, false, false,
                    null, Map.of(), Map.of()));
        }
    }

    private NetworkRecord bridgeRecord(String id, String created, Subnet s, String gateway) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("com.docker.network.bridge.default_bridge", "true");
        options.put("com.docker.network.bridge.enable_icc", "true");
        options.put("com.docker.network.bridge.enable_ip_masquerade", "true");
        options.put("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0");
        options.put("com.docker.network.bridge.name", config.bridgeOrDefault());
        options.put("com.docker.network.driver.mtu", "1500");
        return new NetworkRecord(id, NetworkRecord.DEFAULT, "bridge", created, s.toString(), gateway, null,
                config.bridgeOrDefault(), false, false, false, null, Map.of(), options);
    }

    private boolean inUse(String networkId) {
        return !store.endpointsOn(networkId).isEmpty();
    }

    /**
     * The first subnet of the address pools that overlaps no network of Berth's, nothing in {@code alsoAvoid} and no
     * route of the host's (other than through Berth's own bridges, which are its networks anyway).
     */
    Subnet freeSubnet(List<Subnet> alsoAvoid) {
        List<Subnet> taken = new ArrayList<>(alsoAvoid);
        List<String> ourBridges = new ArrayList<>();
        for (NetworkRecord n : store.list()) {
            if (n.subnet() != null) taken.add(n.subnetValue());
            if (n.bridge() != null) ourBridges.add(n.bridge());
        }
        for (HostRoutes.Route r : HostRoutes.read()) if (!ourBridges.contains(r.iface())) taken.add(r.subnet());
        for (NetworkConfig.AddressPool pool : config.pools()) {
            Subnet base = Subnet.parse(pool.base());
            for (long a = base.network(); a <= base.broadcast(); a += 1L << (32 - pool.size())) {
                Subnet candidate = new Subnet(a, pool.size());
                if (taken.stream().noneMatch(t -> t.overlaps(candidate))) return candidate;
            }
        }
        throw new berth.api.errors.UnavailableException(
                "could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network");
    }

    static String newId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static String now() {
        return Instant.now().toString();
    }

    // ---- a run's network ----

    /** One network to join: the network, what the container asked for on it, its DNS names there. */
    public record Join(NetworkRecord network, EndpointConfig config, List<String> dnsNames) {}

    /** An endpoint as set up for a run; {@code address6} and the rest are null/0 on a network without IPv6. */
    public record Lease(String networkId, String networkName, String endpointId, String address, int prefix,
                        String gateway, String macAddress, String interfaceName, String address6, int prefix6,
                        String gateway6) {
        static Lease of(NetworkRecord n, String endpointId, String ip, String mac, String iface, Map<String, String> leased) {
            String ip6 = leased.get(Ipam.v6(n.id()));
            return new Lease(n.id(), n.name(), endpointId, ip, n.subnetValue().prefix(), n.gateway(), mac, iface, ip6,
                    ip6 == null ? 0 : n.subnet6Value().prefix(), ip6 == null ? null : n.gateway6());
        }
    }

    /**
     * A run's network: the namespace to give runc, the endpoints, the published ports, and netavark's set-up, which
     * must have completed before the container's process runs.
     */
    public record Attachment(Path netns, List<Lease> leases, List<PublishedPort> ports, CompletableFuture<Void> ready) {}

    public Attachment attach(String containerId, String containerName, List<Join> joins, List<PortRequest> portRequests)
            throws IOException {
        Path netns = config.netnsDir().resolve(containerId);
        awaitTeardown(containerId); // the previous run's namespace has the same path
        for (Join j : joins) {
            // a fixed address whose last holder is being torn down is free as soon as that is done
            if (j.config().ipv4Address().isEmpty()) continue;
            store.leaseHolder(j.network().id(), j.config().ipv4Address()).ifPresent(this::awaitTeardown);
        }
        List<Ipam.Request> requests = new ArrayList<>();
        for (Join j : joins) requests.add(new Ipam.Request(j.network(), j.config().ipv4Address()));
        String[] setupJson = new String[1];
        List<PublishedPort> published = new ArrayList<>();
        List<Lease> leases = new ArrayList<>();
        try {
            ipam.reserve(containerId, netns.toString(), requests, leased -> {
                leases.clear();
                int i = 0;
                for (Join j : joins) {
                    NetworkRecord n = j.network();
                    String ip = leased.get(n.id());
                    String mac = j.config().macAddress().isEmpty() ? macOf(ip) : j.config().macAddress();
                    leases.add(Lease.of(n, newId(), ip, mac, "eth" + i++, leased));
                }
                published.clear();
                if (!portRequests.isEmpty()) {
                    String first = leases.isEmpty() ? "" : leases.getFirst().address();
                    String endpoint = containerName + " (" + (leases.isEmpty() ? containerId : leases.getFirst().endpointId()) + ")";
                    published.addAll(ports.bind(containerId, endpoint, first, portRequests));
                }
                setupJson[0] = sandboxJson(containerId, containerName, joins, leases, published);
                return setupJson[0];
            });
        } catch (RuntimeException e) {
            ports.release(containerId);
            throw e;
        }
        try {
            NetNamespaces.create(netns);
        } catch (IOException | RuntimeException e) {
            detach(containerId);
            throw e;
        }
        String input = NetworkStore.parse(setupJson[0]).get("netavark").toString();
        CompletableFuture<Void> ready = leases.isEmpty() ? CompletableFuture.completedFuture(null)
                : queue.setup(() -> {
                    try {
                        netavark.setup(netns, input);
                    } catch (IOException e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                });
        for (Lease l : leases) events.connected(l.networkId(), l.networkName(), containerId);
        return new Attachment(netns, List.copyOf(leases), List.copyOf(published), ready);
    }

    /** Docker's MAC for an address: 02:42 and the four address bytes (unique on a network, like the address). */
    static String macOf(String ip) {
        long a = Subnet.parseAddress(ip);
        return String.format("02:42:%02x:%02x:%02x:%02x", (a >> 24) & 255, (a >> 16) & 255, (a >> 8) & 255, a & 255);
    }

    private String sandboxJson(String containerId, String containerName, List<Join> joins, List<Lease> leases,
                               List<PublishedPort> published) {
        ObjectNode input = Json.mapper().createObjectNode();
        input.put("container_id", containerId);
        input.put("container_name", containerName);
        ArrayNode portMappings = input.putArray("port_mappings");
        for (PublishedPort p : published) {
            // an IPv6 address is berthd's relay's alone (HostPorts): netavark's DNAT of it would also take [::1],
            // which cannot leave the host; its entry without an address is 0.0.0.0's (and ::'s on IPv6 networks)
            if (p.hostIp().contains(":")) continue;
            portMappings.addObject().put("host_ip", p.hostIp().equals("0.0.0.0") ? "" : p.hostIp())
                    .put("container_port", p.containerPort()).put("host_port", p.hostPort()).put("range", 1)
                    .put("protocol", p.protocol());
        }
        ObjectNode networks = input.putObject("networks");
        ObjectNode info = input.putObject("network_info");
        for (int i = 0; i < joins.size(); i++) putNetwork(networks, info, joins.get(i), leases.get(i));
        ObjectNode root = Json.mapper().createObjectNode();
        root.set("netavark", input);
        root.set("leases", Json.mapper().valueToTree(leases));
        root.set("ports", Json.mapper().valueToTree(published));
        return root.toString();
    }

    /** One network of a set-up: the container's options on it ("networks") and the network itself ("network_info"). */
    private static void putNetwork(ObjectNode networks, ObjectNode info, Join join, Lease l) {
        {
            NetworkRecord n = join.network();
            ObjectNode per = networks.putObject(n.name());
            ArrayNode ips = per.putArray("static_ips").add(l.address());
            if (l.address6() != null) ips.add(l.address6());
            ArrayNode aliases = per.putArray("aliases");
            if (n.dnsEnabled()) join.dnsNames().forEach(aliases::add);
            per.put("interface_name", l.interfaceName());
            per.put("static_mac", l.macAddress());
            ObjectNode ni = info.putObject(n.name());
            ni.put("name", n.name());
            ni.put("id", n.id());
            ni.put("driver", "bridge");
            ni.put("network_interface", n.bridge());
            ni.put("created", n.created());
            ArrayNode subnets = ni.putArray("subnets");
            subnets.addObject().put("subnet", n.subnet()).put("gateway", n.gateway());
            if (l.address6() != null) subnets.addObject().put("subnet", n.subnet6()).put("gateway", n.gateway6());
            ni.put("ipv6_enabled", l.address6() != null);
            ni.put("internal", n.internal());
            ni.put("dns_enabled", n.dnsEnabled());
            ObjectNode options = Json.mapper().createObjectNode();
            if (n.mtu() != null) options.put("mtu", String.valueOf(n.mtu()));
            if (!options.isEmpty()) ni.set("options", options);
            ni.putObject("ipam_options").put("driver", "host-local");
        }
    }

    /**
     * {@code network connect} of a running container: one more address leased and recorded in its sandbox, then
     * netavark sets that one network up in the container's namespace (as the next interface), with the run's
     * published ports forwarded there too (the rules of the network joined first come first, so they keep answering
     * until it is disconnected).
     */
    public Lease connectRunning(String containerId, String containerName, Join join) throws IOException {
        NetworkStore.SandboxRow row = store.sandbox(containerId).filter(r -> !r.closing())
                .orElseThrow(() -> new berth.api.errors.ConflictException("container " + containerId + " is not running"));
        ObjectNode sandbox = (ObjectNode) NetworkStore.parse(row.setup());
        List<String> used = new ArrayList<>();
        for (JsonNode l : sandbox.path("leases")) used.add(Json.mapper().convertValue(l, Lease.class).interfaceName());
        String iface = "eth0";
        for (int i = 0; used.contains(iface); i++) iface = "eth" + (i + 1);
        String ifaceName = iface;
        NetworkRecord n = join.network();
        Lease[] lease = new Lease[1];
        ObjectNode single = Json.mapper().createObjectNode();
        ObjectNode nv = (ObjectNode) sandbox.get("netavark");
        ipam.extend(containerId, new Ipam.Request(n, join.config().ipv4Address()), leased -> {
            String ip = leased.get(n.id());
            String mac = join.config().macAddress().isEmpty() ? macOf(ip) : join.config().macAddress();
            lease[0] = Lease.of(n, newId(), ip, mac, ifaceName, leased);
            ObjectNode merged = sandbox.deepCopy();
            ObjectNode mergedNv = (ObjectNode) merged.get("netavark");
            putNetwork((ObjectNode) mergedNv.get("networks"), (ObjectNode) mergedNv.get("network_info"), join, lease[0]);
            ((ArrayNode) merged.get("leases")).add(Json.mapper().valueToTree(lease[0]));
            single.put("container_id", containerId);
            single.put("container_name", containerName);
            // the run's published ports are forwarded on every network it is on, as when it starts on several
            single.set("port_mappings", nv.path("port_mappings").deepCopy());
            putNetwork(single.putObject("networks"), single.putObject("network_info"), join, lease[0]);
            return merged.toString();
        });
        try {
            queue.setup(() -> {
                try {
                    netavark.setup(Path.of(row.netns()), single.toString());
                } catch (IOException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }).join();
        } catch (java.util.concurrent.CompletionException e) {
            ipam.shrink(containerId, n.id(), sandbox.toString());
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c ? c.getCause() : e.getCause();
            throw new IOException("failed to set up container networking: " + cause.getMessage(), cause);
        }
        events.connected(n.id(), n.name(), containerId);
        return lease[0];
    }

    /** {@code network disconnect} of a running container: netavark tears that one network down, the lease goes. */
    public void disconnectRunning(String containerId, NetworkRecord n) throws IOException {
        NetworkStore.SandboxRow row = store.sandbox(containerId).filter(r -> !r.closing())
                .orElseThrow(() -> new berth.api.errors.ConflictException("container " + containerId + " is not running"));
        ObjectNode sandbox = (ObjectNode) NetworkStore.parse(row.setup());
        ObjectNode nv = (ObjectNode) sandbox.get("netavark");
        if (!nv.path("networks").has(n.name())) return;
        ObjectNode single = Json.mapper().createObjectNode();
        single.put("container_id", containerId);
        single.put("container_name", nv.path("container_name").asText());
        single.set("port_mappings", nv.path("port_mappings").deepCopy());
        single.putObject("networks").set(n.name(), nv.get("networks").get(n.name()).deepCopy());
        single.putObject("network_info").set(n.name(), nv.get("network_info").get(n.name()).deepCopy());
        try {
            queue.setup(() -> {
                try {
                    netavark.teardown(Path.of(row.netns()), single.toString());
                } catch (IOException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }).join();
        } catch (java.util.concurrent.CompletionException e) {
            LOG.log(System.Logger.Level.WARNING, "disconnecting " + containerId + " from " + n.name() + ": " + e.getMessage());
        }
        ((ObjectNode) nv.get("networks")).remove(n.name());
        ((ObjectNode) nv.get("network_info")).remove(n.name());
        ArrayNode leases = (ArrayNode) sandbox.get("leases");
        for (int i = leases.size() - 1; i >= 0; i--) {
            if (Json.mapper().convertValue(leases.get(i), Lease.class).networkId().equals(n.id())) leases.remove(i);
        }
        ipam.shrink(containerId, n.id(), sandbox.toString());
        events.disconnected(n.id(), n.name(), containerId);
    }

    private void awaitTeardown(String containerId) {
        CompletableFuture<Void> pending = pendingTeardowns.get(containerId);
        if (pending == null) return;
        queue.expedite();
        pending.join();
    }

    /**
     * Ends a run's network: its host ports are released at once; netavark's teardown and the namespace's deletion
     * follow in the background, after any set-up waiting for netavark. The sandbox row (marked closing) and the run's
     * address leases stay until the teardown is done, so that no other run gets those addresses before their rules
     * are gone, and a crash meanwhile is finished by {@link #recover}.
     */
    public void detach(String containerId) {
        ports.release(containerId);
        Optional<NetworkStore.SandboxRow> row = store.sandbox(containerId);
        if (row.isEmpty() || row.get().closing()) return;
        store.closeSandbox(containerId);
        for (JsonNode l : NetworkStore.parse(row.get().setup()).path("leases")) {
            Lease lease = Json.mapper().convertValue(l, Lease.class);
            events.disconnected(lease.networkId(), lease.networkName(), containerId);
        }
        queueTeardown(row.get());
    }

    private void queueTeardown(NetworkStore.SandboxRow row) {
        String id = row.containerId();
        CompletableFuture<Void> done = new CompletableFuture<>();
        pendingTeardowns.put(id, done);
        queue.teardown(() -> {
            try {
                teardown(row);
            } finally {
                pendingTeardowns.remove(id, done);
                done.complete(null);
            }
        });
    }

    private void teardown(NetworkStore.SandboxRow row) {
        Path netns = Path.of(row.netns());
        JsonNode sandbox = NetworkStore.parse(row.setup());
        try {
            if (NetNamespaces.exists(netns) && !sandbox.path("netavark").path("networks").isEmpty()) {
                netavark.teardown(netns, sandbox.get("netavark").toString());
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "tearing down the network of " + row.containerId() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "tearing down the network of " + row.containerId(), e);
        }
        try {
            NetNamespaces.delete(netns);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "deleting network namespace " + netns + ": " + e.getMessage());
        }
        store.dropSandbox(row.containerId());
    }

    /** Returns once every netavark call queued so far has run (network removal, shutdown). */
    public void awaitQueued() {
        queue.awaitIdle();
    }

    @Override
    public void close() {
        queue.close();
    }

    /** True while a run's network is set up (not once it is closing). */
    public boolean hasSandbox(String containerId) {
        return store.sandbox(containerId).filter(r -> !r.closing()).isPresent();
    }

    /** The endpoints and ports of a container's current run, for inspect and ps; empty when it has none. */
    public record RunView(Path netns, List<Lease> leases, List<PublishedPort> ports) {}

    public Optional<RunView> view(String containerId) {
        return store.sandbox(containerId).filter(r -> !r.closing()).map(row -> {
            JsonNode s = NetworkStore.parse(row.setup());
            List<Lease> leases = new ArrayList<>();
            for (JsonNode l : s.path("leases")) leases.add(Json.mapper().convertValue(l, Lease.class));
            List<PublishedPort> published = new ArrayList<>();
            for (JsonNode p : s.path("ports")) published.add(Json.mapper().convertValue(p, PublishedPort.class));
            return new RunView(Path.of(row.netns()), leases, published);
        });
    }

    /**
     * At start-up: runs that are still going get their host ports held again; sandboxes of containers that are not
     * running (they exited while berthd was down, or a start was interrupted) are torn down; namespace files
     * without a sandbox (a crash between unpinning and deleting) are removed.
     */
    public void recover(Predicate<String> running) {
        if (!config.enabled()) return;
        for (NetworkStore.SandboxRow row : store.sandboxes()) {
            if (row.closing()) {
                // its run was ended by the container recovery just now (teardown queued), or before a crash
                if (!pendingTeardowns.containsKey(row.containerId())) queueTeardown(row);
            } else if (running.test(row.containerId())) {
                view(row.containerId()).ifPresent(v -> ports.rebind(row.containerId(),
                        v.leases().isEmpty() ? "" : v.leases().getFirst().address(), v.ports()));
            } else {
                detach(row.containerId());
            }
        }
        awaitQueued();
        try (var files = Files.list(config.netnsDir())) {
            for (Path f : files.toList()) {
                if (store.sandbox(f.getFileName().toString()).isEmpty()) NetNamespaces.delete(f);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "sweeping network namespaces: " + e.getMessage());
        }
    }

    /**
     * Where traffic relayed from a published port goes: the container's address (IPv6 where it has one, as for
     * Docker's proxy) on the first network it is on that forwards ports (not an internal one), as netavark's rules of
     * that network answer IPv4; empty once its run's network is going.
     */
    private Optional<String> relayAddress(String containerId) {
        return view(containerId).flatMap(v -> v.leases().stream()
                .filter(l -> l.address() != null && store.byId(l.networkId()).map(n -> !n.internal()).orElse(false))
                .map(l -> l.address6() != null ? l.address6() : l.address()).findFirst());
    }

    /** Published ports held right now (tests count them). */
    public int heldPorts() {
        return ports.count();
    }
}
