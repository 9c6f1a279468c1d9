package berth.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import berth.engine.content.Digest;
import berth.engine.layer.LayerStore;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The chain IDs a pull computes from a config's diff_ids (image-spec config.md, "ChainID"). */
class ChainIdTest {
    private static final Digest D1 = Digest.parse("sha256:" + "1".repeat(64));
    private static final Digest D2 = Digest.parse("sha256:" + "2".repeat(64));

    @Test
    void bottomLayerChainIdIsItsDiffId() {
        assertThat(LayerStore.chainId(null, D1)).isEqualTo(D1);
    }

    @Test
    void upperLayerChainIdHashesParentChainSpaceDiffId() {
        Digest expected = Digest.sha256((D1 + " " + D2).getBytes(StandardCharsets.US_ASCII));
        assertThat(LayerStore.chainId(D1, D2)).isEqualTo(expected);
    }

    @Test
    void matchesAnIndependentlyComputedValue() {
        // printf 'sha256:1…1 sha256:2…2' | sha256sum
        assertThat(LayerStore.chainId(D1, D2).hex())
                .isEqualTo("9932074217c35353d2e03a3f5a86549f7c67bfeb0ba53e23d69f4d4c8f7958f5");
    }
}
