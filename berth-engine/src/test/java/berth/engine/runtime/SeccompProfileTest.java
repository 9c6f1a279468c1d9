package berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeccompProfileTest {
    private static final SeccompProfile.Host AMD64 = new SeccompProfile.Host("amd64", 6, 1);
    private static final List<String> DEFAULT_CAPS = OciSpecBuilder.DEFAULT_CAPABILITIES;

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules(Map<String, Object> oci) {
        return (List<Map<String, Object>>) oci.getOrDefault("syscalls", List.of());
    }

    /** Names allowed without any argument condition. */
    @SuppressWarnings("unchecked")
    private static List<String> allowed(Map<String, Object> oci) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> r : rules(oci)) {
            if (r.get("action").equals("SCMP_ACT_ALLOW") && !r.containsKey("args")) out.addAll((List<String>) r.get("names"));
        }
        return out;
    }

    private static List<Map<String, Object>> rulesFor(Map<String, Object> oci, String name) {
        return rules(oci).stream().filter(r -> ((List<?>) r.get("names")).contains(name)).toList();
    }

    @Test
    void theBuiltinProfileDeniesWithEpermByDefaultOnTheNativeArchitectures() {
        Map<String, Object> oci = SeccompProfile.builtin().toOci(DEFAULT_CAPS, AMD64);
        assertThat(oci).containsEntry("defaultAction", "SCMP_ACT_ERRNO").containsEntry("defaultErrnoRet", 1L)
                .containsEntry("architectures", List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"));
    }

    @Test
    void theBuiltinProfileKeepsDangerousCallsOutOfADefaultContainer() {
        List<String> allowed = allowed(SeccompProfile.builtin().toOci(DEFAULT_CAPS, AMD64));
        assertThat(allowed).contains("read", "openat", "execve", "chroot", "arch_prctl", "ptrace")
                .doesNotContain("mount", "umount2", "unshare", "setns", "keyctl", "add_key", "bpf", "kexec_load",
                        "init_module", "finit_module", "reboot", "swapon", "io_uring_setup", "io_uring_enter",
                        "io_uring_register", "userfaultfd", "clone", "clone3", "personality", "socket", "acct",
                        "s390_runtime_instr");
    }

    @Test
    void cloneIsAllowedOnlyWithoutNamespaceFlagsAndClone3AnswersEnosys() {
        Map<String, Object> oci = SeccompProfile.builtin().toOci(DEFAULT_CAPS, AMD64);
        assertThat(rulesFor(oci, "clone")).singleElement().satisfies(r -> assertThat(r.get("args")).isEqualTo(
                List.of(Map.of("index", 0, "value", 2114060288L, "valueTwo", 0L, "op", "SCMP_CMP_MASKED_EQ"))));
        assertThat(rulesFor(oci, "clone3")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("action", "SCMP_ACT_ERRNO").containsEntry("errnoRet", 38L));
    }

    @Test
    void personalityIsAllowedOnlyForTheHarmlessValues() {
        Map<String, Object> oci = SeccompProfile.builtin().toOci(DEFAULT_CAPS, AMD64);
        assertThat(rulesFor(oci, "personality")).extracting(r -> ((List<Map<String, Object>>) r.get("args")).getFirst().get("value"))
                .containsExactly(0L, 8L, 131072L, 131080L, 4294967295L);
    }

    @Test
    void capSysAdminBringsMountUnshareAndAnyClone() {
        List<String> caps = new ArrayList<>(DEFAULT_CAPS);
        caps.add("CAP_SYS_ADMIN");
        Map<String, Object> oci = SeccompProfile.builtin().toOci(caps, AMD64);
        assertThat(allowed(oci)).contains("mount", "umount2", "unshare", "setns", "clone", "clone3");
        assertThat(rulesFor(oci, "clone3")).allSatisfy(r -> assertThat(r).containsEntry("action", "SCMP_ACT_ALLOW"));
    }

    @Test
    void ptraceNeedsKernel48() {
        assertThat(allowed(SeccompProfile.builtin().toOci(DEFAULT_CAPS, new SeccompProfile.Host("amd64", 4, 4))))
                .doesNotContain("ptrace");
    }

    @Test
    void aDockerProfileIsConvertedByArchitectureCapabilityAndKernel() {
        String json = """
                {"defaultAction":"SCMP_ACT_ALLOW",
                 "archMap":[{"architecture":"SCMP_ARCH_AARCH64","subArchitectures":["SCMP_ARCH_ARM"]},
                            {"architecture":"SCMP_ARCH_X86_64","subArchitectures":["SCMP_ARCH_X86"]}],
                 "syscalls":[
                  {"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO","errnoRet":13},
                  {"name":"chmod","action":"SCMP_ACT_ERRNO","includes":{"caps":["CAP_SYS_ADMIN"]}},
                  {"names":["chown"],"action":"SCMP_ACT_ERRNO","excludes":{"arches":["amd64"]}},
                  {"names":["rmdir"],"action":"SCMP_ACT_ERRNO","includes":{"minKernel":"7.0"}},
                  {"names":["kill"],"action":"SCMP_ACT_ERRNO","args":[{"index":1,"value":9,"op":"SCMP_CMP_EQ"}]}]}
                """;
        Map<String, Object> oci = SeccompProfile.parse(json).toOci(DEFAULT_CAPS, AMD64);
        assertThat(oci).containsEntry("defaultAction", "SCMP_ACT_ALLOW")
                .containsEntry("architectures", List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86")).doesNotContainKey("defaultErrnoRet");
        assertThat(rules(oci)).containsExactly(
                Map.of("names", List.of("mkdir", "mkdirat"), "action", "SCMP_ACT_ERRNO", "errnoRet", 13L),
                Map.of("names", List.of("kill"), "action", "SCMP_ACT_ERRNO",
                        "args", List.of(Map.of("index", 1, "value", 9L, "valueTwo", 0, "op", "SCMP_CMP_EQ"))));
    }

    @Test
    void keysMatchCaseInsensitivelyAsInGo() {
        Map<String, Object> oci = SeccompProfile.parse("{\"DefaultAction\":\"SCMP_ACT_LOG\",\"Syscalls\":[]}")
                .toOci(DEFAULT_CAPS, AMD64);
        assertThat(oci).containsEntry("defaultAction", "SCMP_ACT_LOG");
    }

    @Test
    void aFileThatIsNotJsonIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> SeccompProfile.parse("root:x:0:0:root:/root:/bin/sh"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("invalid seccomp profile (--security-opt seccomp=...): it is not JSON");
    }

    @Test
    void whatRuncWouldRefuseIsRefusedAtParse() {
        assertThatThrownBy(() -> SeccompProfile.parse("{\"defaultAction\":\"SCMP_ACT_MAYBE\"}"))
                .hasMessageContaining("unknown action SCMP_ACT_MAYBE");
        assertThatThrownBy(() -> SeccompProfile.parse("{\"syscalls\":[]}")).hasMessageContaining("defaultAction is missing");
        assertThatThrownBy(() -> SeccompProfile.parse("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_Z80\"]}"))
                .hasMessageContaining("unknown architecture");
        assertThatThrownBy(() -> SeccompProfile.parse("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":"
                + "[{\"names\":[\"kill\"],\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_SOMETIMES\"}]}]}"))
                .hasMessageContaining("unknown operator");
        assertThatThrownBy(() -> SeccompProfile.parse("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":"
                + "[{\"name\":\"kill\",\"names\":[\"tkill\"],\"action\":\"SCMP_ACT_ERRNO\"}]}"))
                .hasMessageContaining("use either 'name' or 'names'");
        assertThatThrownBy(() -> SeccompProfile.parse("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_X86\"],"
                + "\"archMap\":[{\"architecture\":\"SCMP_ARCH_X86_64\"}]}"))
                .hasMessageContaining("both 'architectures' and 'archMap'");
    }
}
