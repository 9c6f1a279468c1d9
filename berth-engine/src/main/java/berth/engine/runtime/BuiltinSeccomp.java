package berth.engine.runtime;

import berth.api.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Berth's default seccomp profile, written in Docker's profile format so that one converter
 * ({@link SeccompProfile#toOci}) serves it and user profiles alike. It has the effect of Docker's default: an
 * allowlist, and every other system call fails with EPERM. What it keeps out of an unprivileged container:
 *
 * <ul>
 *   <li>mounting and namespaces: mount, umount2, the new mount API, unshare, setns, clone with any CLONE_NEW* flag,
 *       clone3 (answered with ENOSYS so that C libraries fall back to clone) — unless the container holds
 *       CAP_SYS_ADMIN;</li>
 *   <li>the kernel itself: kexec_load, init_module and friends, reboot, swapon/swapoff, acct, bpf, perf_event_open,
 *       keyctl/add_key/request_key (the kernel keyring is not namespaced), userfaultfd, io_uring_* (its operations
 *       bypass seccomp), clock setting — each unless the matching capability was added;</li>
 *   <li>personality() other than the harmless values, and sockets of the AF_VSOCK family (a path to the
 *       hypervisor).</li>
 * </ul>
 * ptrace and process_vm_* are allowed (kernels from 4.8 on no longer let ptrace escape a seccomp filter).
 */
final class BuiltinSeccomp {
    private BuiltinSeccomp() {}

    private static final int EPERM = 1;
    private static final int ENOSYS = 38;
    private static final long AF_VSOCK = 40;
    /** CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET. */
    private static final long CLONE_NEW_ANY = 0x00020000L | 0x02000000L | 0x04000000L | 0x08000000L | 0x10000000L
            | 0x20000000L | 0x40000000L;

    static final JsonNode PROFILE = build();

    private static JsonNode build() {
        ObjectNode p = Json.mapper().createObjectNode();
        p.put("defaultAction", "SCMP_ACT_ERRNO");
        p.put("defaultErrnoRet", EPERM);
        ArrayNode archMap = p.putArray("archMap");
        arch(archMap, "SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
        arch(archMap, "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
        arch(archMap, "SCMP_ARCH_PPC64LE");
        arch(archMap, "SCMP_ARCH_S390X", "SCMP_ARCH_S390");
        arch(archMap, "SCMP_ARCH_RISCV64");
        ArrayNode rules = p.putArray("syscalls");

        // files and directories
        allow(rules, "access", "faccessat", "faccessat2", "chdir", "fchdir", "getcwd", "chmod", "fchmod", "fchmodat",
                "fchmodat2", "chown", "chown32", "fchown", "fchown32", "fchownat", "lchown", "lchown32", "open",
                "openat", "openat2", "creat", "close", "close_range", "read", "readv", "pread64", "preadv", "preadv2",
                "write", "writev", "pwrite64", "pwritev", "pwritev2", "lseek", "_llseek", "dup", "dup2", "dup3",
                "fcntl", "fcntl64", "flock", "fsync", "fdatasync", "sync", "syncfs", "sync_file_range", "truncate",
                "truncate64", "ftruncate", "ftruncate64", "fallocate", "fadvise64", "fadvise64_64", "readahead",
                "copy_file_range", "sendfile", "sendfile64", "splice", "tee", "vmsplice", "stat", "stat64", "lstat",
                "lstat64", "fstat", "fstat64", "fstatat64", "newfstatat", "statx", "statfs", "statfs64", "fstatfs",
                "fstatfs64", "getdents", "getdents64", "mkdir", "mkdirat", "mknod", "mknodat", "rmdir", "rename",
                "renameat", "renameat2", "link", "linkat", "symlink", "symlinkat", "unlink", "unlinkat", "readlink",
                "readlinkat", "umask", "utime", "utimes", "utimensat", "utimensat_time64", "futimesat",
                "name_to_handle_at", "getxattr", "lgetxattr", "fgetxattr", "setxattr", "lsetxattr", "fsetxattr",
                "listxattr", "llistxattr", "flistxattr", "removexattr", "lremovexattr", "fremovexattr",
                "inotify_init", "inotify_init1", "inotify_add_watch", "inotify_rm_watch", "fanotify_mark", "ioctl",
                "cachestat", "statmount", "listmount");
        // waiting for I/O; asynchronous I/O (but not io_uring)
        allow(rules, "select", "_newselect", "pselect6", "pselect6_time64", "poll", "ppoll", "ppoll_time64",
                "epoll_create", "epoll_create1", "epoll_ctl", "epoll_ctl_old", "epoll_wait", "epoll_wait_old",
                "epoll_pwait", "epoll_pwait2", "eventfd", "eventfd2", "io_setup", "io_destroy", "io_submit",
                "io_cancel", "io_getevents", "io_pgetevents", "io_pgetevents_time64", "pipe", "pipe2");
        // memory
        allow(rules, "brk", "mmap", "mmap2", "munmap", "mremap", "mprotect", "madvise", "mincore", "msync", "mlock",
                "mlock2", "mlockall", "munlock", "munlockall", "remap_file_pages", "memfd_create", "memfd_secret",
                "membarrier", "pkey_alloc", "pkey_free", "pkey_mprotect", "map_shadow_stack", "mseal");
        // processes, threads, identity
        allow(rules, "execve", "execveat", "exit", "exit_group", "fork", "vfork", "wait4", "waitid", "waitpid",
                "getpid", "getppid", "gettid", "getpgid", "setpgid", "getpgrp", "getsid", "setsid", "getuid",
                "getuid32", "geteuid", "geteuid32", "getgid", "getgid32", "getegid", "getegid32", "getresuid",
                "getresuid32", "getresgid", "getresgid32", "getgroups", "getgroups32", "setuid", "setuid32", "setgid",
                "setgid32", "setreuid", "setreuid32", "setregid", "setregid32", "setresuid", "setresuid32",
                "setresgid", "setresgid32", "setfsuid", "setfsuid32", "setfsgid", "setfsgid32", "setgroups",
                "setgroups32", "capget", "capset", "prctl", "seccomp", "getrlimit", "ugetrlimit", "setrlimit",
                "prlimit64", "getrusage", "getpriority", "setpriority", "ioprio_get", "ioprio_set",
                "sched_yield", "sched_getaffinity", "sched_setaffinity", "sched_getattr", "sched_setattr",
                "sched_getparam", "sched_setparam", "sched_getscheduler", "sched_setscheduler",
                "sched_get_priority_max", "sched_get_priority_min", "sched_rr_get_interval",
                "sched_rr_get_interval_time64", "set_tid_address", "set_robust_list", "get_robust_list",
                "get_thread_area", "set_thread_area", "rseq", "futex", "futex_time64", "futex_waitv", "futex_wake",
                "futex_wait", "futex_requeue", "getcpu", "sysinfo", "uname", "times", "getrandom",
                "pidfd_open", "pidfd_send_signal", "process_mrelease", "landlock_create_ruleset",
                "landlock_add_rule", "landlock_restrict_self", "lsm_get_self_attr", "lsm_list_modules",
                "restart_syscall", "uretprobe");
        // signals and timers
        allow(rules, "kill", "tkill", "tgkill", "rt_sigaction", "rt_sigprocmask", "rt_sigpending", "rt_sigqueueinfo",
                "rt_tgsigqueueinfo", "rt_sigreturn", "rt_sigsuspend", "rt_sigtimedwait", "rt_sigtimedwait_time64",
                "sigaltstack", "sigprocmask", "sigreturn", "signalfd", "signalfd4", "pause", "alarm", "nanosleep",
                "clock_nanosleep", "clock_nanosleep_time64", "clock_gettime", "clock_gettime64", "clock_getres",
                "clock_getres_time64", "gettimeofday", "time", "adjtimex", "clock_adjtime", "clock_adjtime64",
                "getitimer", "setitimer", "timer_create", "timer_delete", "timer_getoverrun", "timer_gettime",
                "timer_gettime64", "timer_settime", "timer_settime64", "timerfd_create", "timerfd_gettime",
                "timerfd_gettime64", "timerfd_settime", "timerfd_settime64");
        // networking (socket() is below: every family but AF_VSOCK)
        allow(rules, "socketpair", "socketcall", "bind", "connect", "listen", "accept", "accept4", "getsockname",
                "getpeername", "getsockopt", "setsockopt", "send", "sendto", "sendmsg", "sendmmsg", "recv",
                "recvfrom", "recvmsg", "recvmmsg", "recvmmsg_time64", "shutdown");
        // System V and POSIX IPC (namespaced)
        allow(rules, "ipc", "msgget", "msgsnd", "msgrcv", "msgctl", "semget", "semop", "semtimedop",
                "semtimedop_time64", "semctl", "shmget", "shmat", "shmdt", "shmctl", "mq_open", "mq_unlink",
                "mq_timedsend", "mq_timedsend_time64", "mq_timedreceive", "mq_timedreceive_time64", "mq_notify",
                "mq_getsetattr");

        rule(rules, List.of("socket"), "SCMP_ACT_ALLOW").putArray("args").add(arg(0, AF_VSOCK, "SCMP_CMP_NE"));
        for (long persona : new long[] {0x0, 0x0008, 0x20000, 0x20008, 0xffffffffL}) {
            rule(rules, List.of("personality"), "SCMP_ACT_ALLOW").putArray("args").add(arg(0, persona, "SCMP_CMP_EQ"));
        }
        ObjectNode ptrace = rule(rules, List.of("ptrace", "process_vm_readv", "process_vm_writev"), "SCMP_ACT_ALLOW");
        ptrace.putObject("includes").put("minKernel", "4.8");

        // architecture specific
        onArches(rule(rules, List.of("arch_prctl"), "SCMP_ACT_ALLOW"), "amd64", "x32");
        onArches(rule(rules, List.of("modify_ldt"), "SCMP_ACT_ALLOW"), "amd64", "x32", "x86");
        onArches(rule(rules, List.of("arm_fadvise64_64", "arm_sync_file_range", "sync_file_range2", "breakpoint",
                "cacheflush", "set_tls"), "SCMP_ACT_ALLOW"), "arm", "arm64");
        onArches(rule(rules, List.of("sync_file_range2", "swapcontext"), "SCMP_ACT_ALLOW"), "ppc64le");
        onArches(rule(rules, List.of("s390_pci_mmio_read", "s390_pci_mmio_write", "s390_runtime_instr"),
                "SCMP_ACT_ALLOW"), "s390", "s390x");
        onArches(rule(rules, List.of("riscv_flush_icache"), "SCMP_ACT_ALLOW"), "riscv64");

        // a plain clone (threads, fork) is always allowed; new namespaces need CAP_SYS_ADMIN (s390 swaps the arguments)
        ObjectNode clone = rule(rules, List.of("clone"), "SCMP_ACT_ALLOW");
        clone.putArray("args").add(arg(0, CLONE_NEW_ANY, "SCMP_CMP_MASKED_EQ"));
        ObjectNode cloneExcludes = clone.putObject("excludes");
        cloneExcludes.putArray("caps").add("CAP_SYS_ADMIN");
        cloneExcludes.putArray("arches").add("s390").add("s390x");
        ObjectNode cloneS390 = rule(rules, List.of("clone"), "SCMP_ACT_ALLOW");
        cloneS390.putArray("args").add(arg(1, CLONE_NEW_ANY, "SCMP_CMP_MASKED_EQ"));
        onArches(cloneS390, "s390", "s390x");
        cloneS390.putObject("excludes").putArray("caps").add("CAP_SYS_ADMIN");
        // clone3 passes its flags in memory, where seccomp cannot look: ENOSYS makes libc fall back to clone
        ObjectNode clone3 = rule(rules, List.of("clone3"), "SCMP_ACT_ERRNO");
        clone3.put("errnoRet", ENOSYS);
        clone3.putObject("excludes").putArray("caps").add("CAP_SYS_ADMIN");

        // what a capability added with --cap-add brings with it
        withCap(rules, "CAP_SYS_ADMIN", "mount", "umount", "umount2", "mount_setattr", "move_mount", "open_tree",
                "fsopen", "fsconfig", "fsmount", "fspick", "unshare", "setns", "clone", "clone3", "sethostname",
                "setdomainname", "quotactl", "quotactl_fd", "lookup_dcookie", "fanotify_init", "bpf",
                "perf_event_open", "syslog");
        withCap(rules, "CAP_SYS_BOOT", "reboot");
        withCap(rules, "CAP_SYS_CHROOT", "chroot");
        withCap(rules, "CAP_SYS_MODULE", "init_module", "finit_module", "delete_module");
        withCap(rules, "CAP_SYS_PACCT", "acct");
        withCap(rules, "CAP_SYS_PTRACE", "ptrace", "process_vm_readv", "process_vm_writev", "process_madvise", "kcmp",
                "pidfd_getfd");
        withCap(rules, "CAP_SYS_RAWIO", "iopl", "ioperm");
        withCap(rules, "CAP_SYS_TIME", "settimeofday", "stime", "clock_settime", "clock_settime64");
        withCap(rules, "CAP_SYS_TTY_CONFIG", "vhangup");
        withCap(rules, "CAP_SYS_NICE", "mbind", "get_mempolicy", "set_mempolicy", "set_mempolicy_home_node");
        withCap(rules, "CAP_DAC_READ_SEARCH", "open_by_handle_at");
        withCap(rules, "CAP_SYSLOG", "syslog");
        withCap(rules, "CAP_BPF", "bpf");
        withCap(rules, "CAP_PERFMON", "perf_event_open");
        return p;
    }

    private static void arch(ArrayNode archMap, String arch, String... sub) {
        ObjectNode a = archMap.addObject();
        a.put("architecture", arch);
        ArrayNode subs = a.putArray("subArchitectures");
        for (String s : sub) subs.add(s);
    }

    private static void allow(ArrayNode rules, String... names) {
        rule(rules, List.of(names), "SCMP_ACT_ALLOW");
    }

    private static void withCap(ArrayNode rules, String cap, String... names) {
        rule(rules, List.of(names), "SCMP_ACT_ALLOW").putObject("includes").putArray("caps").add(cap);
    }

    private static ObjectNode rule(ArrayNode rules, List<String> names, String action) {
        ObjectNode r = rules.addObject();
        ArrayNode n = r.putArray("names");
        names.forEach(n::add);
        r.put("action", action);
        return r;
    }

    private static void onArches(ObjectNode rule, String... arches) {
        ArrayNode a = rule.putObject("includes").putArray("arches");
        for (String s : arches) a.add(s);
    }

    private static ObjectNode arg(int index, long value, String op) {
        ObjectNode a = Json.mapper().createObjectNode();
        a.put("index", index);
        a.put("value", value);
        a.put("valueTwo", 0);
        a.put("op", op);
        return a;
    }
}
