/*
 * berth-exec: starts a process inside a running container the way `runc exec` does, without runc's cost (a Go runtime
 * started twice, state read and the seccomp profile compiled by libseccomp at every call: ~100 ms here, against a
 * few ms for this program).
 *
 *   berth-exec run [options] -- ARG...        join the container and run ARG (see usage())
 *   berth-exec seccomp-filter PID FILE        write the seccomp program runc installed in process PID to FILE
 *
 * berthd decides when this path is allowed (runtime.ExecHelper) and otherwise runs `runc exec`. The steps, and their
 * order, follow runc 1.1's setns init (libcontainer/setns_init_linux.go, init_linux.go finalizeNamespace/setupUser):
 * join the cgroups and namespaces; rlimits; the session keyring; no_new_privs; seccomp before the capabilities drop
 * when no_new_privs is off (loading it needs CAP_SYS_ADMIN then), else as late as possible; the bounding set; stdio
 * ownership, groups, gid, uid (keeping capabilities across the switch); cwd; the capability sets; HOME; the command
 * looked up on PATH as Go's exec.LookPath does, with runc's error texts. The seccomp program is the very one runc
 * built for the container, read back from the container's first process (PTRACE_SECCOMP_GET_FILTER), so it cannot
 * differ from what `runc exec` would load.
 *
 * Exit status: the process's, 128+n when a signal ended it; 255 when it could not be started, with the reason written
 * to the --log file as a runc JSON log line. With --ready FIFO, berthd learns the outcome at once instead of polling
 * for the pid file: the pid and a newline once the process runs, "!" and a newline once the start failed (after the
 * log line). The FIFO must have a reader (berthd holds it open), so opening it never blocks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef PTRACE_SECCOMP_GET_FILTER
#define PTRACE_SECCOMP_GET_FILTER 0x420c
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#define CGROUP2_SUPER_MAGIC 0x63677270
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_RAISE 2
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif

#define MAX_LIST 64
#define ERR_PREFIX "exec failed: unable to start container process: "

struct limit { int resource; unsigned long long soft, hard; };

struct options {
    long pid;
    unsigned long long start_time;
    const char *ns[8]; int nns;
    const char *cgroups[MAX_LIST]; int ncgroups;
    uid_t uid; gid_t gid;
    gid_t groups[MAX_LIST]; int ngroups;
    uint64_t bnd, eff, prm, inh, amb;
    int no_new_privs;
    const char *seccomp;
    struct limit limits[32]; int nlimits;
    const char *oom_score_adj;
    const char *keyring;
    const char *cwd;
    char *env[1024]; int nenv;
    const char *pid_file;
    const char *ready;
    const char *go;
    const char *log;
    char **argv;
};

static int log_fd = -1;
/* The --ready FIFO, -1 without one. */
static int ready_fd = -1;
/* In the child: where a failure is reported (the parent logs it), -1 before the fork. */
static int report_fd = -1;

/* A runc-style JSON log line, which berthd reads as runc's own. */
static void log_error(const char *msg) {
    FILE *f = log_fd >= 0 ? fdopen(dup(log_fd), "a") : NULL;
    FILE *out = f ? f : stderr;
    char when[32];
    time_t now = time(NULL);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    fputs("{\"level\":\"error\",\"msg\":\"", out);
    for (const char *c = msg; *c; c++) {
        if (*c == '"' || *c == '\\') fputc('\\', out);
        if ((unsigned char) *c < 0x20) fprintf(out, "\\u%04x", *c); else fputc(*c, out);
    }
    fprintf(out, "\",\"time\":\"%s\"}\n", when);
    if (f) fclose(f);
}

/* Tells berthd through the --ready FIFO; a line is one write, well under PIPE_BUF, so it arrives whole. */
static void ready_line(const char *line) {
    if (ready_fd < 0) return;
    ssize_t ignored = write(ready_fd, line, strlen(line));
    (void) ignored;
}

static void die(const char *fmt, ...) {
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (report_fd >= 0) {
        ssize_t ignored = write(report_fd, msg, strlen(msg));
        (void) ignored;
        _exit(255);
    }
    log_error(msg);
    ready_line("!\n");
    exit(255);
}

