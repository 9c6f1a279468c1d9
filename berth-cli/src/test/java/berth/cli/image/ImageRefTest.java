package berth.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageRefTest {
    @Test
    void tagFollowsTheLastColonAfterTheLastSlash() {
        assertThat(ImageRef.split("127.0.0.1:5000/app:1")).isEqualTo(new ImageRef("127.0.0.1:5000/app", "1"));
    }

    @Test
    void registryPortIsNotATag() {
        assertThat(ImageRef.split("127.0.0.1:5000/app")).isEqualTo(new ImageRef("127.0.0.1:5000/app", null));
        assertThat(ImageRef.split("busybox").hasTagOrDigest()).isFalse();
    }

    @Test
    void digestGoesWhereTheTagWould() {
        String digest = "sha256:" + "a".repeat(64);
        assertThat(ImageRef.split("busybox@" + digest)).isEqualTo(new ImageRef("busybox", digest));
    }
}
