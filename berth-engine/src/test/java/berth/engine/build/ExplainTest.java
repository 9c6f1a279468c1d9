package berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import berth.engine.content.Digest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplainTest {
    private static final Digest PARENT = Digest.sha256("parent".getBytes());
    private static final Digest OTHER = Digest.sha256("other".getBytes());

    private static StepCache.Entry last(Digest parent, Map<String, String> args, Map<String, String> files) {
        return new StepCache.Entry("k", "s", parent, OTHER, OTHER, null, new StepCache.Inputs("RUN x", args, files));
    }

    @Test
    void changedBuildArgIsNamedWithBothValues() {
        String why = Explain.why(last(PARENT, Map.of("VERSION", "1"), Map.of()), PARENT,
                new StepCache.Inputs("RUN x", Map.of("VERSION", "2"), Map.of()), null, 0, false);
        assertThat(why).isEqualTo("ARG VERSION changed from 1 to 2");
    }

    @Test
    void changedFileIsNamedAfterTheCopy() {
        String why = Explain.why(last(PARENT, Map.of(), Map.of("src/main.c", "a", "src/util.c", "b")), PARENT,
                new StepCache.Inputs("RUN x", Map.of(), Map.of("src/main.c", "c", "src/util.c", "b")), "COPY src/", 0,
                false);
        assertThat(why).isEqualTo("COPY src/: src/main.c changed");
    }

    @Test
    void differentParentAfterAnEarlierMissNamesThatStep() {
        String why = Explain.why(last(OTHER, Map.of(), Map.of()), PARENT,
                new StepCache.Inputs("RUN x", Map.of(), Map.of()), null, 3, false);
        assertThat(why).isEqualTo("parent step 3 rebuilt");
    }

    @Test
    void stepNeverBuiltBeforeSaysSo() {
        assertThat(Explain.why(null, PARENT, new StepCache.Inputs("RUN x", Map.of(), Map.of()), null, 0, false))
                .isEqualTo("no earlier build of this step");
    }
}
