package berth.api.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;

/**
 * A container's "Config" as inspect shows it: moby's Go type writes most keys even when null ("Entrypoint": null,
 * "OnBuild": null) and drops a few when empty (ExposedPorts, StopSignal, StopTimeout, Shell). The same record also
 * carries image configs, whose keys differ, so the container's shape is applied here rather than on the record.
 * Written straight to the generator: every `docker exec` inspects its container first.
 */
public final class InspectConfigSerializer extends StdSerializer<ContainerConfig> {
    public InspectConfigSerializer() {
        super(ContainerConfig.class);
    }

    @Override
    public void serialize(ContainerConfig c, JsonGenerator g, SerializerProvider p) throws IOException {
        g.writeStartObject();
        g.writeStringField("Hostname", nz(c.hostname()));
        g.writeStringField("Domainname", nz(c.domainname()));
        g.writeStringField("User", nz(c.user()));
        g.writeBooleanField("AttachStdin", Boolean.TRUE.equals(c.attachStdin()));
        g.writeBooleanField("AttachStdout", Boolean.TRUE.equals(c.attachStdout()));
        g.writeBooleanField("AttachStderr", Boolean.TRUE.equals(c.attachStderr()));
        if (!absent(c.exposedPorts())) p.defaultSerializeField("ExposedPorts", c.exposedPorts(), g);
        g.writeBooleanField("Tty", Boolean.TRUE.equals(c.tty()));
        g.writeBooleanField("OpenStdin", Boolean.TRUE.equals(c.openStdin()));
        g.writeBooleanField("StdinOnce", Boolean.TRUE.equals(c.stdinOnce()));
        p.defaultSerializeField("Env", c.env(), g);
        p.defaultSerializeField("Cmd", c.cmd(), g);
        if (c.healthcheck() != null) p.defaultSerializeField("Healthcheck", c.healthcheck(), g);
        g.writeStringField("Image", nz(c.image()));
        p.defaultSerializeField("Volumes", c.volumes(), g);
        g.writeStringField("WorkingDir", nz(c.workingDir()));
        p.defaultSerializeField("Entrypoint", c.entrypoint(), g);
        p.defaultSerializeField("OnBuild", c.onBuild(), g);
        p.defaultSerializeField("Labels", c.labels(), g);
        if (c.stopSignal() != null && !c.stopSignal().isEmpty()) g.writeStringField("StopSignal", c.stopSignal());
        if (c.stopTimeout() != null) g.writeNumberField("StopTimeout", c.stopTimeout());
        if (!absent(c.shell())) p.defaultSerializeField("Shell", c.shell(), g);
        g.writeEndObject();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static boolean absent(Object v) {
        return v == null || v instanceof Map<?, ?> m && m.isEmpty() || v instanceof Collection<?> l && l.isEmpty();
    }
}
