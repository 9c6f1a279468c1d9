package berth.engine.network;

import berth.api.model.NetworkCreateRequest;
import berth.api.model.NetworkResource;
import java.util.List;
import java.util.Map;

/** The network API: create, list, inspect, remove, prune, and connecting containers to networks. */
public interface NetworkService {
    /** Returns the new network's ID. */
    String create(NetworkCreateRequest request);

    List<NetworkResource> list(Map<String, List<String>> filters);

    NetworkResource inspect(String nameOrId);

    void remove(String nameOrId);

    /** {@code endpointConfig}: the EndpointConfig object of the request (aliases, IPAMConfig, MacAddress), or null. */
    void connect(String network, String container, Map<String, Object> endpointConfig);

    void disconnect(String network, String container, boolean force);

    /** Removes the user-defined networks no container is on; returns their names. */
    List<String> prune(Map<String, List<String>> filters);

    /** With {@code dryRun}: the networks {@link #prune} would remove, none removed. */
    default List<String> prune(Map<String, List<String>> filters, boolean dryRun) {
        if (dryRun) throw new berth.api.errors.NotImplementedException("a dry run of network prune is not supported");
        return prune(filters);
    }
}
