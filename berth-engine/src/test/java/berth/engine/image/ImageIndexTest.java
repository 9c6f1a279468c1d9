package berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import berth.engine.content.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageIndexTest {
    private static String entry(char hex, String mediaType, String os, String arch, String variant) {
        return """
                {"mediaType":"%s","size":100,"digest":"sha256:%s","platform":{"os":"%s","architecture":"%s"%s}}"""
                .formatted(mediaType, String.valueOf(hex).repeat(64), os, arch,
                        variant == null ? "" : ",\"variant\":\"" + variant + "\"");
    }

    private static ImageIndex index(String... entries) throws IOException {
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST_LIST + "\",\"manifests\":["
                + String.join(",", entries) + "]}";
        return (ImageIndex) ManifestDocument.parse(json.getBytes(StandardCharsets.UTF_8), MediaTypes.DOCKER_MANIFEST_LIST);
    }

    @Test
    void selectPicksTheLinuxAmd64Entry() throws IOException {
        ImageIndex index = index(entry('a', MediaTypes.DOCKER_MANIFEST, "linux", "arm", "v7"),
                entry('b', MediaTypes.DOCKER_MANIFEST, "linux", "amd64", null),
                entry('c', MediaTypes.DOCKER_MANIFEST, "windows", "amd64", null));

        assertThat(index.select("linux", "amd64")).get().extracting(Descriptor::digest)
                .isEqualTo(Digest.parse("sha256:" + "b".repeat(64)));
        assertThat(index.manifests().getFirst().platform().variant()).isEqualTo("v7");
    }

    @Test
    void selectFindsNothingForAMissingPlatform() throws IOException {
        assertThat(index(entry('a', MediaTypes.OCI_MANIFEST, "linux", "arm64", null)).select("linux", "amd64")).isEmpty();
    }

    @Test
    void selectSkipsEntriesThatAreNotImageManifests() throws IOException {
        ImageIndex index = index(entry('a', "application/vnd.in-toto+json", "linux", "amd64", null),
                entry('b', MediaTypes.OCI_MANIFEST, "linux", "amd64", null));
        assertThat(index.select("linux", "amd64")).get().extracting(d -> d.digest().hex().charAt(0)).isEqualTo('b');
    }
}
