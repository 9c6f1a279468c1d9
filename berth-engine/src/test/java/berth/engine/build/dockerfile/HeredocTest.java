package berth.engine.build.dockerfile;

import static berth.engine.build.dockerfile.DockerfileParserTest.only;
import static berth.engine.build.dockerfile.DockerfileParserTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class HeredocTest {

    @Test
    void runWithAHeredocScript() {
        Instruction.Run run = (Instruction.Run) only("RUN <<EOF\napt-get update\napt-get install -y vim\nEOF\n");
        assertThat(run.command()).isEqualTo(new CommandLine.ShellForm("<<EOF"));
        assertThat(run.heredocs()).containsExactly(
                new Heredoc("EOF", "apt-get update\napt-get install -y vim\n", true, false, 0));
    }

    @Test
    void theLineAfterTheHeredocIsTheNextInstruction() {
        Dockerfile f = parse("FROM scratch\nRUN <<EOF\necho hi\nEOF\nUSER app\n");
        assertThat(f.stages().getFirst().instructions()).extracting(Instruction::keyword).containsExactly("RUN",
                "USER");
        assertThat(f.stages().getFirst().instructions().get(1).line()).isEqualTo(5);
    }

    @Test
    void heredocContentIsTakenLiterallyIncludingCommentsAndContinuations() {
        Instruction.Run run = (Instruction.Run) only("RUN <<EOF\n# not a comment\necho a \\\n  b\n\nEOF\n");
        assertThat(run.heredocs().getFirst().content()).isEqualTo("# not a comment\necho a \\\n  b\n\n");
    }

    @Test
    void dashStripsLeadingTabsFromContentAndDelimiter() {
        Instruction.Run run = (Instruction.Run) only("RUN <<-EOT\n\t\techo a\n\t  echo b\n\tEOT\n");
        Heredoc h = run.heredocs().getFirst();
        assertThat(h.chomp()).isTrue();
        assertThat(h.content()).isEqualTo("echo a\n  echo b\n");
    }

    @Test
    void withoutDashAnIndentedDelimiterDoesNotEndTheHeredoc() {
        assertThatThrownBy(() -> parse("FROM scratch\nRUN <<EOT\necho\n\tEOT\n"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Dockerfile:2: RUN: unterminated heredoc EOT");
    }

    @Test
    void quotedDelimitersTurnExpansionOff() {
        assertThat(((Instruction.Run) only("RUN <<'EOF'\n$X\nEOF\n")).heredocs().getFirst().expand()).isFalse();
        assertThat(((Instruction.Run) only("RUN <<\"EOF\"\n$X\nEOF\n")).heredocs().getFirst().expand()).isFalse();
        assertThat(((Instruction.Run) only("RUN <<E\"O\"F\n$X\nEOF\n")).heredocs().getFirst().name())
                .isEqualTo("EOF");
        assertThat(((Instruction.Run) only("RUN <<EOF\n$X\nEOF\n")).heredocs().getFirst().expand()).isTrue();
    }

    @Test
    void severalHeredocsInOneInstructionAreReadInOrder() {
        Instruction.Run run = (Instruction.Run) only(
                "RUN <<FILE1 cat > /file1 && <<FILE2 cat > /file2\nI am\nfirst\nFILE1\nI am\nsecond\nFILE2\n");
        assertThat(run.heredocs()).extracting(Heredoc::name).containsExactly("FILE1", "FILE2");
        assertThat(run.heredocs()).extracting(Heredoc::content).containsExactly("I am\nfirst\n", "I am\nsecond\n");
        assertThat(run.command()).isEqualTo(new CommandLine.ShellForm("<<FILE1 cat > /file1 && <<FILE2 cat > /file2"));
    }

    @Test
    void aHeredocAsAnArgumentOfACommand() {
        Instruction.Run run = (Instruction.Run) only("RUN python3 <<EOF\nprint('hi')\nEOF\n");
        assertThat(run.heredocs()).singleElement().extracting(Heredoc::content).isEqualTo("print('hi')\n");
    }

    @Test
    void aFileDescriptorMayPrecedeTheOpener() {
        Instruction.Run run = (Instruction.Run) only("RUN cat 3<<EOF\nx\nEOF\n");
        assertThat(run.heredocs().getFirst().fileDescriptor()).isEqualTo(3);
    }

    @Test
    void copyFromHeredocsCreatesFilesNamedAfterTheirDelimiters() {
        Instruction.Copy copy = (Instruction.Copy) only(
                "COPY --chmod=755 <<EOF1 <<-\"EOF2\" /app/\nhello\nEOF1\n\tworld $X\nEOF2\n");
        assertThat(copy.sources()).isEmpty();
        assertThat(copy.destination()).isEqualTo("/app/");
        assertThat(copy.heredocs()).containsExactly(new Heredoc("EOF1", "hello\n", true, false, 0),
                new Heredoc("EOF2", "world $X\n", false, true, 0));
    }

    @Test
    void copyMixesHeredocsAndPaths() {
        Instruction.Copy copy = (Instruction.Copy) only("COPY a.txt <<EOF /dest/\ninline\nEOF\n");
        assertThat(copy.sources()).containsExactly("a.txt");
        assertThat(copy.heredocs()).extracting(Heredoc::name).containsExactly("EOF");
    }

    @Test
    void addTakesHeredocsToo() {
        Instruction.Add add = (Instruction.Add) only("ADD <<EOF /etc/motd\nwelcome\nEOF\n");
        assertThat(add.heredocs()).containsExactly(new Heredoc("EOF", "welcome\n", true, false, 0));
    }

    @Test
    void aHeredocCannotBeTheDestination() {
        assertThatThrownBy(() -> parse("FROM scratch\nCOPY a <<EOF\nx\nEOF\n"))
                .hasMessage("Dockerfile:2: COPY cannot accept a heredoc as a destination");
    }

    @Test
    void otherInstructionsDoNotReadHeredocs() {
        Dockerfile f = parse("FROM scratch\nCMD cat <<EOF\nUSER x\n");
        assertThat(f.stages().getFirst().instructions()).extracting(Instruction::keyword).containsExactly("CMD",
                "USER");
    }

    @Test
    void execFormDoesNotReadHeredocs() {
        Dockerfile f = parse("FROM scratch\nRUN [\"cat\", \"<<EOF\"]\nUSER x\n");
        assertThat(f.stages().getFirst().instructions()).hasSize(2);
    }

    @Test
    void aQuotedOpenerIsNotAHeredoc() {
        Dockerfile f = parse("FROM scratch\nRUN echo \"<<EOF\" '<<X'\nUSER x\n");
        assertThat(((Instruction.Run) f.stages().getFirst().instructions().getFirst()).heredocs()).isEmpty();
    }

    @Test
    void anUnterminatedHeredocIsRefusedAtItsInstructionLine() {
        assertThatThrownBy(() -> parse("FROM scratch\nRUN <<EOF\necho hi\n"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Dockerfile:2: RUN: unterminated heredoc EOF");
    }

    @Test
    void onbuildCarriesTheHeredocsOfItsTrigger() {
        Instruction.Onbuild o = (Instruction.Onbuild) only("ONBUILD RUN <<EOF\necho child\nEOF\n");
        assertThat(o.expression()).isEqualTo("RUN <<EOF\necho child\nEOF");
        assertThat(((Instruction.Run) o.trigger()).heredocs()).extracting(Heredoc::content)
                .containsExactly("echo child\n");
    }

    @Test
    void aHeredocOnTheLastLineWithoutNewlineIsTerminated() {
        Instruction.Run run = (Instruction.Run) only("RUN <<EOF\nx\nEOF");
        assertThat(run.heredocs().getFirst().content()).isEqualTo("x\n");
    }
}
