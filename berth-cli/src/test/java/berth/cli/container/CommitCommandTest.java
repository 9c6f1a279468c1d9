package berth.cli.container;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommitCommandTest {
    private static String query(String... args) {
        CommitCommand commit = new CommitCommand();
        new CommandLine(commit).parseArgs(args);
        return commit.query();
    }

    @Test
    void referenceSplitsIntoRepoAndTag() {
        assertThat(query("web", "localhost:5000/app:v2")).isEqualTo("?container=web&repo=localhost%3A5000%2Fapp&tag=v2");
    }

    @Test
    void referenceWithoutTagSendsNoTag() {
        assertThat(query("web", "localhost:5000/app")).isEqualTo("?container=web&repo=localhost%3A5000%2Fapp");
    }

    @Test
    void authorMessageAndChangesGoToTheQuery() {
        assertThat(query("-a", "me", "-m", "why", "-c", "ENV A=1", "-c", "CMD [\"sh\"]", "web"))
                .isEqualTo("?author=me&changes=ENV+A%3D1&changes=CMD+%5B%22sh%22%5D&comment=why&container=web");
    }

    @Test
    void pauseIsTheDefaultAndPFalseTurnsItOff() {
        assertThat(query("web")).doesNotContain("pause");
        assertThat(query("-p=false", "web")).contains("pause=0");
        assertThat(query("--pause=false", "web")).contains("pause=0");
    }
}
