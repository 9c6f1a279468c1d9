package berth.engine.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker's ENTRYPOINT and CMD interaction, the table of its documentation and the quirks around it. */
class CommandRulesTest {
    private static final List<String> SH = List.of("/bin/sh", "-c");

    private static Instruction.Cmd cmd(String args) {
        return (Instruction.Cmd) DockerfileParserTest.only("CMD " + args);
    }

    private static Instruction.Entrypoint entrypoint(String args) {
        return (Instruction.Entrypoint) DockerfileParserTest.only("ENTRYPOINT " + args);
    }

    private static final CommandRules BASE = CommandRules.inherited(null, List.of("sh"));

    @Test
    void shellFormCmdRunsThroughTheShell() {
        assertThat(BASE.apply(cmd("echo $HOME"), SH).cmd()).containsExactly("/bin/sh", "-c", "echo $HOME");
    }

    @Test
    void execFormCmdIsTakenAsWritten() {
        assertThat(BASE.apply(cmd("[\"echo\", \"hi\"]"), SH).process()).containsExactly("echo", "hi");
    }

    @Test
    void theCurrentShellIsUsed() {
        assertThat(BASE.apply(cmd("Get-Date"), List.of("pwsh", "-Command")).cmd())
                .containsExactly("pwsh", "-Command", "Get-Date");
    }

    @Test
    void entrypointClearsAnInheritedCmd() {
        CommandRules r = BASE.apply(entrypoint("[\"/app\"]"), SH);
        assertThat(r.entrypoint()).containsExactly("/app");
        assertThat(r.cmd()).isNull();
        assertThat(r.process()).containsExactly("/app");
    }

    @Test
    void entrypointKeepsACmdSetEarlierInTheSameStage() {
        CommandRules r = BASE.apply(cmd("[\"--help\"]"), SH).apply(entrypoint("[\"/app\"]"), SH);
        assertThat(r.process()).containsExactly("/app", "--help");
    }

    @Test
    void aCmdAfterTheEntrypointBecomesItsArguments() {
        CommandRules r = BASE.apply(entrypoint("[\"/app\"]"), SH).apply(cmd("[\"serve\"]"), SH);
        assertThat(r.process()).containsExactly("/app", "serve");
    }

    @Test
    void shellFormEntrypointIgnoresCmdInPractice() {
        CommandRules r = BASE.apply(cmd("[\"x\"]"), SH).apply(entrypoint("exec top -b"), SH);
        assertThat(r.process()).containsExactly("/bin/sh", "-c", "exec top -b", "x");
    }

    @Test
    void anEmptyEntrypointClearsIt() {
        CommandRules r = CommandRules.inherited(List.of("/docker-entrypoint.sh"), List.of("nginx"))
                .apply(entrypoint("[]"), SH);
        assertThat(r.entrypoint()).isNull();
        assertThat(r.cmd()).isNull();
    }

    @Test
    void aBareEntrypointClearsItToo() {
        assertThat(CommandRules.inherited(List.of("/e"), null).apply(entrypoint(""), SH).entrypoint()).isNull();
    }

    @Test
    void anEmptyCmdIsAnEmptyListAndDoesNotCountAsSet() {
        CommandRules r = BASE.apply(cmd("[]"), SH);
        assertThat(r.cmd()).isEmpty();
        assertThat(r.cmdSet()).isFalse();
        assertThat(r.apply(entrypoint("[\"/e\"]"), SH).cmd()).isNull();
    }

    @Test
    void aBareCmdIsTheShellAloneAsInDocker() {
        assertThat(BASE.apply(cmd(""), SH).cmd()).containsExactly("/bin/sh", "-c");
    }

    @Test
    void aNewStageStartsWithCmdNotSet() {
        assertThat(CommandRules.inherited(List.of("/e"), List.of("a")).cmdSet()).isFalse();
    }
}
