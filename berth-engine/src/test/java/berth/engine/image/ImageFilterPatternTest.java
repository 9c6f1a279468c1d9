package berth.engine.image;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageFilterPatternTest {
    @Test
    void aBadReferencePatternIsABadArgumentNamingIt() {
        assertThatThrownBy(() -> ImageFilter.of(Map.of("reference", List.of("busy[")), null))
                .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("invalid filter 'reference=busy['");
    }
}