/* Go's text for an errno: the C library's with a lower-case first letter ("no such file or directory"). */
static const char *go_error(int err) {
    static char buf[128];
    snprintf(buf, sizeof buf, "%s", strerror(err));
    if (buf[0] >= 'A' && buf[0] <= 'Z') buf[0] = (char) (buf[0] - 'A' + 'a');
    return buf;
}

static unsigned long long number(const char *s, const char *what) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || *end || end == s) die("berth-exec: bad %s: %s", what, s);
    return v;
}

static void usage(void) {
    fputs("usage: berth-exec run --pid PID --start-time T [--ns TYPE]... [--cgroup PROCS_FILE]... --uid U --gid G\n"
          "         [--groups G1,G2] --cap-bnd HEX --cap-eff HEX --cap-prm HEX --cap-inh HEX --cap-amb HEX\n"
          "         [--no-new-privs] [--seccomp BPF_FILE] [--rlimit RES,SOFT,HARD]... [--oom-score-adj N]\n"
          "         [--keyring NAME] --cwd DIR [--env NAME=VALUE]... (--pid-file FILE | --ready FIFO) [--go FIFO]\n"
          "         [--log FILE]\n"
          "         -- ARG...\n"
          "       berth-exec seccomp-filter PID FILE\n", stderr);
    exit(2);
}

static void parse(int argc, char **argv, struct options *o) {
    memset(o, 0, sizeof *o);
    o->pid = -1;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) { o->argv = argv + i + 1; break; }
        if (strcmp(a, "--no-new-privs") == 0) { o->no_new_privs = 1; continue; }
        if (i + 1 >= argc) usage();
        const char *v = argv[++i];
        if (strcmp(a, "--pid") == 0) o->pid = (long) number(v, "pid");
        else if (strcmp(a, "--start-time") == 0) o->start_time = number(v, "start time");
        else if (strcmp(a, "--ns") == 0 && o->nns < 8) o->ns[o->nns++] = v;
        else if (strcmp(a, "--cgroup") == 0 && o->ncgroups < MAX_LIST) o->cgroups[o->ncgroups++] = v;
        else if (strcmp(a, "--uid") == 0) o->uid = (uid_t) number(v, "uid");
        else if (strcmp(a, "--gid") == 0) o->gid = (gid_t) number(v, "gid");
        else if (strcmp(a, "--groups") == 0) {
            char *copy = strdup(v), *save = NULL;
            for (char *t = strtok_r(copy, ",", &save); t && o->ngroups < MAX_LIST; t = strtok_r(NULL, ",", &save))
                o->groups[o->ngroups++] = (gid_t) number(t, "group");
        }
        else if (strcmp(a, "--cap-bnd") == 0) o->bnd = number(v, "capabilities");
        else if (strcmp(a, "--cap-eff") == 0) o->eff = number(v, "capabilities");
        else if (strcmp(a, "--cap-prm") == 0) o->prm = number(v, "capabilities");
        else if (strcmp(a, "--cap-inh") == 0) o->inh = number(v, "capabilities");
        else if (strcmp(a, "--cap-amb") == 0) o->amb = number(v, "capabilities");
        else if (strcmp(a, "--seccomp") == 0) o->seccomp = v;
        else if (strcmp(a, "--rlimit") == 0 && o->nlimits < 32) {
            struct limit *l = &o->limits[o->nlimits++];
            char *copy = strdup(v), *save = NULL;
            char *r = strtok_r(copy, ",", &save), *s = strtok_r(NULL, ",", &save), *h = strtok_r(NULL, ",", &save);
            if (!r || !s || !h) die("berth-exec: bad rlimit: %s", v);
            l->resource = (int) number(r, "rlimit"); l->soft = number(s, "rlimit"); l->hard = number(h, "rlimit");
        }
        else if (strcmp(a, "--oom-score-adj") == 0) o->oom_score_adj = v;
        else if (strcmp(a, "--keyring") == 0) o->keyring = v;
        else if (strcmp(a, "--cwd") == 0) o->cwd = v;
        else if (strcmp(a, "--env") == 0 && o->nenv < 1023) o->env[o->nenv++] = (char *) v;
        else if (strcmp(a, "--pid-file") == 0) o->pid_file = v;
        else if (strcmp(a, "--ready") == 0) o->ready = v;
        else if (strcmp(a, "--go") == 0) o->go = v;
        else if (strcmp(a, "--log") == 0) o->log = v;
        else usage();
    }
    if (o->pid <= 0 || !o->cwd || !(o->pid_file || o->ready) || !o->argv || !o->argv[0]) usage();
}

