package berth.engine.container;

import berth.api.errors.ForbiddenException;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import berth.api.model.NetworkCreateRequest;
import berth.api.model.NetworkResource;
import berth.engine.network.EndpointConfig;
import berth.engine.network.NetworkRecord;
import berth.engine.network.NetworkService;
import berth.engine.network.NetworkStore;
import berth.engine.network.Networking;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network API over Berth's networks and containers: networks are records in the store until a container runs
 * on them (netavark creates the bridge with the first run and removes it with the last); a container's membership is
 * its endpoint rows, which connect and disconnect change while it is not running.
 */
final class ContainerNetworks implements NetworkService {
    private static final java.util.Set<String> FILTERS = java.util.Set.of("name", "id", "driver", "label", "type",
            "scope", "dangling");

    private final LocalContainerService containers;
    private final Networking networking;

    ContainerNetworks(LocalContainerService containers) {
        this.containers = containers;
        this.networking = containers.network().networking();
    }

    private void requireEnabled() {
        if (!networking.enabled()) throw new InvalidArgumentException("berthd runs without networks");
    }

    @Override
    public String create(NetworkCreateRequest request) {
        requireEnabled();
        return networking.create(request).id();
    }

    @Override
    public List<NetworkResource> list(Map<String, List<String>> filters) {
        requireEnabled();
        for (String k : filters.keySet()) {
            if (!FILTERS.contains(k)) throw new InvalidArgumentException("invalid filter '" + k + "'");
        }
        List<NetworkResource> out = new ArrayList<>();
        for (NetworkRecord n : networking.store().list()) {
            if (matches(n, filters)) out.add(resource(n, Map.of()));
        }
        out.sort(Comparator.comparing(NetworkResource::name));
        return out;
    }

