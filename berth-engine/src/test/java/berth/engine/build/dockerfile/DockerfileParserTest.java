package berth.engine.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The file level: directives, comments, continuations, stages, global ARGs, line numbers. */
class DockerfileParserTest {

    static Dockerfile parse(String text) {
        return DockerfileParser.parse(text, "Dockerfile");
    }

    static Instruction only(String text) {
        Dockerfile f = parse("FROM scratch\n" + text);
        assertThat(f.stages().getFirst().instructions()).hasSize(1);
        return f.stages().getFirst().instructions().getFirst();
    }

    @Test
    void aSingleStageHasItsBaseAndInstructionsInOrder() {
        Dockerfile f = parse("FROM busybox\nRUN echo hi\nCMD [\"sh\"]\n");
        assertThat(f.stages()).hasSize(1);
        Stage s = f.stages().getFirst();
        assertThat(s.baseImage()).isEqualTo("busybox");
        assertThat(s.index()).isZero();
        assertThat(s.name()).isNull();
        assertThat(s.instructions()).extracting(Instruction::keyword).containsExactly("RUN", "CMD");
    }

    @Test
    void instructionKeywordsAreCaseInsensitive() {
        Dockerfile f = parse("from busybox\nrUn echo hi\nWorkDir /x\n");
        assertThat(f.stages().getFirst().instructions()).extracting(Instruction::keyword).containsExactly("RUN",
                "WORKDIR");
    }

    @Test
    void eachInstructionKnowsItsLineAndOriginalText() {
        Dockerfile f = parse("# comment\n\nFROM busybox\n\n  RUN   echo hi  \n");
        Instruction run = f.stages().getFirst().instructions().getFirst();
        assertThat(run.line()).isEqualTo(5);
        assertThat(run.original()).isEqualTo("RUN   echo hi");
        assertThat(f.stages().getFirst().from().line()).isEqualTo(3);
    }

    @Test
    void commentsAreIgnoredAnywhereAtTheStartOfALine() {
        Dockerfile f = parse("FROM busybox\n   # indented comment\nRUN echo a # not a comment\n");
        Instruction.Run run = (Instruction.Run) f.stages().getFirst().instructions().getFirst();
        assertThat(run.command()).isEqualTo(new CommandLine.ShellForm("echo a # not a comment"));
    }

    @Test
    void continuationLinesAreJoinedWithoutTheEscape() {
        Instruction.Run run = (Instruction.Run) only("RUN echo a \\\n    b \\\n c\n");
        assertThat(run.command()).isEqualTo(new CommandLine.ShellForm("echo a     b  c"));
        assertThat(run.line()).isEqualTo(2);
    }

    @Test
    void commentLinesInsideAContinuationAreSkipped() {
        Instruction.Run run = (Instruction.Run) only("RUN apt-get install \\\n# first\n  curl \\\n  # second\n  git\n");
        assertThat(run.command()).isEqualTo(new CommandLine.ShellForm("apt-get install   curl   git"));
    }

    @Test
    void emptyLinesInsideAContinuationAreSkippedWithANote() {
        Dockerfile f = parse("FROM scratch\nRUN echo a \\\n\n   \n  b\n");
        Instruction.Run run = (Instruction.Run) f.stages().getFirst().instructions().getFirst();
        assertThat(run.command()).isEqualTo(new CommandLine.ShellForm("echo a   b"));
        assertThat(f.notes()).singleElement().asString().startsWith("Dockerfile:2: empty continuation line");
    }

    @Test
    void linesAfterAContinuationContinueCountingCorrectly() {
        Dockerfile f = parse("FROM scratch\nRUN a \\\n b\nRUN c\n");
        assertThat(f.stages().getFirst().instructions()).extracting(Instruction::line).containsExactly(2, 4);
    }

    @Test
    void anEscapedEscapeAtTheEndDoesNotContinue() {
        Dockerfile f = parse("FROM scratch\nRUN echo a\\\\\nRUN b\n");
        assertThat(f.stages().getFirst().instructions()).hasSize(2);
    }

    @Test
    void trailingBlanksAfterTheContinuationEscapeAreAllowed() {
        Instruction.Run run = (Instruction.Run) only("RUN a \\  \t\nb\n");
        assertThat(run.command()).isEqualTo(new CommandLine.ShellForm("a b"));
    }

    @Test
    void aContinuationAtTheEndOfTheFileEndsTheInstruction() {
        Instruction.Run run = (Instruction.Run) only("RUN echo a \\");
        assertThat(run.command()).isEqualTo(new CommandLine.ShellForm("echo a"));
    }

    @Test
    void windowsLineEndingsAreAccepted() {
        Dockerfile f = parse("FROM busybox\r\nRUN a \\\r\n  b\r\nUSER x\r\n");
        assertThat(f.stages().getFirst().instructions()).hasSize(2);
        assertThat(((Instruction.User) f.stages().getFirst().instructions().get(1)).user()).isEqualTo("x");
    }

