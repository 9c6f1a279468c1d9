package berth.engine.network;

import berth.api.errors.ConflictException;
import berth.api.errors.ForbiddenException;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import berth.api.model.NetworkCreateRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@code network create} request into a network record, or refuses it with Docker's messages: a taken name,
 * an overlapping subnet, a gateway outside it. Options Berth applies: the bridge's name and its MTU; anything else
 * is refused by name rather than ignored.
 */
final class NetworkDefinitions {
    static final String BRIDGE_NAME = "com.docker.network.bridge.name";
    static final String MTU = "com.docker.network.driver.mtu";
    private static final Set<String> APPLIED_OPTIONS = Set.of(BRIDGE_NAME, MTU);

    private NetworkDefinitions() {}

    static NetworkRecord define(NetworkCreateRequest r, Networking networking) {
        String name = r.name() == null ? "" : r.name();
        if (name.isEmpty()) throw new InvalidArgumentException("network name must not be empty");
        if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
            throw new InvalidArgumentException("invalid network name \"" + name + "\"");
        }
        if (networking.store().byName(name).isPresent()) {
            throw new ConflictException("network with name " + name + " already exists");
        }
        String driver = r.driver() == null || r.driver().isEmpty() ? "bridge" : r.driver();
        if (!driver.equals("bridge")) {
            throw new NotFoundException("plugin \"" + driver + "\" not found");
        }
        if (Boolean.FALSE.equals(r.enableIpv4())) {
            throw new InvalidArgumentException("networks without IPv4 (--ipv4=false) are not supported by Berth yet");
        }
        if (Boolean.TRUE.equals(r.ingress()) || Boolean.TRUE.equals(r.configOnly())
                || (r.configFrom() != null && !r.configFrom().isEmpty())
                || (r.scope() != null && !r.scope().isEmpty() && !r.scope().equals("local"))) {
            throw new InvalidArgumentException("swarm networks (--ingress, --config-only, --config-from, --scope) "
                    + "are not supported by Berth");
        }
        Map<String, String> options = r.options() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(r.options());
        for (String k : options.keySet()) {
            if (!APPLIED_OPTIONS.contains(k)) {
                throw new InvalidArgumentException("network option " + k + " is not supported by Berth yet (supported: "
                        + BRIDGE_NAME + ", " + MTU + ")");
            }
        }
        String id = Networking.newId();
        String bridge = options.getOrDefault(BRIDGE_NAME, "br-" + id.substring(0, 12));
        if (!bridge.matches("[A-Za-z0-9_.-]{1,15}")) {
            throw new InvalidArgumentException("invalid bridge name " + bridge + ": at most 15 letters, digits, _ . -");
        }
        for (NetworkRecord n : networking.store().list()) {
            if (bridge.equals(n.bridge())) {
                throw new ConflictException("bridge name " + bridge + " is already in use by network " + n.name());
            }
        }
        Integer mtu = null;
        if (options.containsKey(MTU)) {
            try {
                mtu = Integer.parseInt(options.get(MTU));
                if (mtu < 68 || mtu > 65535) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw new InvalidArgumentException("invalid MTU " + options.get(MTU) + ": must be between 68 and 65535");
            }
        }
        NetworkCreateRequest.Ipam ipam = r.ipam();
        if (ipam != null && ipam.driver() != null && !ipam.driver().isEmpty() && !ipam.driver().equals("default")) {
            throw new InvalidArgumentException("IPAM driver " + ipam.driver() + " is not supported by Berth (supported: default)");
        }
        if (ipam != null && ipam.options() != null && !ipam.options().isEmpty()) {
            throw new InvalidArgumentException("IPAM options (--ipam-opt) are not supported by Berth yet");
        }
        List<NetworkCreateRequest.Config> all = ipam == null || ipam.config() == null ? List.of() : ipam.config();
        List<NetworkCreateRequest.Config> configs = all.stream().filter(c -> !isV6(c)).toList();
        List<NetworkCreateRequest.Config> configs6 = all.stream().filter(NetworkDefinitions::isV6).toList();
        if (configs.size() > 1 || configs6.size() > 1) {
            throw new InvalidArgumentException("more than one subnet per address family is not supported by Berth yet");
        }
        boolean ipv6 = Boolean.TRUE.equals(r.enableIpv6());
        if (!configs6.isEmpty() && !ipv6) {
            throw new InvalidArgumentException("an IPv6 subnet needs IPv6 enabled on the network (--ipv6)");
        }
        Subnet subnet;
        String gateway;
        String ipRange = null;
        if (configs.isEmpty() || configs.getFirst().subnet() == null || configs.getFirst().subnet().isEmpty()) {
            if (!configs.isEmpty() && (notEmpty(configs.getFirst().gateway()) || notEmpty(configs.getFirst().ipRange()))) {
                throw new InvalidArgumentException("invalid pool request: gateway and ip-range need a subnet (--subnet)");
            }
            subnet = networking.freeSubnet(List.of());
            gateway = Subnet.format(subnet.firstHost());
        } else {
            NetworkCreateRequest.Config c = configs.getFirst();
            if (c.auxiliaryAddresses() != null && !c.auxiliaryAddresses().isEmpty()) {
                throw new InvalidArgumentException("auxiliary addresses (--aux-address) are not supported by Berth yet");
            }
            subnet = Subnet.parse(c.subnet());
            if (subnet.prefix() > 30) throw new InvalidArgumentException("subnet " + subnet + " is too small");
            for (NetworkRecord n : networking.store().list()) {
                if (n.subnet() != null && n.subnetValue().overlaps(subnet)) {
                    throw new ForbiddenException("Pool overlaps with other one on this address space");
                }
            }
            if (notEmpty(c.gateway())) {
                if (!subnet.contains(Subnet.parseAddress(c.gateway()))) {
                    throw new InvalidArgumentException("invalid pool request: gateway " + c.gateway()
                            + " is not in subnet " + subnet);
                }
                gateway = c.gateway();
            } else {
                gateway = Subnet.format(subnet.firstHost());
            }
            if (notEmpty(c.ipRange())) {
                Subnet range = Subnet.parse(c.ipRange());
                if (!subnet.contains(range)) {
                    throw new InvalidArgumentException("invalid pool request: ip-range " + c.ipRange()
                            + " is not in subnet " + subnet);
                }
                ipRange = range.toString();
            }
        }
        Subnet6 subnet6 = null;
        String gateway6 = null;
        if (ipv6) {
            NetworkCreateRequest.Config c = configs6.isEmpty() ? null : configs6.getFirst();
            subnet6 = c == null ? uniqueLocal(networking) : Subnet6.parse(c.subnet());
            if (c != null) {
                if (notEmpty(c.ipRange())) {
                    throw new InvalidArgumentException("an IPv6 ip-range is not supported by Berth yet");
                }
                if (c.auxiliaryAddresses() != null && !c.auxiliaryAddresses().isEmpty()) {
                    throw new InvalidArgumentException("auxiliary addresses (--aux-address) are not supported by Berth yet");
                }
                for (NetworkRecord n : networking.store().list()) {
                    if (n.ipv6() && n.subnet6Value().overlaps(subnet6)) {
                        throw new ForbiddenException("Pool overlaps with other one on this address space");
                    }
                }
            }
            if (subnet6.prefix() > 126) throw new InvalidArgumentException("subnet " + subnet6 + " is too small");
            gateway6 = subnet6.firstHost();
            if (c != null && notEmpty(c.gateway())) {
                if (!subnet6.contains(Subnet6.parseAddress(c.gateway()))) {
                    throw new InvalidArgumentException("invalid pool request: gateway " + c.gateway()
                            + " is not in subnet " + subnet6);
                }
                long[] g = Subnet6.parseAddress(c.gateway());
                gateway6 = Subnet6.format(g[0], g[1]);
            }
        }
        return new NetworkRecord(id, name, "bridge", Networking.now(), subnet.toString(), gateway, ipRange, bridge,
                Boolean.TRUE.equals(r.internal()), Boolean.TRUE.equals(r.attachable()), true, mtu,
                r.labels() == null ? Map.of() : r.labels(), options, subnet6 == null ? null : subnet6.toString(), gateway6);
    }

    private static boolean isV6(NetworkCreateRequest.Config c) {
        return c.subnet() != null && c.subnet().contains(":");
    }

    /**
     * {@code --ipv6} without an IPv6 subnet: a unique local /64 (RFC 4193: fd00::/8 and a random 40-bit global id),
     * as Docker takes one from its unique local pool.
     */
    private static Subnet6 uniqueLocal(Networking networking) {
        java.security.SecureRandom random = new java.security.SecureRandom();
        while (true) {
            long high = (0xfdL << 56) | ((random.nextLong() & 0xFFFFFFFFFFL) << 16);
            Subnet6 s = new Subnet6(high, 0, 64);
            if (networking.store().list().stream().noneMatch(n -> n.ipv6() && n.subnet6Value().overlaps(s))) return s;
        }
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
