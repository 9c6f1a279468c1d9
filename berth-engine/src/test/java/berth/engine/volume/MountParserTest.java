package berth.engine.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.Json;
import berth.api.errors.InvalidArgumentException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountParserTest {

    private static MountSpec mount(String json) throws Exception {
        return MountParser.mount(Json.mapper().readTree(json));
    }

    @Test
    void aNameBeforeTheColonIsAVolumeShownWithModeZ() {
        MountSpec m = MountParser.bind("data:/var/data/");
        assertThat(m.type()).isEqualTo("volume");
        assertThat(m.source()).isEqualTo("data");
        assertThat(m.destination()).isEqualTo("/var/data");
        assertThat(m.mode()).isEqualTo("z");
        assertThat(m.propagation()).isEmpty();
    }

    @Test
    void anAbsoluteSourceIsABindWhoseMissingPathIsCreatedAtStart() {
        MountSpec m = MountParser.bind("/srv:/data:ro,rshared");
        assertThat(m.type()).isEqualTo("bind");
        assertThat(m.readOnly()).isTrue();
        assertThat(m.propagation()).isEqualTo("rshared");
        assertThat(m.createSource()).isTrue();
        assertThat(m.mode()).isEqualTo("ro,rshared");
    }

    @Test
    void aLonePathIsAnAnonymousVolume() {
        MountSpec m = MountParser.bind("/cache");
        assertThat(m.unnamed()).isTrue();
        assertThat(m.destination()).isEqualTo("/cache");
    }

    @Test
    void nocopyIsForVolumesOnly() {
        assertThat(MountParser.bind("data:/d:nocopy").noCopy()).isTrue();
        assertThatThrownBy(() -> MountParser.bind("/srv:/d:nocopy")).hasMessage("invalid mode: nocopy");
    }

    @Test
    void badSpecificationsGetDockersMessages() {
        assertThatThrownBy(() -> MountParser.bind("data:rel")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid volume specification: 'data:rel': invalid mount config for type \"volume\": invalid"
                        + " mount path: 'rel' mount path must be absolute");
        assertThatThrownBy(() -> MountParser.bind("data:/")).hasMessageContaining("destination can't be '/'");
        assertThatThrownBy(() -> MountParser.bind("data:/d:bogus")).hasMessage("invalid mode: bogus");
        assertThatThrownBy(() -> MountParser.bind("data:/d:ro,rw")).hasMessage("invalid mode: ro,rw");
        assertThatThrownBy(() -> MountParser.bind("rel/dir:/d")).hasMessageContaining("includes invalid characters for a local volume name");
        assertThatThrownBy(() -> MountParser.bind("data:/d:rshared")).hasMessageContaining("applies to bind mounts only");
        assertThatThrownBy(() -> MountParser.bind("a:b:c:d")).hasMessage("invalid volume specification: 'a:b:c:d'");
    }

    @Test
    void mountOfAVolumeReadsItsOptions() throws Exception {
        MountSpec m = mount("""
                {"Type":"volume","Source":"data","Target":"/d","ReadOnly":true,"VolumeOptions":{"NoCopy":true,\
                "Subpath":"a/b","Labels":{"k":"v"},"DriverConfig":{"Name":"local","Options":{"type":"tmpfs",\
                "device":"tmpfs"}}}}""");
        assertThat(m.readOnly()).isTrue();
        assertThat(m.noCopy()).isTrue();
        assertThat(m.subpath()).isEqualTo("a/b");
        assertThat(m.volumeLabels()).containsEntry("k", "v");
        assertThat(m.driverOptions()).containsEntry("type", "tmpfs");
    }

    @Test
    void mountRefusesWhatItCannotApply() {
        assertThatThrownBy(() -> mount("{\"Type\":\"volume\",\"Target\":\"/d\",\"VolumeOptions\":{\"Subpath\":\"../x\"},\"Source\":\"vol\"}"))
                .hasMessageContaining("subpath must not climb out of the volume");
        assertThatThrownBy(() -> mount("{\"Type\":\"volume\",\"Target\":\"/d\",\"VolumeOptions\":{\"DriverConfig\":{\"Name\":\"nfs\"}}}"))
                .hasMessageContaining("volume driver \"nfs\" is not supported");
        assertThatThrownBy(() -> mount("{\"Type\":\"tmpfs\",\"Source\":\"x\",\"Target\":\"/d\"}"))
                .hasMessageContaining("field Source must not be specified");
        assertThatThrownBy(() -> mount("{\"Type\":\"bind\",\"Source\":\"/nonexistent-berth\",\"Target\":\"/d\"}"))
                .hasMessageContaining("bind source path does not exist: /nonexistent-berth");
        assertThatThrownBy(() -> mount("{\"Type\":\"npipe\",\"Target\":\"/d\"}")).hasMessageContaining("mount type unknown");
        assertThatThrownBy(() -> mount("{\"Type\":\"volume\",\"Target\":\"/d\",\"BindOptions\":{\"Propagation\":\"shared\"}}"))
                .hasMessageContaining("field BindOptions must not be specified");
    }

    @Test
    void tmpfsMountKeepsSizeAndMode() throws Exception {
        MountSpec m = mount("{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":{\"SizeBytes\":1048576,\"Mode\":1016}}");
        assertThat(m.tmpfsSize()).isEqualTo(1048576);
        assertThat(m.tmpfsMode()).isEqualTo(01770);
    }

    @Test
    void twoMountsOnOneDestinationAreRefused() {
        assertThatThrownBy(() -> MountParser.checkDuplicates(List.of(MountParser.bind("ab:/d"), MountParser.bind("/x:/d/"))))
                .hasMessage("Duplicate mount point: /d");
    }
}
