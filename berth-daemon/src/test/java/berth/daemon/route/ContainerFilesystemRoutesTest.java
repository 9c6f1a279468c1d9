package berth.daemon.route;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.model.ContainerPathStat;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ContainerFilesystemRoutesTest {

    @Test
    void statHeaderIsBase64OfDockersJsonKeys() {
        String header = ContainerFilesystemRoutes.encode(
                new ContainerPathStat("dd", 4096, 2147484141L, "2026-12-01T15:14:15.97868832Z", ""));
        // dockerd's own header for the same directory, recorded from Docker 20.10
        assertThat(header).isEqualTo("eyJuYW1lIjoiZGQiLCJzaXplIjo0MDk2LCJtb2RlIjoyMTQ3NDg0MTQxLCJtdGltZSI6IjIwMjYtMTItMDFU"
                + "MTU6MTQ6MTUuOTc4Njg4MzJaIiwibGlua1RhcmdldCI6IiJ9");
        assertThat(new String(Base64.getDecoder().decode(header), StandardCharsets.UTF_8)).isEqualTo(
                "{\"name\":\"dd\",\"size\":4096,\"mode\":2147484141,\"mtime\":\"2026-12-01T15:14:15.97868832Z\",\"linkTarget\":\"\"}");
    }
}
