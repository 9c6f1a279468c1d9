package berth.engine.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which words open a here-document, as Docker decides it. */
class HeredocHeadersTest {

    @ParameterizedTest
    @ValueSource(strings = {"<<EOF", "<<'EOF'", "<<\"EOF\"", "<<-EOF", "<<-'EOF'", "<<-\"EOF\"", "<<EO\"F\"",
            "<< EOF", "<<- EOF", "7<<EOF"})
    void theseOpenAHeredocNamedEof(String word) {
        assertThat(HeredocHeaders.parse(word).name()).isEqualTo("EOF");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "EOF", "<<", "<<-", "<EOF", "<<<EOF", "<<EOF sh", "a<<EOF"})
    void theseDoNot(String word) {
        assertThat(HeredocHeaders.parse(word)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"<<'EOF", "<<\"EOF", "<<EOF'", "<<EOF\""})
    void anUnbalancedQuoteInTheDelimiterIsAnError(String word) {
        assertThatThrownBy(() -> HeredocHeaders.parse(word)).isInstanceOf(ParseProblem.class);
    }

    @Test
    void aDashAfterBlanksBelongsToTheName() {
        assertThat(HeredocHeaders.inLine("RUN << -EOF")).singleElement()
                .extracting(HeredocHeaders.Header::name).isEqualTo("-EOF");
    }

    @Test
    void severalOpenersInOneLineAndNoneInQuotes() {
        assertThat(HeredocHeaders.inLine("RUN <<EOF <<EOF2 '<<X' \"<<Y\"")).extracting(HeredocHeaders.Header::name)
                .containsExactly("EOF", "EOF2");
    }

    @Test
    void theDescriptorAndChompAreRead() {
        HeredocHeaders.Header h = HeredocHeaders.parse("4<<-EOF");
        assertThat(h.fd()).isEqualTo(4);
        assertThat(h.chomp()).isTrue();
        assertThat(h.expand()).isTrue();
    }
}
