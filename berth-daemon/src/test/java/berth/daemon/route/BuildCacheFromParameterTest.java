package berth.daemon.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import berth.api.errors.InvalidArgumentException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildCacheFromParameterTest {
    @Test
    void theDockerClisJsonArrayGivesTheImageNames() {
        assertEquals(List.of("myapp:latest", "registry:5000/base:1"),
                BuildRoutes.cacheFrom("[\"myapp:latest\",\"registry:5000/base:1\"]"));
    }

    @Test
    void absentNullAndEmptyNameNoImage() {
        assertEquals(List.of(), BuildRoutes.cacheFrom(null));
        assertEquals(List.of(), BuildRoutes.cacheFrom("null"));
        assertEquals(List.of(), BuildRoutes.cacheFrom("[\"\"]"));
    }

    @Test
    void aValueThatIsNoJsonArrayIsRefused() {
        assertThrows(InvalidArgumentException.class, () -> BuildRoutes.cacheFrom("myapp:latest"));
    }
}