/* Field 22 of /proc/PID/stat: tells the container's process from a later one that reused its pid. */
static unsigned long long start_time(long pid) {
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return 0;
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p) return 0;
    p += 2; /* the state field */
    for (int field = 3; field < 22 && p; field++) p = strchr(p, ' ') ? strchr(p, ' ') + 1 : NULL;
    return p ? strtoull(p, NULL, 10) : 0;
}

/* The environment as runc builds it: NAME=value in order, a later NAME replacing an earlier one in place. */
static char **environment(struct options *o, int *count) {
    static char *env[1025];
    int n = 0;
    for (int i = 0; i < o->nenv; i++) {
        char *eq = strchr(o->env[i], '=');
        if (!eq || eq == o->env[i]) die(ERR_PREFIX "invalid environment variable %s", o->env[i]);
        size_t len = (size_t) (eq - o->env[i]) + 1;
        int at = -1;
        for (int j = 0; j < n; j++) if (strncmp(env[j], o->env[i], len) == 0) { at = j; break; }
        if (at >= 0) env[at] = o->env[i]; else env[n++] = o->env[i];
    }
    env[n] = NULL;
    *count = n;
    return env;
}

static const char *getenv_in(char **env, const char *name) {
    size_t len = strlen(name);
    for (char **e = env; *e; e++) if (strncmp(*e, name, len) == 0 && (*e)[len] == '=') return *e + len + 1;
    return NULL;
}

/* The home directory of uid in the container's /etc/passwd, "/" without an entry (runc's default user). */
static char *home_of(uid_t uid) {
    static char home[4096];
    snprintf(home, sizeof home, "/");
    FILE *f = fopen("/etc/passwd", "re");
    if (!f) return home;
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        char *fields[7] = {0}, *p = line;
        int n = 0;
        while (n < 7) { fields[n++] = p; p = strchr(p, ':'); if (!p) break; *p++ = 0; }
        if (n >= 6 && fields[2][0] && strtoul(fields[2], NULL, 10) == uid) {
            snprintf(home, sizeof home, "%s", fields[5]);
            break;
        }
    }
    fclose(f);
    return home;
}

/* Go's exec.LookPath's test: a regular file (or anything not a directory) with an execute bit. */
static int executable(const char *path, char *why, size_t why_len) {
    struct stat st;
    if (stat(path, &st) < 0) { snprintf(why, why_len, "stat %s: %s", path, go_error(errno)); return 0; }
    if (S_ISDIR(st.st_mode)) { snprintf(why, why_len, "is a directory"); return 0; }
    if ((st.st_mode & 0111) == 0) { snprintf(why, why_len, "permission denied"); return 0; }
    return 1;
}

static const char *look_path(const char *name, char **env, char *found, size_t found_len) {
    static char msg[8192];
    char why[4096];
    if (strchr(name, '/')) {
        if (executable(name, why, sizeof why)) return name;
        snprintf(msg, sizeof msg, ERR_PREFIX "exec: \"%s\": %s", name, why);
        die("%s", msg);
    }
    const char *path = getenv_in(env, "PATH");
    if (path && *path) {
        char *copy = strdup(path), *rest = copy;
        for (;;) {
            char *dir = rest, *colon = strchr(rest, ':');
            if (colon) *colon = 0;
            if (!*dir) dir = ".";
            snprintf(found, found_len, "%s/%s", dir, name);
            if (executable(found, why, sizeof why)) {
                if (dir[0] != '/') die(ERR_PREFIX "exec: \"%s\": cannot run executable found relative to current "
                                       "directory", name);
                return found;
            }
            if (!colon) break;
            rest = colon + 1;
        }
    }
    die(ERR_PREFIX "exec: \"%s\": executable file not found in $PATH", name);
    return NULL;
}

