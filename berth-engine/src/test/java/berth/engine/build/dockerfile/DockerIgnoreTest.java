package berth.engine.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DockerIgnoreTest {

    private static DockerIgnore of(String patterns) {
        return DockerIgnore.of(Arrays.asList(patterns.split(" ")));
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            *                              | fileutils.go             | true
            *.go                           | fileutils.go             | true
            *.go                           | dir/fileutils.go         | false
            !fileutils.go *.go             | fileutils.go             | true
            *.go !fileutils.go             | fileutils.go             | false
            docs !docs/README.md           | docs/README.md           | false
            docs/ !docs/README.md          | docs/README.md           | false
            docs/* !docs/README.md         | docs/README.md           | false
            docs                           | docs/sub/deep/file       | true
            **                             | file                     | true
            **                             | dir/file                 | true
            dir/**                         | dir/file                 | true
            dir/**                         | dir/dir2/file            | true
            abc/**                         | abc                      | false
            **/dir                         | dir                      | true
            **/dir                         | dir/file                 | true
            **/dir2/*                      | dir/dir2/file            | true
            **file                         | dir/dir/file             | true
            **/file*.txt                   | dir/dir/file.txt         | true
            **/**/*.txt2                   | dir/dir/file.txt         | false
            **/*.txt                       | file.txt                 | true
            a**/*.txt                      | a/dir/dir/file.txt       | true
            a/*.txt                        | a/dir/file.txt           | false
            a/*.txt                        | a/file.txt               | true
            a[b-d]e                        | ace                      | true
            a[b-d]e                        | aae                      | false
            a[^b-d]e                       | aze                      | true
            .*                             | .foo                     | true
            .*                             | foo                      | false
            abc.def                        | abcZdef                  | false
            abc?def                        | abcZdef                  | true
            a?b                            | a/b                      | false
            a*                             | ab/c                     | true
            a*/b                           | a/c/b                    | false
            a(b)c/def                      | a(b)c/def                | true
            a.)$(}+{bc                     | a.)$(}+{bc               | true
            **/.foo                        | bar.foo                  | false
            **/foo/bar                     | foo/bar                  | true
            a\\*b                          | a*b                      | true
            a\\*b                          | ab                       | false
            **/node_modules                | web/node_modules/x/y.js  | true
            ** !util/docker/web            | util/docker/web/foo      | false
            ** !dist/*.whl                 | dist/app-1.0+g1-any.whl  | false
            *.md !README.md                | README.md                | false
            *.md !README.md                | docs/guide.md            | false
            """)
    void matchesLikeMobysPatternMatcher(String patterns, String path, boolean excluded) {
        assertThat(of(patterns).excluded(path)).isEqualTo(excluded);
    }

    @Test
    void regexCharactersInPatternsAreLiteral() {
        assertThat(of("a.|)$(}+{bc").excluded("a.|)$(}+{bc")).isTrue();
        assertThat(of("a.|)$(}+{bc").excluded("aX|)$(}+{bc")).isFalse();
    }

    @Test
    void theContextRootIsNeverExcluded() {
        assertThat(of("*").excluded(".")).isFalse();
        assertThat(of("*").excluded("")).isFalse();
    }

    @Test
    void pathsAreCleanedBeforeMatching() {
        DockerIgnore ignore = of("build");
        assertThat(ignore.excluded("./build//out.o")).isTrue();
        assertThat(ignore.excluded("src/../build/x")).isTrue();
        assertThat(ignore.excluded("/build")).isTrue();
    }

    @Test
    void fileTextHasCommentsBlankLinesLeadingSlashesAndSpacedExceptions() {
        DockerIgnore ignore = DockerIgnore.parse("\uFEFF# comment\n\n  /target/  \nlogs/**\n  !  logs/keep.log\r\n"
                + "./tmp/../cache\n #not a comment\n");
        assertThat(ignore.patterns()).containsExactly("target", "logs/**", "!logs/keep.log", "cache",
                "#not a comment");
        assertThat(ignore.excluded("target/classes/A.class")).isTrue();
        assertThat(ignore.excluded("logs/a.log")).isTrue();
        assertThat(ignore.excluded("logs/keep.log")).isFalse();
        assertThat(ignore.excluded("cache")).isTrue();
    }

    @Test
    void anExcludedDirectoryWithoutExceptionsCanBeSkipped() {
        DockerIgnore ignore = of("node_modules .git");
        assertThat(ignore.canSkipDirectory("node_modules")).isTrue();
        assertThat(ignore.canSkipDirectory("src")).isFalse();
    }

    @Test
    void aDirectoryHoldingAnExceptionCannotBeSkipped() {
        DockerIgnore ignore = of("docs !docs/README.md");
        assertThat(ignore.canSkipDirectory("docs")).isFalse();
        assertThat(ignore.excluded("docs")).isTrue();
        assertThat(ignore.excluded("docs/README.md")).isFalse();
        assertThat(ignore.excluded("docs/other.md")).isTrue();
    }

    @Test
    void aWildcardExceptionDoesNotKeepAnExcludedDirectoryAsInDocker() {
        DockerIgnore ignore = of("* !**/*.go");
        assertThat(ignore.canSkipDirectory("pkg")).isTrue();
        assertThat(ignore.excluded("main.go")).isFalse();
    }

    @Test
    void theDockerfileAndDockerignoreAreKeptForTheDaemonAsTheCliDoes() {
        DockerIgnore kept = of("* !src").keepingBuildFiles("build/Dockerfile.dev");
        assertThat(kept.excluded(".dockerignore")).isFalse();
        assertThat(kept.excluded("build/Dockerfile.dev")).isFalse();
        assertThat(kept.excluded("build/other")).isTrue();
        assertThat(kept.patterns()).endsWith("!.dockerignore", "!build/Dockerfile.dev");
    }

    @Test
    void buildFilesNotExcludedChangeNothing() {
        DockerIgnore ignore = of("*.log");
        assertThat(ignore.keepingBuildFiles("Dockerfile")).isSameAs(ignore);
        assertThat(ignore.keepingBuildFiles(null)).isSameAs(ignore);
    }

    @Test
    void aLoneBangIsRefused() {
        assertThatThrownBy(() -> DockerIgnore.parse("!\n")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("illegal exclusion pattern: \"!\"");
    }

    @Test
    void aMalformedPatternIsRefused() {
        assertThatThrownBy(() -> DockerIgnore.of(List.of("a[b"))).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("syntax error in pattern");
        assertThatThrownBy(() -> DockerIgnore.of(List.of("[]a]"))).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> DockerIgnore.of(List.of("x\\"))).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void noPatternsExcludeNothing() {
        assertThat(DockerIgnore.NONE.excluded("anything")).isFalse();
        assertThat(DockerIgnore.parse("# only a comment\n").isEmpty()).isTrue();
    }
}
