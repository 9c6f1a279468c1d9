package berth.daemon.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FiltersTest {

    @Test
    void parsesTheCurrentMapForm() {
        assertThat(Filters.parse("{\"type\":{\"container\":true},\"label\":{\"a=1\":true,\"b\":true}}"))
                .isEqualTo(Map.of("type", List.of("container"), "label", List.of("a=1", "b")));
    }

    @Test
    void parsesTheOlderListForm() {
        assertThat(Filters.parse("{\"type\":[\"container\"],\"name\":[\"web\",\"db\"]}"))
                .isEqualTo(Map.of("type", List.of("container"), "name", List.of("web", "db")));
    }

    @Test
    void valuesSetToFalseAreLeftOut() {
        assertThat(Filters.parse("{\"dangling\":{\"true\":false}}")).isEqualTo(Map.of("dangling", List.of()));
    }

    @Test
    void absentOrEmptyIsNoFilter() {
        assertThat(Filters.parse(null)).isEmpty();
        assertThat(Filters.parse("")).isEmpty();
        assertThat(Filters.parse("{}")).isEmpty();
    }

    @Test
    void malformedJsonIsInvalidArgument() {
        assertThatThrownBy(() -> Filters.parse("{\"type\":")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> Filters.parse("[1]")).isInstanceOf(InvalidArgumentException.class);
    }
}