static int seccomp_program(const char *file, struct sock_fprog *prog) {
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    struct stat st;
    if (fstat(fd, &st) < 0 || st.st_size == 0 || st.st_size % sizeof(struct sock_filter) != 0) {
        close(fd);
        errno = EINVAL;
        return -1;
    }
    struct sock_filter *f = malloc((size_t) st.st_size);
    ssize_t got = 0;
    while (got < st.st_size) {
        ssize_t n = read(fd, (char *) f + got, (size_t) (st.st_size - got));
        if (n <= 0) { close(fd); errno = EIO; return -1; }
        got += n;
    }
    close(fd);
    prog->len = (unsigned short) (st.st_size / sizeof(struct sock_filter));
    prog->filter = f;
    return 0;
}

static int cap_last(void) {
    int fd = open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC);
    char buf[16] = {0};
    if (fd < 0) return 40;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    return n > 0 ? atoi(buf) : 40;
}

/* runc's fixStdioPermissions: the process must be able to reopen its stdio (/proc/self/fd/N) as its own user. */
static void own_stdio(uid_t uid) {
    struct stat null;
    if (stat("/dev/null", &null) < 0) die(ERR_PREFIX "stat /dev/null: %s", go_error(errno));
    for (int fd = 0; fd <= 2; fd++) {
        struct stat st;
        if (fstat(fd, &st) < 0) die(ERR_PREFIX "fstat %d: %s", fd, go_error(errno));
        if (st.st_rdev == null.st_rdev || st.st_uid == uid) continue;
        if (fchown(fd, uid, st.st_gid) < 0 && errno != EINVAL && errno != EPERM && errno != EROFS)
            die(ERR_PREFIX "fchown %d: %s", fd, go_error(errno));
    }
}

