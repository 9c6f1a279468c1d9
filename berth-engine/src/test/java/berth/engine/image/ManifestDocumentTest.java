package berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.engine.content.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestDocumentTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);
    private static final String C = "sha256:" + "c".repeat(64);

    private static final String DOCKER_MANIFEST = """
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
             "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":1469,"digest":"%s"},
             "layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":2152262,"digest":"%s"},
                       {"mediaType":"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip","size":10,"digest":"%s",
                        "urls":["https://example.com/x"]}]}
            """.formatted(A, B, C);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void dockerManifestExposesConfigAndLayersBottomFirst() throws IOException {
        Manifest m = Manifest.parse(bytes(DOCKER_MANIFEST), MediaTypes.DOCKER_MANIFEST);

        assertThat(m.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(m.config()).isEqualTo(Descriptor.of(MediaTypes.DOCKER_CONFIG, Digest.parse(A), 1469));
        assertThat(m.layers()).extracting(Descriptor::size).containsExactly(2152262L, 10L);
        assertThat(m.layers().getLast().urls()).containsExactly("https://example.com/x");
        assertThat(m.layers().getFirst().shortId()).isEqualTo("bbbbbbbbbbbb");
    }

    @Test
    void ociManifestWithoutMediaTypeFieldTakesTheContentType() throws IOException {
        String json = """
                {"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":2,"digest":"%s"},
                 "layers":[]}""".formatted(A);
        Manifest m = Manifest.parse(bytes(json), MediaTypes.OCI_MANIFEST + "; charset=utf-8");
        assertThat(m.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(m.layers()).isEmpty();
    }

    @Test
    void genericJsonContentTypeFallsBackToTheDocumentsMediaType() throws IOException {
        assertThat(ManifestDocument.parse(bytes(DOCKER_MANIFEST), "application/json")).isInstanceOf(Manifest.class);
    }

    @Test
    void indexIsRecognisedByShapeWithoutAnyMediaType() throws IOException {
        String json = """
                {"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","size":7,
                 "digest":"%s","platform":{"os":"linux","architecture":"amd64"}}]}""".formatted(A);
        assertThat(ManifestDocument.parse(bytes(json), null)).isInstanceOf(ImageIndex.class);
    }

    @Test
    void schema1ManifestIsRefusedClearly() {
        String json = """
                {"schemaVersion":1,"name":"x","tag":"latest","fsLayers":[{"blobSum":"%s"}]}""".formatted(A);
        assertThatThrownBy(() -> ManifestDocument.parse(bytes(json), MediaTypes.DOCKER_SCHEMA1_SIGNED))
                .isInstanceOf(ManifestException.class).hasMessageContaining("schema 1 is not supported");
        assertThatThrownBy(() -> ManifestDocument.parse(bytes(json), null))
                .isInstanceOf(ManifestException.class).hasMessageContaining("schema 1 is not supported");
    }

    @Test
    void manifestWithoutConfigIsRefused() {
        String json = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}""";
        assertThatThrownBy(() -> ManifestDocument.parse(bytes(json), null))
                .isInstanceOf(ManifestException.class).hasMessageContaining("no config");
    }

    @Test
    void descriptorWithAnInvalidDigestIsRefused() {
        String json = DOCKER_MANIFEST.replace(A, "sha256:nothex");
        assertThatThrownBy(() -> ManifestDocument.parse(bytes(json), null)).isInstanceOf(IOException.class);
    }

    @Test
    void unknownMediaTypeIsRefused() {
        String json = """
                {"schemaVersion":2,"mediaType":"application/vnd.example+json"}""";
        assertThatThrownBy(() -> ManifestDocument.parse(bytes(json), null))
                .isInstanceOf(ManifestException.class).hasMessage("unsupported manifest media type application/vnd.example+json");
    }

    @Test
    void manifestParseRefusesAnIndex() {
        String json = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}""";
        assertThatThrownBy(() -> Manifest.parse(bytes(json), null))
                .isInstanceOf(ManifestException.class).hasMessageContaining("got an image index");
    }

    @Test
    void aContentTypeThatIsNeitherAManifestTypeNorGenericIsRefused() {
        assertThatThrownBy(() -> ManifestDocument.parse(bytes(DOCKER_MANIFEST), "text/html; charset=utf-8"))
                .isInstanceOf(ManifestException.class).hasMessage("unsupported manifest media type text/html");
    }
}