    @Test
    void aByteOrderMarkIsIgnored() {
        assertThat(parse("\uFEFFFROM busybox\n").stages().getFirst().baseImage()).isEqualTo("busybox");
    }

    @Test
    void theEscapeDirectiveChangesContinuationAndEscapes() {
        Dockerfile f = parse("# escape=`\nFROM scratch\nRUN dir c:\\ `\n  /s\nCOPY . c:\\app\\\n");
        assertThat(f.escape()).isEqualTo('`');
        List<Instruction> ins = f.stages().getFirst().instructions();
        assertThat(((Instruction.Run) ins.get(0)).command()).isEqualTo(new CommandLine.ShellForm("dir c:\\   /s"));
        assertThat(((Instruction.Copy) ins.get(1)).destination()).isEqualTo("c:\\app\\");
    }

    @Test
    void directivesAreCaseInsensitiveAndMayHaveBlanks() {
        assertThat(parse("#  ESCAPE = `\nFROM scratch\n").escape()).isEqualTo('`');
    }

    @Test
    void syntaxAndCheckDirectivesAreAcceptedAndReportedAsIgnored() {
        Dockerfile f = parse("# syntax=docker/dockerfile:1\n# check=skip=all\nFROM scratch\n");
        assertThat(f.directives().syntax()).isEqualTo("docker/dockerfile:1");
        assertThat(f.directives().check()).isEqualTo("skip=all");
        assertThat(f.notes()).hasSize(2);
        assertThat(f.notes().getFirst()).startsWith("Dockerfile:1: the syntax directive (docker/dockerfile:1) is ignored");
    }

    @Test
    void aDirectiveAfterAnInstructionIsAComment() {
        assertThat(parse("FROM scratch\n# escape=`\n").escape()).isEqualTo('\\');
    }

    @Test
    void aDirectiveAfterACommentIsAComment() {
        assertThat(parse("# hello\n# escape=`\nFROM scratch\n").escape()).isEqualTo('\\');
    }

    @Test
    void aDirectiveAfterAnEmptyLineIsAComment() {
        assertThat(parse("\n# escape=`\nFROM scratch\n").escape()).isEqualTo('\\');
    }

    @Test
    void anUnknownDirectiveEndsTheDirectives() {
        Dockerfile f = parse("# foo=bar\n# escape=`\nFROM scratch\n");
        assertThat(f.escape()).isEqualTo('\\');
    }

    @Test
    void aRepeatedDirectiveIsRefused() {
        assertThatThrownBy(() -> parse("# escape=`\n# escape=\\\nFROM scratch\n"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Dockerfile:2: only one escape parser directive can be used");
    }

    @Test
    void anEscapeOtherThanBackslashOrBacktickIsRefused() {
        assertThatThrownBy(() -> parse("# escape=x\nFROM scratch\n"))
                .hasMessage("Dockerfile:1: invalid escape token 'x' does not match ` or \\");
    }

    @Test
    void stagesAreNamedWithAsCaseInsensitivelyAndLowerCased() {
        Dockerfile f = parse("FROM busybox As Builder\nFROM scratch AS final\n");
        assertThat(f.stages()).extracting(Stage::name).containsExactly("builder", "final");
        assertThat(f.stages()).extracting(Stage::index).containsExactly(0, 1);
        assertThat(f.stage("BUILDER")).contains(f.stages().getFirst());
        assertThat(f.stage("1")).contains(f.stages().get(1));
    }

    @Test
    void fromTakesAPlatform() {
        Stage s = parse("FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n").stages().getFirst();
        assertThat(s.platform()).isEqualTo("$BUILDPLATFORM");
        assertThat(s.baseImage()).isEqualTo("golang:1.22");
    }

    @Test
    void argsBeforeTheFirstFromAreGlobal() {
        Dockerfile f = parse("ARG BASE=busybox\nARG TAG\nFROM ${BASE}:${TAG:-latest}\nARG TAG\n");
        assertThat(f.globalArgs()).hasSize(2);
        assertThat(f.globalArgs().getFirst().args()).containsExactly(new ArgDefinition("BASE", "busybox"));
        assertThat(f.stages().getFirst().baseImage()).isEqualTo("${BASE}:${TAG:-latest}");
        assertThat(f.stages().getFirst().instructions()).hasSize(1);
    }

    @Test
    void scratchIsRecognisedAfterSubstitution() {
        assertThat(Stage.isScratch("scratch")).isTrue();
        assertThat(Stage.isScratch("busybox")).isFalse();
    }

    @Test
    void targetStageIsTheNamedOneOrTheLast() {
        Dockerfile f = parse("FROM busybox AS a\nFROM busybox AS b\nFROM busybox\n");
        assertThat(f.targetStage(null).index()).isEqualTo(2);
        assertThat(f.targetStage("A").index()).isZero();
        assertThatThrownBy(() -> f.targetStage("zzz")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("target stage \"zzz\" could not be found");
    }

    @Test
    void theSubstitutionOfAFileUsesItsEscape() {
        assertThat(parse("# escape=`\nFROM scratch\n").substitution().escape()).isEqualTo('`');
    }
}