/* clone3's arguments (linux/sched.h's struct clone_args, spelled out: that header clashes with sched.h) */
struct clone3_args {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

/*
 * How the child joins the container's cgroups. Writing a pid to cgroup.procs, as runc does, takes the kernel's global
 * thread-group lock for writing, and its first taker waits for an RCU grace period: 8-20 ms on this kind of machine,
 * 80 under load, most of an exec's time. Two ways around it: a cgroup v1 hierarchy is joined by writing "0" (the
 * calling thread; the forked child has no other) to its "tasks" file, which moves one thread without that lock
 * (recent kernels; older ones take it there too); the cgroup v2 one by creating the child in it, clone3 with
 * CLONE_INTO_CGROUP, which takes the lock for reading only. Whatever cannot go those ways writes cgroup.procs:
 * slower, never wrong.
 */
struct cgroup_join {
    int fds[MAX_LIST];  /* what the child writes "0" into, one per --cgroup: "tasks", or cgroup.procs */
    int v2_dir;         /* the cgroup v2 directory to create the child in, -1 without one */
    int v2_index;       /* its --cgroup, which the child skips once clone3 put it there */
};

static void open_cgroups(const struct options *o, struct cgroup_join *j) {
    j->v2_dir = -1;
    j->v2_index = -1;
    for (int i = 0; i < o->ncgroups; i++) {
        const char *procs = o->cgroups[i];
        const char *slash = strrchr(procs, '/');
        char dir[4096], tasks[4200];
        j->fds[i] = -1;
        if (slash && strcmp(slash, "/cgroup.procs") == 0) {
            snprintf(dir, sizeof dir, "%.*s", (int) (slash - procs), procs);
            struct statfs fs;
            if (j->v2_dir < 0 && statfs(dir, &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC) {
                j->v2_dir = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
                if (j->v2_dir >= 0) j->v2_index = i;
            } else {
                snprintf(tasks, sizeof tasks, "%s/tasks", dir);
                j->fds[i] = open(tasks, O_WRONLY | O_CLOEXEC);
            }
        }
        if (j->fds[i] < 0) j->fds[i] = open(procs, O_WRONLY | O_CLOEXEC);
        if (j->fds[i] < 0) die(ERR_PREFIX "open %s: %s", procs, go_error(errno));
    }
}

/* fork(), or clone3 into the cgroup v2 directory when there is one and the kernel takes it; *inside says which */
static pid_t fork_into(const struct cgroup_join *j, int *inside) {
    *inside = 0;
    if (j->v2_dir >= 0) {
        struct clone3_args args;
        memset(&args, 0, sizeof args);
        args.flags = CLONE_INTO_CGROUP;
        args.exit_signal = SIGCHLD;
        args.cgroup = (uint64_t) j->v2_dir;
        long pid = syscall(SYS_clone3, &args, sizeof args);
        if (pid >= 0) {
            *inside = 1;
            return (pid_t) pid;
        }
    }
    return fork();
}

/* Everything after the fork, in the container's namespaces. Reports a failure on fd report and exits. */
static void child(struct options *o, const struct cgroup_join *cgroups, int inside, struct sock_fprog *prog,
                  int report) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int s = 1; s < NSIG; s++) signal(s, SIG_DFL);
    for (int i = 0; i < o->ncgroups; i++) {
        if (!(inside && i == cgroups->v2_index) && write(cgroups->fds[i], "0", 1) != 1)
            die(ERR_PREFIX "joining cgroup %s: %s", o->cgroups[i], go_error(errno));
        close(cgroups->fds[i]);
    }
    if (cgroups->v2_dir >= 0) close(cgroups->v2_dir);
    for (int i = 0; i < o->nlimits; i++) {
        struct rlimit rl = { o->limits[i].soft, o->limits[i].hard };
        if (setrlimit(o->limits[i].resource, &rl) < 0)
            die(ERR_PREFIX "error setting rlimit type %d: %s", o->limits[i].resource, go_error(errno));
    }
    /* every other descriptor stays out of the container, as runc's CloseExecFrom(3) does */
    syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
    fcntl(report, F_SETFD, FD_CLOEXEC);
    if (o->keyring && syscall(SYS_keyctl, 1 /* KEYCTL_JOIN_SESSION_KEYRING */, o->keyring) < 0 && errno != ENOSYS)
        die(ERR_PREFIX "unable to join session keyring: %s", go_error(errno));
    if (o->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        die(ERR_PREFIX "set nonewprivileges: %s", go_error(errno));
    if (o->seccomp && !o->no_new_privs && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, prog, 0, 0) < 0)
        die(ERR_PREFIX "error loading seccomp filter into kernel: %s", go_error(errno));
    int last = cap_last();
    for (int c = 0; c <= last; c++) {
        if (!(o->bnd & (1ULL << c)) && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 && errno != EINVAL)
            die(ERR_PREFIX "dropping capability %d from the bounding set: %s", c, go_error(errno));
    }
    if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) die(ERR_PREFIX "set keep caps: %s", go_error(errno));
    int chdir_later = 0;
    if (chdir(o->cwd) < 0) {
        if (errno != EACCES && errno != EPERM)
            die(ERR_PREFIX "chdir to cwd (\"%s\") set in config.json failed: %s", o->cwd, go_error(errno));
        chdir_later = 1;
    }
    char *home = home_of(o->uid);
    own_stdio(o->uid);
    if (setgroups((size_t) o->ngroups, o->groups) < 0) die(ERR_PREFIX "setgroups: %s", go_error(errno));
    if (syscall(SYS_setgid, o->gid) < 0) die(ERR_PREFIX "setgid: %s", go_error(errno));
    if (syscall(SYS_setuid, o->uid) < 0) die(ERR_PREFIX "setuid: %s", go_error(errno));
    if (chdir_later && chdir(o->cwd) < 0)
        die(ERR_PREFIX "chdir to cwd (\"%s\") set in config.json failed: %s", o->cwd, go_error(errno));
    if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0) die(ERR_PREFIX "clear keep caps: %s", go_error(errno));
    struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2] = {
        { (uint32_t) o->eff, (uint32_t) o->prm, (uint32_t) o->inh },
        { (uint32_t) (o->eff >> 32), (uint32_t) (o->prm >> 32), (uint32_t) (o->inh >> 32) },
    };
    if (syscall(SYS_capset, &header, data) < 0) die(ERR_PREFIX "capset: %s", go_error(errno));
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
        die(ERR_PREFIX "clearing ambient capabilities: %s", go_error(errno));
    for (int c = 0; c <= last; c++) {
        if ((o->amb & (1ULL << c)) && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0) < 0)
            die(ERR_PREFIX "raising ambient capability %d: %s", c, go_error(errno));
    }
    int nenv;
    char **env = environment(o, &nenv);
    if (!getenv_in(env, "HOME")) {
        char *h = malloc(strlen(home) + 6);
        sprintf(h, "HOME=%s", home);
        env[nenv++] = h;
        env[nenv] = NULL;
    }
    char found[8192];
    const char *path = look_path(o->argv[0], env, found, sizeof found);
    if (o->seccomp && o->no_new_privs && syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog) < 0)
        die(ERR_PREFIX "error loading seccomp filter into kernel: %s", go_error(errno));
    execve(path, o->argv, env);
    die(ERR_PREFIX "exec %s: %s", path, go_error(errno));
}

