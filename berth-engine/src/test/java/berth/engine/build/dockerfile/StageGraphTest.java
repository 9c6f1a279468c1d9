package berth.engine.build.dockerfile;

import static berth.engine.build.dockerfile.DockerfileParserTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StageGraphTest {
    private static final String MULTI = """
            ARG BASE=busybox
            FROM ${BASE} AS deps
            RUN echo deps
            FROM busybox AS tools
            RUN echo tools
            FROM deps AS build
            COPY --from=tools /bin/tool /bin/
            RUN --mount=type=bind,from=unused-image,target=/x make
            FROM busybox AS test
            COPY --from=build /out /out
            FROM scratch
            COPY --from=2 /out /app
            """;

    private static java.util.List<String> names(java.util.List<Stage> stages) {
        return stages.stream().map(Stage::displayName).toList();
    }

    @Test
    void theLastStageNeedsWhatItCopiesFromTransitively() {
        assertThat(names(parse(MULTI).stagesNeededFor(null))).containsExactly("deps", "tools", "build", "4");
    }

    @Test
    void unusedStagesAreNotNeeded() {
        assertThat(names(parse(MULTI).stagesNeededFor("test"))).containsExactly("deps", "tools", "build", "test");
        assertThat(names(parse(MULTI).stagesNeededFor("tools"))).containsExactly("tools");
    }

    @Test
    void directDependenciesOfAStage() {
        Dockerfile f = parse(MULTI);
        assertThat(names(f.dependenciesOf(f.stages().get(2), Map.of()))).containsExactly("deps", "tools");
    }

    @Test
    void aNameThatIsNotAnEarlierStageIsAnImage() {
        Dockerfile f = parse("FROM busybox AS a\nCOPY --from=b /x /x\nFROM busybox AS b\n");
        assertThat(names(f.stagesNeededFor("a"))).containsExactly("a");
    }

    @Test
    void stageReferencesAreCaseInsensitive() {
        Dockerfile f = parse("FROM busybox AS Base\nFROM BASE\nCOPY --from=bAsE /a /a\n");
        assertThat(names(f.dependenciesOf(f.stages().get(1), Map.of()))).containsExactly("base");
    }

    @Test
    void variablesInFromAreExpandedWithGlobalArgsAndBuildArgs() {
        String text = """
                ARG VARIANT=one
                FROM busybox AS one
                FROM busybox AS two
                FROM ${VARIANT} AS chosen
                """;
        assertThat(names(parse(text).stagesNeededFor(null))).containsExactly("one", "chosen");
        assertThat(names(parse(text).stagesNeededFor(null, Map.of("VARIANT", "two")))).containsExactly("two",
                "chosen");
    }

    @Test
    void aBuildArgThatNoArgDeclaresDoesNotReachFrom() {
        String text = "FROM busybox AS one\nFROM ${X:-busybox}\n";
        assertThat(names(parse(text).stagesNeededFor(null, Map.of("X", "one")))).containsExactly("1");
    }

    @Test
    void platformArgsReachFromWithoutDeclaration() {
        String text = "FROM busybox AS build-amd64\nFROM build-${TARGETARCH}\n";
        assertThat(names(parse(text).stagesNeededFor(null, Map.of("TARGETARCH", "amd64"))))
                .containsExactly("build-amd64", "1");
    }

    @Test
    void aStageIndexIsReadAsDockerReadsNumbers() {
        Dockerfile f = parse("FROM busybox\nFROM busybox\nCOPY --from=00 /a /a\nFROM busybox\nCOPY --from=+1 /b /b\n");
        assertThat(names(f.dependenciesOf(f.stages().get(1), Map.of()))).containsExactly("0");
        assertThat(names(f.dependenciesOf(f.stages().get(2), Map.of()))).containsExactly("1");
    }

    @Test
    void aStageCannotReadItselfOrALaterStageByIndex() {
        Dockerfile f = parse("FROM busybox\nCOPY --from=0 /a /a\nCOPY --from=1 /a /a\nFROM busybox\n");
        assertThat(f.dependenciesOf(f.stages().getFirst(), Map.of())).isEmpty();
    }

    @Test
    void runMountsFromAStageAreDependencies() {
        Dockerfile f = parse("FROM busybox AS src\nFROM busybox\nRUN --mount=type=cache,from=src,target=/c true\n");
        assertThat(names(f.stagesNeededFor(null))).containsExactly("src", "1");
    }
}
