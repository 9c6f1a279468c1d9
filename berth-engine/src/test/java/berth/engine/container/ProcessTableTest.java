package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import berth.api.model.ContainerTop;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcessTableTest {
    private static final String PS = """
            UID          PID    PPID  C STIME TTY          TIME CMD
            root           1       0  0 10:00 ?        00:00:01 /sbin/init
            root         200       1  0 10:01 ?        00:00:00 sh -c sleep 300
            root         201     200  0 10:01 ?        00:00:00 sleep 300
            """;

    @Test
    void onlyTheCgroupsPidsAreKeptWithTheCommandWhole() {
        ContainerTop top = ProcessTable.parse(PS, Set.of(200, 201));
        assertThat(top.titles()).containsExactly("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD");
        assertThat(top.processes()).containsExactly(
                List.of("root", "200", "1", "0", "10:01", "?", "00:00:00", "sh -c sleep 300"),
                List.of("root", "201", "200", "0", "10:01", "?", "00:00:00", "sleep 300"));
    }

    @Test
    void threadLinesFollowTheirProcess() {
        String ps = "PID TID CMD\n200 - sh\n- 200 -\n300 - other\n- 300 -\n";
        assertThat(ProcessTable.parse(ps, Set.of(200)).processes()).containsExactly(List.of("200", "-", "sh"),
                List.of("-", "200", "-"));
    }

    @Test
    void outputWithoutAPidColumnIsAnError() {
        assertThatThrownBy(() -> ProcessTable.parse("USER COMMAND\nroot sh\n", Set.of(1)))
                .hasMessage("Couldn't find PID field in ps output");
    }

    @Test
    void renamingThePidColumnIsRefused() {
        assertThatThrownBy(() -> ProcessTable.validate("-o pid,ppid -o user=PID")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("specifying \"user=PID\" is not allowed");
    }
}