    private boolean matches(NetworkRecord n, Map<String, List<String>> filters) {
        for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            boolean any = false;
            for (String v : f.getValue()) {
                any |= switch (f.getKey()) {
                    case "name" -> n.name().contains(v);
                    case "id" -> n.id().startsWith(v);
                    case "driver" -> n.driver().equals(v);
                    case "scope" -> v.equals("local");
                    case "type" -> {
                        if (!v.equals("custom") && !v.equals("builtin")) {
                            throw new InvalidArgumentException("invalid filter: 'type'='" + v + "'");
                        }
                        yield v.equals("builtin") == n.predefined();
                    }
                    case "dangling" -> {
                        boolean dangling = !n.predefined() && networking.store().endpointsOn(n.id()).isEmpty();
                        yield Boolean.parseBoolean(v) == dangling || (v.equals("1") && dangling)
                                || (v.equals("0") && !dangling);
                    }
                    case "label" -> {
                        int eq = v.indexOf('=');
                        yield eq < 0 ? n.labels().containsKey(v)
                                : v.substring(eq + 1).equals(n.labels().get(v.substring(0, eq)));
                    }
                    default -> false;
                };
            }
            if (!any) return false;
        }
        return true;
    }

    @Override
    public NetworkResource inspect(String nameOrId) {
        requireEnabled();
        NetworkRecord n = networking.resolve(nameOrId);
        Map<String, NetworkResource.Endpoint> members = new LinkedHashMap<>();
        for (NetworkStore.Endpoint ep : networking.store().endpointsOn(n.id())) {
            var row = containers.repo().get(ep.containerId());
            if (row.isEmpty()) continue;
            networking.view(ep.containerId()).flatMap(v -> v.leases().stream()
                    .filter(l -> l.networkId().equals(n.id())).findFirst()).ifPresent(l -> members.put(ep.containerId(),
                    new NetworkResource.Endpoint(row.get().record().name(), l.endpointId(), l.macAddress(),
                            l.address() + "/" + l.prefix(), l.address6() == null ? "" : l.address6() + "/" + l.prefix6())));
        }
        return resource(n, members);
    }

    private static NetworkResource resource(NetworkRecord n, Map<String, NetworkResource.Endpoint> members) {
        List<NetworkResource.IpamConfig> config = new ArrayList<>();
        if (n.subnet() != null) config.add(new NetworkResource.IpamConfig(n.subnet(), n.ipRange(), n.gateway()));
        if (n.ipv6()) config.add(new NetworkResource.IpamConfig(n.subnet6(), null, n.gateway6()));
        String driver = n.driver();
        return new NetworkResource(n.name(), n.id(), n.created(), "local", driver, true, n.ipv6(),
                new NetworkResource.Ipam("default", null, config), n.internal(), n.attachable(), false,
                Map.of("Network", ""), false, members, n.options(), n.labels());
    }

    @Override
    public void remove(String nameOrId) {
        requireEnabled();
        NetworkRecord n = networking.resolve(nameOrId);
        if (n.predefined()) {
            throw new ForbiddenException(n.name() + " is a pre-defined network and cannot be removed");
        }
        List<NetworkStore.Endpoint> eps = networking.store().endpointsOn(n.id());
        if (!eps.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (NetworkStore.Endpoint ep : eps) {
                containers.repo().get(ep.containerId()).ifPresent(r -> names.add(r.record().name()));
            }
            throw new ForbiddenException("error while removing network: network " + n.name() + " id " + n.id()
                    + " has active endpoints (" + String.join(", ", names) + ")");
        }
        if (!networking.delete(n)) {
            throw new ForbiddenException("error while removing network: network " + n.name() + " id " + n.id()
                    + " has active endpoints");
        }
    }

    @Override
    public void connect(String network, String container, Map<String, Object> endpointConfig) {
        requireEnabled();
        NetworkRecord n = networking.resolve(network);
        ContainerRepository.Row row = containers.repo().resolve(container);
        String id = row.record().id();
        EndpointConfig config = NetworkAttachment.endpointConfig(endpointConfig == null ? Map.of() : endpointConfig);
        containers.locks().under(id, () -> {
            ContainerRepository.Row current = containers.repo().get(id).orElseThrow(() -> NotFoundException.container(container));
            String mode = containers.network().modeOf(current.record().hostConfig().networkMode());
            if (!n.isBridge() || mode.equals("host") || mode.equals("none") || mode.startsWith("container:")) {
                throw new ForbiddenException("container cannot be disconnected from host network or connected to host network");
            }
            if (n.name().equals(NetworkRecord.DEFAULT) && (!config.ipv4Address().isEmpty() || !config.aliases().isEmpty())) {
                throw new InvalidArgumentException(config.ipv4Address().isEmpty()
                        ? "network-scoped alias is supported only for containers in user defined networks"
                        : "user specified IP address is supported on user defined networks only");
            }
            if (!networking.store().addEndpoint(id, n.id(), config)) {
                throw new ForbiddenException("endpoint with name " + current.record().name()
                        + " already exists in network " + n.name());
            }
            if (current.state().isRunning()) {
                try {
                    networking.connectRunning(id, current.record().name(), new Networking.Join(n, config,
                            NetworkAttachment.dnsNames(current.record(), config)));
                } catch (java.io.IOException | RuntimeException e) {
                    networking.store().removeEndpoint(id, n.id());
                    if (e instanceof RuntimeException re) throw re;
                    // netavark's own words: what failed is the user's to see, as Docker shows its driver's errors
                    throw new berth.api.errors.ConflictException(e.getMessage());
                }
                rewriteFiles(current.record());
            }
            return null;
        });
    }

    @Override
    public void disconnect(String network, String container, boolean force) {
        requireEnabled();
        NetworkRecord n = networking.resolve(network);
        ContainerRepository.Row row = containers.repo().resolve(container);
        String id = row.record().id();
        containers.locks().under(id, () -> {
            ContainerRepository.Row current = containers.repo().get(id).orElseThrow(() -> NotFoundException.container(container));
            if (!networking.store().removeEndpoint(id, n.id())) {
                throw new ForbiddenException("container " + id + " is not connected to network " + n.name());
            }
            if (current.state().isRunning()) {
                try {
                    networking.disconnectRunning(id, n);
                } catch (java.io.IOException e) {
                    throw new berth.api.errors.InternalException(e.getMessage(), e);
                }
                rewriteFiles(current.record());
            }
            return null;
        });
    }

    private void rewriteFiles(ContainerRecord r) {
        try {
            containers.network().rewriteFiles(r);
        } catch (java.io.IOException e) {
            throw new berth.api.errors.InternalException("rewriting the name files of " + r.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> prune(Map<String, List<String>> filters) {
        return prune(filters, false);
    }

    @Override
    public List<String> prune(Map<String, List<String>> filters, boolean dryRun) {
        requireEnabled();
        for (String k : filters.keySet()) {
            if (!k.equals("label") && !k.equals("label!") && !k.equals("until")) {
                throw new InvalidArgumentException("invalid filter '" + k + "'");
            }
        }
        List<String> removed = new ArrayList<>();
        for (NetworkRecord n : networking.store().list()) {
            if (n.predefined() || !networking.store().endpointsOn(n.id()).isEmpty()) continue;
            if (!pruneMatches(n, filters)) continue;
            if (dryRun || networking.delete(n)) removed.add(n.name());
        }
        return removed;
    }

    private static boolean pruneMatches(NetworkRecord n, Map<String, List<String>> filters) {
        for (String v : filters.getOrDefault("label", List.of())) {
            int eq = v.indexOf('=');
            boolean has = eq < 0 ? n.labels().containsKey(v) : v.substring(eq + 1).equals(n.labels().get(v.substring(0, eq)));
            if (!has) return false;
        }
        for (String v : filters.getOrDefault("label!", List.of())) {
            int eq = v.indexOf('=');
            boolean has = eq < 0 ? n.labels().containsKey(v) : v.substring(eq + 1).equals(n.labels().get(v.substring(0, eq)));
            if (has) return false;
        }
        for (String v : filters.getOrDefault("until", List.of())) {
            java.time.Instant until;
            try {
                until = java.time.Instant.parse(v);
            } catch (java.time.format.DateTimeParseException e) {
                try {
                    until = java.time.Instant.ofEpochSecond(Long.parseLong(v));
                } catch (NumberFormatException e2) {
                    throw new InvalidArgumentException("invalid filter 'until': " + v);
                }
            }
            if (!java.time.Instant.parse(n.created()).isBefore(until)) return false;
        }
        return true;
    }
}
