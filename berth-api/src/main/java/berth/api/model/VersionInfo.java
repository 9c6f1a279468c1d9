package berth.api.model;

import java.util.List;
import java.util.Map;

/** {@code GET /version}. Version is Docker-style (tools compare it); Berth's own version is under Components. */
public record VersionInfo(
        Platform platform,
        List<Component> components,
        String version,
        String apiVersion,
        String minAPIVersion,
        String gitCommit,
        String goVersion,
        String os,
        String arch,
        String kernelVersion,
        String buildTime) {

    public record Platform(String name) {}

    public record Component(String name, String version, Map<String, String> details) {}
}