static pid_t running_child;

static void forward(int sig) {
    if (running_child > 0) kill(running_child, sig);
}

/* Written whole under a temporary name, then renamed: a reader never sees it empty. */
static void write_pid_file(int dir, const char *name, pid_t pid) {
    char tmp[4096], text[32];
    snprintf(tmp, sizeof tmp, "%s.tmp", name);
    int len = snprintf(text, sizeof text, "%d", pid);
    int fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0 || write(fd, text, (size_t) len) != len || close(fd) < 0 || renameat(dir, tmp, dir, name) < 0)
        die("berth-exec: writing pid file %s: %s", name, go_error(errno));
}

/*
 * With --go, berthd starts this when the exec is created and it waits here, its own start done and nothing of the
 * container opened or joined yet (holding a namespace would keep it, and its network, alive), until berthd writes
 * "g" when the exec is started; anything else, or berthd gone (the FIFO's last writer closed), calls it off.
 */
static int await_go(const char *fifo) {
    /* not a blocking open: with berthd gone (or done with it) first, that would wait for a writer forever */
    int fd = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) die("berth-exec: opening %s: %s", fifo, go_error(errno));
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    char c = 0;
    ssize_t n;
    while ((n = read(fd, &c, 1)) < 0 && errno == EINTR) {}
    close(fd);
    return n == 1 && c == 'g';
}

