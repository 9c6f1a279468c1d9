package berth.engine.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import berth.api.model.ContainerConfig;
import berth.engine.build.CacheFromImages.Produces;
import berth.engine.content.Digest;
import berth.engine.image.Descriptor;
import berth.engine.image.ImageConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheFromImagesTest {
    private static final String BASE = "/bin/sh -c #(nop) ADD file:base in / ";
    private static final String ENV = "/bin/sh -c #(nop) ENV A=1";
    private static final String COPY = "/bin/sh -c #(nop) COPY dir:aaaa in /app ";
    private static final String RUN = "/bin/sh -c make";

    /** An image from history entries: an entry written by "#(nop)" other than ADD/COPY has no layer. */
    private static ImageState image(String... createdBy) {
        List<ImageConfig.History> history = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        List<Descriptor> layers = new ArrayList<>();
        for (String c : createdBy) {
            boolean empty = c.contains("#(nop)") && !c.contains(" COPY ") && !c.contains(" ADD ");
            history.add(new ImageConfig.History("2026-01-01T00:00:00Z", c, null, null, empty ? Boolean.TRUE : null));
            if (!empty) {
                Digest d = Digest.sha256(c.getBytes(StandardCharsets.UTF_8));
                diffIds.add(d.toString());
                layers.add(new Descriptor(StepImages.DOCKER_LAYER_TAR, d, 10, null, null, null));
            }
        }
        ImageConfig config = new ImageConfig("amd64", null, "linux", null, null, null, null, ContainerConfig.empty(),
                new ImageConfig.RootFs("layers", diffIds), history);
        Digest id = Digest.sha256(config.toBytes());
        return new ImageState(id, id, config, layers, StepImages.chains(diffIds));
    }

    @Test
    void aStepWrittenByTheSameInstructionOnTheSameParentTakesTheImagesNextLayer() {
        ImageState pulled = image(BASE, ENV, COPY, RUN);
        var m = new CacheFromImages(List.of(pulled)).match(image(BASE, ENV), List.of(COPY), Produces.LAYER);
        assertTrue(m.isPresent());
        assertEquals(2, m.get().index());
        assertEquals(1, m.get().layerIndex(), "the layer after the base's, counting only entries that have one");
        assertFalse(m.get().last());
    }

    @Test
    void aCopyOfChangedFilesMissesBecauseItsCreatedByCarriesTheirDigest() {
        ImageState pulled = image(BASE, ENV, COPY, RUN);
        var m = new CacheFromImages(List.of(pulled)).match(image(BASE, ENV),
                List.of("/bin/sh -c #(nop) COPY dir:bbbb in /app "), Produces.LAYER);
        assertTrue(m.isEmpty());
    }

    @Test
    void aParentWhoseHistoryIsNotThePrefixOfTheImagesMisses() {
        ImageState pulled = image(BASE, ENV, COPY, RUN);
        var m = new CacheFromImages(List.of(pulled)).match(image(BASE, "/bin/sh -c #(nop) ENV A=2"), List.of(COPY),
                Produces.LAYER);
        assertTrue(m.isEmpty());
    }

    @Test
    void aParentWhoseLayersAreNotThePrefixOfTheImagesMisses() {
        ImageState pulled = image(BASE, ENV, COPY, RUN);
        ImageState other = image("/bin/sh -c #(nop) ADD file:other in / ", ENV);
        // same history text but a different base layer
        ImageConfig c = other.image();
        ImageConfig sameHistory = new ImageConfig(c.architecture(), null, c.os(), null, null, null, null, c.config(),
                c.rootfs(), pulled.image().history().subList(0, 2));
        ImageState parent = new ImageState(other.id(), other.id(), sameHistory, other.layers(), other.chainIds());
        assertTrue(new CacheFromImages(List.of(pulled)).match(parent, List.of(COPY), Produces.LAYER).isEmpty());
    }

    @Test
    void aMetadataStepMatchesOnlyAnEntryWithoutALayer() {
        ImageState pulled = image(BASE, "/bin/sh -c #(nop) COPY x in / ");
        var images = new CacheFromImages(List.of(pulled));
        assertTrue(images.match(image(BASE), List.of("/bin/sh -c #(nop) COPY x in / "), Produces.NO_LAYER).isEmpty());
        var env = new CacheFromImages(List.of(image(BASE, ENV))).match(image(BASE), List.of(ENV), Produces.NO_LAYER);
        assertTrue(env.isPresent());
        assertFalse(env.get().hasLayer());
        assertTrue(env.get().last());
    }

    @Test
    void fromTheFirstImageStepsMatchedOnOnlyThatImageIsConsulted() {
        ImageState first = image(BASE, ENV, COPY);
        ImageState second = image(BASE, ENV, RUN);
        var images = new CacheFromImages(List.of(first, second));
        var m = images.match(image(BASE), List.of(ENV), Produces.NO_LAYER);
        assertSame(first, m.orElseThrow().image());
        assertTrue(images.match(image(BASE, ENV), List.of(RUN), Produces.LAYER).isEmpty(),
                "the second image's RUN is no longer a candidate");
        assertTrue(new CacheFromImages(List.of(first, second)).match(image(BASE, ENV), List.of(RUN), Produces.LAYER)
                .isPresent(), "without the earlier match it is");
    }

    @Test
    void aStepOnScratchMatchesTheImagesFirstEntry() {
        var m = new CacheFromImages(List.of(image(COPY, RUN))).match(ImageState.scratch(), List.of(COPY), Produces.LAYER);
        assertEquals(0, m.orElseThrow().layerIndex());
    }

    @Test
    void anImageWithoutMoreHistoryThanTheParentMisses() {
        ImageState pulled = image(BASE, ENV);
        assertTrue(new CacheFromImages(List.of(pulled)).match(image(BASE, ENV), List.of(ENV), Produces.NO_LAYER).isEmpty());
    }
}
