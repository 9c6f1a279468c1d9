package berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What berth-exec is told of a process, and the processes it leaves to runc. */
class ExecHelperTest {
    private static Map<String, Object> process() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("terminal", false);
        p.put("user", Map.of("uid", 1000, "gid", 100, "additionalGids", List.of(10, 20)));
        p.put("args", List.of("sh", "-c", "id"));
        p.put("env", List.of("PATH=/bin", "A=1"));
        p.put("cwd", "/tmp");
        p.put("capabilities", Map.of("bounding", List.of("CAP_CHOWN", "CAP_KILL", "CAP_AUDIT_WRITE"),
                "effective", List.of("CAP_KILL"), "permitted", List.of("CAP_KILL")));
        p.put("noNewPrivileges", true);
        p.put("oomScoreAdj", 0);
        p.put("rlimits", List.of(Map.of("type", "RLIMIT_NOFILE", "soft", 512, "hard", 1024)));
        return p;
    }

    @Test
    void everySettingOfTheProcessBecomesAnOptionAndTheCommandFollowsTheSeparator() {
        assertThat(ExecHelper.processArguments(process())).containsExactly("--uid", "1000", "--gid", "100",
                "--groups", "10,20", "--cap-bnd", "0x20000021", "--cap-eff", "0x20", "--cap-prm", "0x20",
                "--cap-inh", "0x0", "--cap-amb", "0x0", "--no-new-privs", "--oom-score-adj", "0",
                "--rlimit", "7,512,1024", "--cwd", "/tmp", "--env", "PATH=/bin", "--env", "A=1",
                "--", "sh", "-c", "id");
    }

    @Test
    void anUnlimitedRlimitIsPassedAsTheUnsigned64BitValueRuncReads() {
        Map<String, Object> p = process();
        p.put("rlimits", List.of(Map.of("type", "RLIMIT_CORE", "soft", -1L, "hard", -1L)));
        assertThat(ExecHelper.processArguments(p)).containsSequence("--rlimit",
                "4,18446744073709551615,18446744073709551615");
    }

    @Test
    void aTerminalAnAppArmorProfileOrAnUnknownCapabilityIsLeftToRunc() {
        Map<String, Object> tty = process();
        tty.put("terminal", true);
        Map<String, Object> apparmor = process();
        apparmor.put("apparmorProfile", "docker-default");
        Map<String, Object> unknown = process();
        unknown.put("capabilities", Map.of("bounding", List.of("CAP_FUTURE")));
        Map<String, Object> umask = process();
        umask.put("user", Map.of("uid", 0, "gid", 0, "umask", 18));
        assertThat(ExecHelper.processArguments(tty)).isNull();
        assertThat(ExecHelper.processArguments(apparmor)).isNull();
        assertThat(ExecHelper.processArguments(unknown)).isNull();
        assertThat(ExecHelper.processArguments(umask)).isNull();
    }
}