static int run(int argc, char **argv) {
    struct options o;
    parse(argc, argv, &o);
    /* files of the host are opened before the mount namespace is joined; after it, paths are the container's */
    if (o.ready) ready_fd = open(o.ready, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (o.log) log_fd = open(o.log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (o.ready && ready_fd < 0) die("berth-exec: opening %s: %s", o.ready, go_error(errno));
    const char *pid_name = NULL;
    int pid_dir = -1;
    if (o.pid_file) {
        char *slash = strrchr(o.pid_file, '/');
        pid_name = slash ? slash + 1 : o.pid_file;
        if (slash) {
            char dir[4096];
            snprintf(dir, sizeof dir, "%.*s", (int) (slash - o.pid_file), o.pid_file);
            pid_dir = open(slash == o.pid_file ? "/" : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        } else {
            pid_dir = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        }
        if (pid_dir < 0) die("berth-exec: opening the directory of %s: %s", o.pid_file, go_error(errno));
    }
    struct sock_fprog prog = {0};
    if (o.seccomp && seccomp_program(o.seccomp, &prog) < 0)
        die(ERR_PREFIX "reading seccomp filter %s: %s", o.seccomp, go_error(errno));
    if (o.go && !await_go(o.go)) return 0;
    int nsfd[8];
    for (int i = 0; i < o.nns; i++) {
        char path[128];
        snprintf(path, sizeof path, "/proc/%ld/ns/%s", o.pid, o.ns[i]);
        nsfd[i] = open(path, O_RDONLY | O_CLOEXEC);
        if (nsfd[i] < 0) die(ERR_PREFIX "open %s: %s", path, go_error(errno));
    }
    /* checked after the namespaces are open: they belong to the container's process, not to a later one */
    if (start_time(o.pid) != o.start_time) die("exec failed: container process %ld is gone", o.pid);
    struct cgroup_join cgroups;
    open_cgroups(&o, &cgroups);
    if (o.oom_score_adj) {
        int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
        if (fd < 0 || write(fd, o.oom_score_adj, strlen(o.oom_score_adj)) < 0)
            die(ERR_PREFIX "failed to update /proc/self/oom_score_adj: %s", go_error(errno));
        close(fd);
    }
    for (int i = 0; i < o.nns; i++) {
        if (setns(nsfd[i], 0) < 0) die(ERR_PREFIX "failed to setns to %s: %s", o.ns[i], go_error(errno));
        close(nsfd[i]);
    }
    int report[2];
    if (pipe2(report, O_CLOEXEC) < 0) die("berth-exec: pipe: %s", go_error(errno));
    sigset_t all, old;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    int inside;
    pid_t pid = fork_into(&cgroups, &inside);
    if (pid < 0) die(ERR_PREFIX "fork: %s", go_error(errno));
    if (pid == 0) {
        close(report[0]);
        report_fd = report[1];
        child(&o, &cgroups, inside, &prog, report[1]);
    }
    close(report[1]);
    for (int i = 0; i < o.ncgroups; i++) close(cgroups.fds[i]);
    if (cgroups.v2_dir >= 0) close(cgroups.v2_dir);
    char msg[8192];
    size_t got = 0;
    for (;;) {
        ssize_t n = read(report[0], msg + got, sizeof msg - 1 - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += (size_t) n;
        if (got == sizeof msg - 1) break;
    }
    msg[got] = 0;
    close(report[0]);
    int status;
    if (got > 0) {
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        log_error(msg);
        ready_line("!\n");
        return 255;
    }
    if (o.pid_file) write_pid_file(pid_dir, pid_name, pid);
    char line[32];
    snprintf(line, sizeof line, "%d\n", pid);
    ready_line(line);
    if (ready_fd >= 0) close(ready_fd);
    ready_fd = -1;
    running_child = pid;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = forward;
    int forwarded[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, SIGCONT, SIGALRM };
    for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++) sigaction(forwarded[i], &sa, NULL);
    sigprocmask(SIG_SETMASK, &old, NULL);
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) die("berth-exec: waitpid: %s", go_error(errno));
    }
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

/* The seccomp program at runc's place in PID's filter stack: under any filters berthd itself inherited. */
static int dump_filter(const char *pid_arg, const char *file) {
    pid_t pid = (pid_t) number(pid_arg, "pid");
    int inherited = 0;
    FILE *self = fopen("/proc/self/status", "re");
    char line[256];
    while (self && fgets(line, sizeof line, self)) {
        if (strncmp(line, "Seccomp_filters:", 16) == 0) inherited = atoi(line + 16);
    }
    if (self) fclose(self);
    if (ptrace(PTRACE_SEIZE, pid, 0, 0) < 0) die("seize %d: %s", pid, go_error(errno));
    if (ptrace(PTRACE_INTERRUPT, pid, 0, 0) < 0) die("interrupt %d: %s", pid, go_error(errno));
    /* a frozen process never stops: give up instead of waiting (the kernel detaches when this process exits) */
    alarm(2);
    int status;
    if (waitpid(pid, &status, __WALL) < 0) die("wait for %d: %s", pid, go_error(errno));
    alarm(0);
    if (!WIFSTOPPED(status)) die("process %d ended", pid);
    /* a signal that arrived first stopped it instead of the interrupt: it is handed back on detach, not lost */
    long pass = (status >> 16) == PTRACE_EVENT_STOP ? 0 : WSTOPSIG(status);
    int count = 0;
    while (ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *) (long) count, NULL) > 0) count++;
    int index = count - 1 - inherited;
    if (index < 0) {
        ptrace(PTRACE_DETACH, pid, 0, (void *) pass);
        die("process %d has no seccomp filter of its own", pid);
    }
    long len = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *) (long) index, NULL);
    struct sock_filter *prog = calloc((size_t) len, sizeof *prog);
    if (len <= 0 || ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *) (long) index, prog) != len) {
        ptrace(PTRACE_DETACH, pid, 0, (void *) pass);
        die("reading the seccomp filter of %d: %s", pid, go_error(errno));
    }
    ptrace(PTRACE_DETACH, pid, 0, (void *) pass);
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", file);
    FILE *f = fopen(tmp, "we");
    if (!f || fwrite(prog, sizeof *prog, (size_t) len, f) != (size_t) len || fclose(f) != 0 || rename(tmp, file) < 0)
        die("writing %s: %s", file, go_error(errno));
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "run") == 0) return run(argc, argv);
    if (argc == 4 && strcmp(argv[1], "seccomp-filter") == 0) return dump_filter(argv[2], argv[3]);
    usage();
    return 2;
}
