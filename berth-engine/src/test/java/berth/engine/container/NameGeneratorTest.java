package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class NameGeneratorTest {
    @RepeatedTest(20)
    void generatedNameIsAdjectiveUnderscoreSurnameAndValid() {
        String name = NameGenerator.generate();
        assertThat(name).matches("[a-z]+_[a-z]+").isNotEqualTo("boring_wozniak");
        assertThat(NameGenerator.validate(name)).isEqualTo(name);
    }

    @Test
    void leadingSlashIsStripped() {
        assertThat(NameGenerator.validate("/web.1_a-b")).isEqualTo("web.1_a-b");
    }

    @Test
    void nameStartingWithPunctuationIsRefusedWithDockersMessage() {
        assertThatThrownBy(() -> NameGenerator.validate("-web")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Invalid container name (-web), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
    }

    @Test
    void singleCharacterNameIsRefused() {
        assertThatThrownBy(() -> NameGenerator.validate("a")).isInstanceOf(InvalidArgumentException.class);
    }
}
