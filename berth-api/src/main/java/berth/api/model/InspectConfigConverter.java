package berth.api.model;

import berth.api.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.StdConverter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A container's "Config" as inspect shows it: moby's Go type writes most keys even when null ("Entrypoint": null,
 * "OnBuild": null) and drops a few when empty (ExposedPorts, StopSignal, StopTimeout, Shell). The same record also
 * carries image configs, whose keys differ, so the container's shape is applied here rather than on the record.
 */
public final class InspectConfigConverter extends StdConverter<ContainerConfig, JsonNode> {
    @Override
    public JsonNode convert(ContainerConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Hostname", nz(c.hostname()));
        m.put("Domainname", nz(c.domainname()));
        m.put("User", nz(c.user()));
        m.put("AttachStdin", Boolean.TRUE.equals(c.attachStdin()));
        m.put("AttachStdout", Boolean.TRUE.equals(c.attachStdout()));
        m.put("AttachStderr", Boolean.TRUE.equals(c.attachStderr()));
        if (c.exposedPorts() != null && !c.exposedPorts().isEmpty()) m.put("ExposedPorts", c.exposedPorts());
        m.put("Tty", Boolean.TRUE.equals(c.tty()));
        m.put("OpenStdin", Boolean.TRUE.equals(c.openStdin()));
        m.put("StdinOnce", Boolean.TRUE.equals(c.stdinOnce()));
        m.put("Env", c.env());
        m.put("Cmd", c.cmd());
        if (c.healthcheck() != null) m.put("Healthcheck", c.healthcheck());
        m.put("Image", nz(c.image()));
        m.put("Volumes", c.volumes());
        m.put("WorkingDir", nz(c.workingDir()));
        m.put("Entrypoint", c.entrypoint());
        m.put("OnBuild", c.onBuild());
        m.put("Labels", c.labels());
        if (c.stopSignal() != null && !c.stopSignal().isEmpty()) m.put("StopSignal", c.stopSignal());
        if (c.stopTimeout() != null) m.put("StopTimeout", c.stopTimeout());
        if (c.shell() != null && !c.shell().isEmpty()) m.put("Shell", c.shell());
        // a tree keeps its null values whatever the mapper's inclusion setting says about maps
        ObjectNode node = Json.mapper().createObjectNode();
        m.forEach((k, v) -> node.set(k, Json.mapper().valueToTree(v)));
        return node;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
