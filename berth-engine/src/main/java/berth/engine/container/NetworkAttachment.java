package berth.engine.container;

import berth.api.errors.ConflictException;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import berth.api.model.ContainerCreateRequest;
import berth.api.model.HostConfig;
import berth.engine.network.EndpointConfig;
import berth.engine.network.NetworkRecord;
import berth.engine.network.Networking;
import berth.engine.network.PortRequest;
import berth.engine.runtime.OciSpecBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The network step of a start, between the rootfs mount and {@code runc create}: which namespace the container gets
 * (its own sandbox on its networks, the host's, another container's, or a fresh one with only loopback), and its
 * /etc/hosts, /etc/hostname and /etc/resolv.conf. Its teardown ({@link #detach}) is called from the runtime cleanup.
 * The container's networks are recorded at create as endpoint rows, so that connect and disconnect can change them.
 */
final class NetworkAttachment {
    private final Networking networking;
    private final ContainerRepository repo;
    private final ContainerLayouts layouts;

    NetworkAttachment(Networking networking, ContainerRepository repo, ContainerLayouts layouts) {
        this.networking = networking;
        this.repo = repo;
        this.layouts = layouts;
    }

    Networking networking() {
        return networking;
    }

    // ---- create ----

    /** The network mode in force: "default" and unset mean the default bridge (none when networking is off). */
    String modeOf(String requested) {
        if (requested == null || requested.isEmpty() || requested.equals("default")) {
            return networking.enabled() ? NetworkRecord.DEFAULT : "none";
        }
        return requested;
    }

    /** Checks a create's network settings (Docker's messages) before anything is written. */
    void validate(String mode, ContainerCreateRequest request) {
        HostConfig h = request.hostConfigOrEmpty();
        if (!networking.enabled() && !mode.equals("none")) {
            throw new InvalidArgumentException("NetworkMode \"" + mode + "\" is not available: berthd runs without networks");
        }
        if (mode.startsWith("container:")) {
            String other = mode.substring("container:".length());
            if (other.isEmpty()) throw new InvalidArgumentException("invalid container format container:<name|id>");
            repo.resolve(other);
            rejectNetworkSettings(h, "conflicting options: port publishing and the container type network mode",
                    "conflicting options: dns and the network mode");
            return;
        }
        if (mode.equals("host")) {
            if (request.hostname() != null && !request.hostname().isEmpty()) {
                throw new InvalidArgumentException("conflicting options: hostname and the network mode");
            }
            return;
        }
        if (mode.equals("none")) return;
        NetworkRecord n = networking.resolve(mode);
        if (!n.isBridge()) return;
        Map<String, EndpointConfig> eps = endpointConfigs(request);
        EndpointConfig own = eps.getOrDefault(mode, eps.getOrDefault(n.name(), EndpointConfig.empty()));
        if (n.name().equals(NetworkRecord.DEFAULT)) {
            if (!own.ipv4Address().isEmpty()) {
                throw new InvalidArgumentException("user specified IP address is supported on user defined networks only");
            }
            if (!own.aliases().isEmpty()) {
                throw new InvalidArgumentException("network-scoped alias is supported only for containers in user defined networks");
            }
        }
        for (String k : eps.keySet()) networking.resolve(k);
        PortRequest.of(h.portBindings(), request.exposedPorts(), Boolean.TRUE.equals(h.publishAllPorts()));
    }

    private static void rejectNetworkSettings(HostConfig h, String ports, String dns) {
        if ((h.portBindings() != null && !h.portBindings().isEmpty()) || Boolean.TRUE.equals(h.publishAllPorts())) {
            throw new InvalidArgumentException(ports);
        }
        if (h.dns() != null && !h.dns().isEmpty()) throw new InvalidArgumentException(dns);
    }

    /** Records the container's endpoints: the network of its mode, then any other the request names. */
    void recordEndpoints(String containerId, String mode, ContainerCreateRequest request) {
        if (!networking.enabled() || mode.equals("none") || mode.equals("host") || mode.startsWith("container:")) return;
        NetworkRecord primary = networking.resolve(mode);
        Map<String, EndpointConfig> eps = endpointConfigs(request);
        EndpointConfig own = eps.containsKey(mode) ? eps.get(mode) : eps.getOrDefault(primary.name(), EndpointConfig.empty());
        networking.store().addEndpoint(containerId, primary.id(), own);
        for (Map.Entry<String, EndpointConfig> e : eps.entrySet()) {
            NetworkRecord n = networking.resolve(e.getKey());
            if (n.id().equals(primary.id())) continue;
            if (!n.isBridge()) {
                throw new InvalidArgumentException("container cannot be connected to host and other networks");
            }
            networking.store().addEndpoint(containerId, n.id(), e.getValue());
        }
    }

    /** NetworkingConfig.EndpointsConfig by the network name or id the client used ("default" as the mode in force). */
    private Map<String, EndpointConfig> endpointConfigs(ContainerCreateRequest request) {
        Map<String, EndpointConfig> out = new LinkedHashMap<>();
        String mode = modeOf(request.hostConfigOrEmpty().networkMode());
        for (Map.Entry<String, EndpointConfig> e : rawEndpointConfigs(request).entrySet()) {
            out.put(e.getKey().equals("default") ? mode : e.getKey(), e.getValue());
        }
        return out;
    }

    @SuppressWarnings("unchecked") // JSON objects as Jackson maps them
    static Map<String, EndpointConfig> rawEndpointConfigs(ContainerCreateRequest request) {
        Map<String, EndpointConfig> out = new LinkedHashMap<>();
        Object eps = request.networkingConfig() == null ? null : get(request.networkingConfig(), "EndpointsConfig");
        if (!(eps instanceof Map<?, ?> m)) return out;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Map<String, Object> settings = e.getValue() instanceof Map<?, ?> s ? (Map<String, Object>) s : Map.of();
            out.put(String.valueOf(e.getKey()), endpointConfig(settings));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static EndpointConfig endpointConfig(Map<String, Object> settings) {
        Object ipam = get(settings, "IPAMConfig");
        String ip = ipam instanceof Map<?, ?> im ? str(get((Map<String, Object>) im, "IPv4Address")) : "";
        if (!ip.isEmpty() && !berth.engine.network.Subnet.isAddress(ip)) {
            throw new InvalidArgumentException("invalid IPv4 address: " + ip);
        }
        String ip6 = ipam instanceof Map<?, ?> im ? str(get((Map<String, Object>) im, "IPv6Address")) : "";
        if (!ip6.isEmpty()) {
            throw new InvalidArgumentException("a fixed IPv6 address (--ip6) is not supported by Berth yet: leave it "
                    + "unset, Berth allocates one on networks created with --ipv6");
        }
        String mac = str(get(settings, "MacAddress"));
        if (!mac.isEmpty() && !mac.matches("(?i)([0-9a-f]{2}:){5}[0-9a-f]{2}")) {
            throw new InvalidArgumentException("invalid MAC address: " + mac);
        }
        List<String> aliases = new ArrayList<>();
        if (get(settings, "Aliases") instanceof List<?> l) for (Object a : l) aliases.add(String.valueOf(a));
        List<String> links = new ArrayList<>();
        if (get(settings, "Links") instanceof List<?> l) for (Object a : l) links.add(String.valueOf(a));
        return new EndpointConfig(aliases, ip, mac.toLowerCase(java.util.Locale.ROOT), links);
    }

    private static Object get(Map<String, Object> m, String key) {
        if (m.containsKey(key)) return m.get(key);
        for (Map.Entry<String, Object> e : m.entrySet()) if (e.getKey().equalsIgnoreCase(key)) return e.getValue();
        return null;
    }

    private static String str(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    // ---- start ----

    /** What a start got: how runc must set up the network namespace, and the set-up to await before runc start. */
    record Prepared(Namespace namespace, CompletableFuture<Void> ready) {
        void applyTo(Map<String, Object> ociSpec) {
            switch (namespace) {
                case Namespace.Fresh _ -> { }
                case Namespace.Host _ -> OciSpecBuilder.joinNetworkNamespace(ociSpec, null);
                case Namespace.Join j -> OciSpecBuilder.joinNetworkNamespace(ociSpec, j.path());
            }
        }

        /** Waits for netavark; its failure fails the start (the cleanup then tears down what it did). */
        void awaitReady() throws IOException {
            try {
                ready.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw new IOException("failed to set up container networking: " + io.getMessage(), io);
                }
                throw e;
            }
        }
    }

    /** The network namespace of a container: a fresh one (loopback only), the host's, or one to join. */
    sealed interface Namespace {
        record Fresh() implements Namespace {}

        record Host() implements Namespace {}

        record Join(Path path) implements Namespace {}
    }

    Prepared prepare(ContainerRecord r, ContainerLayout l) throws IOException {
        HostConfig h = r.hostConfig();
        String mode = modeOf(h.networkMode());
        CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
        if (mode.equals("none")) {
            ContainerFiles.writeNetworkFiles(l, r.config().hostname(), hostsWithExtras(r, List.of()),
                    HostFiles.resolvConf(h, List.of(), true));
            return new Prepared(new Namespace.Fresh(), done);
        }
        if (mode.equals("host")) {
            ContainerFiles.writeNetworkFiles(l, r.config().hostname(), HostFiles.hostsOfHost() + extraHosts(h),
                    HostFiles.resolvConf(h, List.of(), false));
            return new Prepared(new Namespace.Host(), done);
        }
        if (mode.startsWith("container:")) return joinContainer(r, l, mode.substring("container:".length()));
        List<Networking.Join> joins = new ArrayList<>();
        for (var ep : networking.store().endpointsOf(r.id())) {
            NetworkRecord n = networking.store().byId(ep.networkId())
                    .orElseThrow(() -> new NotFoundException("network " + ep.networkId() + " not found"));
            joins.add(new Networking.Join(n, ep.config(), dnsNames(r, ep.config())));
        }
        List<PortRequest> ports = PortRequest.of(h.portBindings(), r.config().exposedPorts(),
                Boolean.TRUE.equals(h.publishAllPorts()));
        Networking.Attachment a = networking.attach(r.id(), r.name(), joins, ports);
        List<String> own = new ArrayList<>();
        for (Networking.Lease lease : a.leases()) own.addAll(addresses(lease));
        String dnsServer = null;
        for (Networking.Join j : joins) if (dnsServer == null && j.network().dnsEnabled()) dnsServer = j.network().gateway();
        writeFiles(r, l, own, dnsServer);
        return new Prepared(new Namespace.Join(a.netns()), a.ready());
    }

    /**
     * The name files of a run on its networks: its addresses under its hostname in /etc/hosts, and in
     * /etc/resolv.conf the DNS server of its first network that has one (names of that network's containers
     * resolve), else the host's resolvers.
     */
    private void writeFiles(ContainerRecord r, ContainerLayout l, List<String> own, String dnsServer) throws IOException {
        HostConfig h = r.hostConfig();
        ContainerFiles.writeNetworkFiles(l, r.config().hostname(), hostsWithExtras(r, own),
                dnsServer == null ? HostFiles.resolvConf(h, List.of(), true) : HostFiles.resolvConf(h, List.of(dnsServer), false));
    }

    private static List<String> addresses(Networking.Lease lease) {
        return lease.address6() == null ? List.of(lease.address()) : List.of(lease.address(), lease.address6());
    }

    /**
     * After a live connect or disconnect: the running container's /etc/hosts and /etc/resolv.conf are written again
     * for the networks it is on now (in place: they are bind-mounted files).
     */
    void rewriteFiles(ContainerRecord r) throws IOException {
        Optional<Networking.RunView> run = networking.view(r.id());
        if (run.isEmpty()) return;
        List<String> own = new ArrayList<>();
        String dnsServer = null;
        for (Networking.Lease lease : run.get().leases()) {
            own.addAll(addresses(lease));
            boolean dns = networking.store().byId(lease.networkId()).map(NetworkRecord::dnsEnabled).orElse(false);
            if (dnsServer == null && dns) dnsServer = lease.gateway();
        }
        writeFiles(r, layouts.of(r.id()), own, dnsServer);
    }

    /** Names a container answers to on a user-defined network: its name, its aliases, its short id. */
    static List<String> dnsNames(ContainerRecord r, EndpointConfig config) {
        List<String> names = new ArrayList<>();
        names.add(r.name());
        for (String a : config.aliases()) if (!names.contains(a)) names.add(a);
        String shortId = r.id().substring(0, 12);
        if (!names.contains(shortId)) names.add(shortId);
        return names;
    }

    private Prepared joinContainer(ContainerRecord r, ContainerLayout l, String other) throws IOException {
        ContainerRepository.Row row = repo.resolve(other);
        String otherId = row.record().id();
        if (!row.state().isRunning()) {
            throw new ConflictException("cannot join network namespace of a non running container: container "
                    + otherId + " is not running");
        }
        Optional<Networking.RunView> view = networking.view(otherId);
        Path ns = view.map(Networking.RunView::netns).orElse(Path.of("/proc/" + row.state().pid() + "/ns/net"));
        ContainerLayout ol = layouts.of(otherId);
        Files.writeString(l.hosts(), Files.readString(ol.hosts()));
        Files.writeString(l.resolvConf(), Files.readString(ol.resolvConf()));
        Files.writeString(l.hostname(), Files.readString(ol.hostname()));
        String hostMode = modeOf(row.record().hostConfig().networkMode());
        if (hostMode.equals("host")) return new Prepared(new Namespace.Host(), CompletableFuture.completedFuture(null));
        return new Prepared(new Namespace.Join(ns), CompletableFuture.completedFuture(null));
    }

    /** The hosts file: Docker's fixed entries, --add-host entries, --link entries, then the container's own name. */
    private String hostsWithExtras(ContainerRecord r, List<String> ownAddresses) {
        StringBuilder sb = new StringBuilder(ContainerFiles.HOSTS);
        sb.append(extraHosts(r.hostConfig()));
        sb.append(links(r));
        String name = r.config().hostname();
        String domain = r.config().domainname();
        String names = domain == null || domain.isEmpty() ? name : name + "." + domain + " " + name;
        for (String a : ownAddresses) sb.append(a).append('\t').append(names).append('\n');
        return sb.toString();
    }

    private String extraHosts(HostConfig h) {
        StringBuilder sb = new StringBuilder();
        if (h.extraHosts() == null) return "";
        for (String e : h.extraHosts()) {
            HostFiles.ExtraHost x = HostFiles.ExtraHost.parse(e);
            String ip = x.address().equals("host-gateway") ? hostGateway() : x.address();
            sb.append(ip).append('\t').append(x.name()).append('\n');
        }
        return sb.toString();
    }

    /** Docker's host-gateway: the default bridge's gateway, an address of the host's that containers reach. */
    private String hostGateway() {
        if (!networking.enabled()) throw new InvalidArgumentException("host-gateway needs the default bridge network");
        return networking.defaultBridge().gateway();
    }

    /** --link name:alias on the default bridge: the linked container's address under the alias, name and short id. */
    private String links(ContainerRecord r) {
        List<String> links = r.hostConfig().links();
        if (links == null || links.isEmpty()) return "";
        StringBuilder sb = new StringBuilder();
        for (String link : links) {
            String[] p = HostFiles.link(link);
            ContainerRepository.Row target = repo.resolve(p[0]);
            if (!target.state().isRunning()) {
                throw new ConflictException("Cannot link to a non running container: /" + target.record().name()
                        + " AS /" + r.name() + "/" + p[1]);
            }
            String address = networking.view(target.record().id()).flatMap(v -> v.leases().stream()
                    .filter(x -> x.networkName().equals(NetworkRecord.DEFAULT)).findFirst())
                    .map(Networking.Lease::address).orElseThrow(() -> new ConflictException("Cannot link to /"
                            + target.record().name() + ", as it does not belong to the default network"));
            // Docker's order: the alias, the short id, then the name when it differs from the alias
            sb.append(address).append('\t').append(p[1]).append(' ').append(target.record().id(), 0, 12);
            if (!p[1].equals(target.record().name())) sb.append(' ').append(target.record().name());
            sb.append('\n');
        }
        return sb.toString();
    }

    // ---- cleanup ----

    void detach(String id) {
        if (networking.enabled()) networking.detach(id);
    }

    boolean hasSandbox(String id) {
        return networking.enabled() && networking.hasSandbox(id);
    }
}
