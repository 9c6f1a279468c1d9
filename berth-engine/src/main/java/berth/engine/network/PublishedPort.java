package berth.engine.network;

/** A host port bound to a container port for the current run: what netavark forwards and Berth holds open. */
public record PublishedPort(String protocol, String hostIp, int hostPort, int containerPort) {
    public String key() {
        return containerPort + "/" + protocol;
    }
}
