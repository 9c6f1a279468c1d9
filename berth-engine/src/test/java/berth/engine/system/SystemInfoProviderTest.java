package berth.engine.system;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.model.SystemInfo;
import berth.engine.EngineConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemInfoProviderTest {
    @TempDir Path dir;

    @Test
    void registryConfigListsTheConfiguredInsecureRegistriesBesideDockerHub() {
        EngineConfig config = EngineConfig.of(dir, dir, new LinkedHashSet<>(List.of("registry.lan:5000", "10.1.2.3")), false);

        SystemInfo.RegistryConfig reg = SystemInfoProvider.registryConfig(config);

        assertThat(reg.indexConfigs()).containsOnlyKeys("docker.io", "registry.lan:5000", "10.1.2.3");
        assertThat(reg.indexConfigs().get("docker.io").secure()).isTrue();
        assertThat(reg.indexConfigs().get("registry.lan:5000").secure()).isFalse();
        assertThat(reg.insecureRegistryCidrs()).containsExactly("::1/128", "127.0.0.0/8");
    }

    @Test
    void registryConfigShowsConfiguredCidrsAndMirrorsAsDockerdDoes() {
        EngineConfig config = EngineConfig.of(dir, dir, new LinkedHashSet<>(List.of("10.20.0.0/16", "plain.lan:5000")), false)
                .withRegistry(new berth.engine.registry.RegistryConfig(new LinkedHashSet<>(List.of("10.20.0.0/16", "plain.lan:5000")),
                        null, List.of(java.net.URI.create("https://mirror.lan:5000/")), dir, null));

        SystemInfo.RegistryConfig reg = SystemInfoProvider.registryConfig(config);

        assertThat(reg.insecureRegistryCidrs()).containsExactly("::1/128", "127.0.0.0/8", "10.20.0.0/16");
        assertThat(reg.indexConfigs()).containsOnlyKeys("docker.io", "plain.lan:5000");
        assertThat(reg.indexConfigs().get("docker.io").mirrors()).containsExactly("https://mirror.lan:5000/");
        assertThat(reg.mirrors()).containsExactly("https://mirror.lan:5000/");
    }

    @Test
    void theInitBinaryIsFoundOnThePathStaticBuildFirst() throws IOException {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        for (Path p : List.of(a.resolve("tini"), b.resolve("tini-static"))) {
            Files.writeString(p, "#!/bin/sh\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }

        assertThat(InitBinary.find(a + ":" + b)).contains(b.resolve("tini-static"));
        assertThat(InitBinary.find(a.toString())).contains(a.resolve("tini"));
        assertThat(InitBinary.find(dir.resolve("none").toString())).isEmpty();
    }

    @Test
    void hostFactsNameTheDataRootsFileSystemAndTheConfiguredRunc() throws IOException {
        Path runc = dir.resolve("runc");
        Files.writeString(runc, "#!/bin/sh\necho 'runc version 1.2.3'\necho 'commit: v1.2.3-0-gabc'\n");
        Files.setPosixFilePermissions(runc, PosixFilePermissions.fromString("rwxr-xr-x"));
        EngineConfig base = EngineConfig.of(Path.of("/dev/shm"), dir, Set.of(), false);
        EngineConfig config = new EngineConfig(base.dataRoot(), base.execRoot(), false, runc, dir.resolve("no-conmon"),
                base.logDefaults(), base.network(), base.registry());

        SystemInfoProvider.Host host = SystemInfoProvider.Host.probe(config, new Components(config), Path.of("/"));

        assertThat(host.backingFilesystem()).isEqualTo("tmpfs");
        assertThat(host.runc()).hasValueSatisfying(v -> assertThat(v.commit()).isEqualTo("v1.2.3-0-gabc"));
    }
}
