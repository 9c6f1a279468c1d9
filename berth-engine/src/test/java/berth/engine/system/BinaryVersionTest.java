package berth.engine.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinaryVersionTest {
    @TempDir Path dir;

    private static final Path BIN = Path.of("/usr/bin/x");

    @Test
    void runcReportsVersionAndCommitOnSeparateLines() {
        BinaryVersion v = BinaryVersion.parse(BIN, "runc version 1.1.5+ds1\ncommit: 1.1.5+ds1-1+deb12u1\nspec: 1.0.2-dev\n")
                .orElseThrow();
        assertThat(v.version()).isEqualTo("1.1.5+ds1");
        assertThat(v.commit()).isEqualTo("1.1.5+ds1-1+deb12u1");
    }

    @Test
    void netavarkAndAardvarkPrintTheirNameAndTheBareVersion() {
        assertThat(BinaryVersion.parse(BIN, "netavark 1.4.0\n").orElseThrow().version()).isEqualTo("1.4.0");
        assertThat(BinaryVersion.parse(BIN, "aardvark-dns 1.4.0\n").orElseThrow().version()).isEqualTo("1.4.0");
    }

    @Test
    void anUnknownCommitIsNoCommit() {
        BinaryVersion v = BinaryVersion.parse(BIN, "conmon version 2.1.6\ncommit: unknown\n").orElseThrow();
        assertThat(v.version()).isEqualTo("2.1.6");
        assertThat(v.commit()).isNull();
    }

    @Test
    void tiniPutsItsCommitAfterTheVersion() {
        BinaryVersion v = BinaryVersion.parse(BIN, "tini version 0.19.0 - git.de40ad0\n").orElseThrow();
        assertThat(v.version()).isEqualTo("0.19.0");
        assertThat(v.commit()).isEqualTo("de40ad0");
    }

    @Test
    void outputWithoutAVersionIsNoVersion() {
        assertThat(BinaryVersion.parse(BIN, "usage: x [options]\n")).isEmpty();
    }

    @Test
    void probeRunsTheBinary() throws IOException {
        Path fake = dir.resolve("fake-runtime");
        Files.writeString(fake, "#!/bin/sh\n[ \"$1\" = --version ] && echo 'fake-runtime version 9.8.7' && echo 'commit: abc123'\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));

        BinaryVersion v = BinaryVersion.probe(fake).orElseThrow();

        assertThat(v.version()).isEqualTo("9.8.7");
        assertThat(v.commit()).isEqualTo("abc123");
    }

    @Test
    void aMissingOrFailingBinaryHasNoVersion() throws IOException {
        Path failing = dir.resolve("failing");
        Files.writeString(failing, "#!/bin/sh\necho 'failing version 1.0'\nexit 3\n");
        Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(BinaryVersion.probe(dir.resolve("absent"))).isEmpty();
        assertThat(BinaryVersion.probe(failing)).isEmpty();
    }
}
