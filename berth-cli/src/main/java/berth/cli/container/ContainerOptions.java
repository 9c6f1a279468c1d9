package berth.cli.container;

import berth.api.errors.InvalidArgumentException;
import berth.cli.CliError;
import berth.cli.FlagParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options run and create share, and the create body they make (the shape the docker CLI sends). */
public final class ContainerOptions {
    @Option(names = "--name", description = "Assign a name to the container") String name;
    @Option(names = {"-e", "--env"}, description = "Set environment variables") List<String> env = new ArrayList<>();
    @Option(names = "--env-file", description = "Read in a file of environment variables") List<Path> envFiles = new ArrayList<>();
    @Option(names = {"-w", "--workdir"}, description = "Working directory inside the container") String workdir;
    @Option(names = "--entrypoint", description = "Overwrite the default ENTRYPOINT of the image") String entrypoint;
    @Option(names = {"-u", "--user"}, description = "Username or UID (format: <name|uid>[:<group|gid>])") String user;
    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open even if not attached") boolean interactive;
    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY") boolean tty;
    @Option(names = {"-l", "--label"}, description = "Set meta data on a container") List<String> labels = new ArrayList<>();
    @Option(names = "--rm", description = "Automatically remove the container and its associated anonymous volumes when it exits") boolean rm;
    @Option(names = {"-h", "--hostname"}, description = "Container host name") String hostname;
    /** --pull: declared by run and create, whose help texts differ. */
    String pull = "missing";
    @Option(names = "--platform", description = "Set platform if server is multi-platform capable") String platform;
    @Option(names = "--network", paramLabel = "network", description = "Connect a container to a network") String network;
    @Option(names = "--stop-signal", description = "Signal to stop the container") String stopSignal;
    @Option(names = "--stop-timeout", description = "Timeout (in seconds) to stop a container") Integer stopTimeout;
    @Option(names = {"-v", "--volume"}, description = "Mount a volume (name:/path), a host path (/host:/path) or an anonymous volume (/path)") List<String> volumes = new ArrayList<>();
    @Option(names = "--mount", description = "Mount a bind, volume or tmpfs (type=...,source=...,target=...)") List<String> mounts = new ArrayList<>();
    @Option(names = "--volumes-from", description = "Mount the volumes of another container (name[:ro|rw])") List<String> volumesFrom = new ArrayList<>();
    @Option(names = "--volume-driver", description = "Driver of the volumes this container creates (local)") String volumeDriver;
    @Option(names = {"-a", "--attach"}, description = "Attach to STDIN, STDOUT or STDERR") List<String> attach = new ArrayList<>();
    @Option(names = "--cap-add", description = "Give the container a capability (or ALL)") List<String> capAdd = new ArrayList<>();
    @Option(names = "--cap-drop", description = "Take a capability from the container (or ALL)") List<String> capDrop = new ArrayList<>();
    @Option(names = "--privileged", description = "Every capability and host device, nothing masked in /proc and /sys") boolean privileged;
    @Option(names = "--read-only", description = "Mount the container's root filesystem read-only") boolean readOnly;
    @Option(names = "--init", description = "Run tini as pid 1 to reap zombies and forward signals") Boolean init;
    @Option(names = "--group-add", description = "Add a supplementary group (name or gid)") List<String> groupAdd = new ArrayList<>();
    @Option(names = "--domainname", description = "Container NIS domain name") String domainname;
    @Option(names = "--log-driver", description = "Where the output is kept: json-file, local or none") String logDriver;
    @Option(names = "--log-opt", description = "Log driver option, e.g. max-size=10m") List<String> logOpts = new ArrayList<>();
    @Option(names = "--security-opt", description = "Security option (no-new-privileges, seccomp=unconfined|<profile file>)") List<String> securityOpts = new ArrayList<>();
    @picocli.CommandLine.Mixin ResourceOptions resources = new ResourceOptions();
    @picocli.CommandLine.Mixin HealthOptions health = new HealthOptions();
    @picocli.CommandLine.Mixin NetworkOptions networking = new NetworkOptions();
    @Parameters(index = "0", paramLabel = "IMAGE") String image;
    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "Command and arguments") List<String> command = new ArrayList<>();

    /** [rows, columns] of the user's terminal for -t, sent as HostConfig.ConsoleSize; null when not on one. */
    int[] consoleSize;

    /** Binds these options to the quick parser, flag for flag as the annotations above bind them to picocli. */
    FlagParser flags(FlagParser p) {
        p.value(v -> name = v, "--name").values(env::add, "-e", "--env")
                .values(v -> envFiles.add(Path.of(v)), "--env-file").value(v -> workdir = v, "-w", "--workdir")
                .value(v -> entrypoint = v, "--entrypoint").value(v -> user = v, "-u", "--user")
                .flag(() -> interactive = true, "-i", "--interactive").flag(() -> tty = true, "-t", "--tty")
                .values(labels::add, "-l", "--label").flag(() -> rm = true, "--rm")
                .value(v -> hostname = v, "-h", "--hostname").value(v -> platform = v, "--platform")
                .value(v -> network = v, "--network").value(v -> stopSignal = v, "--stop-signal")
                .value(v -> stopTimeout = FlagParser.decimal(v), "--stop-timeout").values(volumes::add, "-v", "--volume")
                .values(mounts::add, "--mount").values(volumesFrom::add, "--volumes-from")
                .value(v -> volumeDriver = v, "--volume-driver")
                .values(attach::add, "-a", "--attach").values(capAdd::add, "--cap-add").values(capDrop::add, "--cap-drop")
                .flag(() -> privileged = true, "--privileged").flag(() -> readOnly = true, "--read-only")
                .flag(() -> init = true, "--init").values(groupAdd::add, "--group-add")
                .value(v -> domainname = v, "--domainname").value(v -> logDriver = v, "--log-driver")
                .values(logOpts::add, "--log-opt").values(securityOpts::add, "--security-opt");
        resources.flags(p);
        health.flags(p);
        return networking.flags(p);
    }

    Map<String, Object> createBody(boolean detach) throws IOException {
        boolean attachAll = !detach && attach.isEmpty();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Hostname", hostname == null ? "" : hostname);
        body.put("Domainname", domainname == null ? "" : domainname);
        body.put("User", user == null ? "" : user);
        body.put("AttachStdin", !detach && (interactive || attach.contains("stdin")));
        body.put("AttachStdout", attachAll || attach.contains("stdout"));
        body.put("AttachStderr", attachAll || attach.contains("stderr"));
        body.put("Tty", tty);
        body.put("OpenStdin", interactive);
        body.put("StdinOnce", interactive && !detach);
        List<String> allEnv = new ArrayList<>();
        for (Path f : envFiles) allEnv.addAll(readEnvFile(f));
        // docker's opts.ValidateEnv: a bare NAME takes the caller's value, and stays bare when the caller has none
        for (String e : env) allEnv.add(e.contains("=") || System.getenv(e) == null ? e : e + "=" + System.getenv(e));
        body.put("Env", allEnv.isEmpty() ? null : allEnv);
        body.put("Cmd", command.isEmpty() ? null : command);
        body.put("Image", image);
        body.put("WorkingDir", workdir == null ? "" : workdir);
        body.put("Entrypoint", entrypoint == null ? null : entrypoint.isEmpty() ? List.of("") : List.of(entrypoint));
        Map<String, String> labelMap = new LinkedHashMap<>();
        for (String l : labels) {
            int eq = l.indexOf('=');
            labelMap.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
        }
        body.put("Labels", labelMap);
        if (stopSignal != null) body.put("StopSignal", stopSignal);
        if (stopTimeout != null) body.put("StopTimeout", stopTimeout);
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("Binds", volumes.isEmpty() ? null : MountFlags.binds(volumes));
        if (!mounts.isEmpty()) {
            List<Object> parsed = new ArrayList<>();
            for (String m : mounts) parsed.add(MountFlags.mount(m));
            host.put("Mounts", parsed);
        }
        if (!volumesFrom.isEmpty()) host.put("VolumesFrom", volumesFrom);
        if (volumeDriver != null) host.put("VolumeDriver", volumeDriver);
        host.put("NetworkMode", network == null ? "default" : network);
        host.put("AutoRemove", rm);
        host.put("ConsoleSize", consoleSize == null ? List.of(0, 0) : List.of(consoleSize[0], consoleSize[1]));
        host.put("CapAdd", capAdd.isEmpty() ? null : capAdd);
        host.put("CapDrop", capDrop.isEmpty() ? null : capDrop);
        host.put("GroupAdd", groupAdd.isEmpty() ? null : groupAdd);
        host.put("Privileged", privileged);
        host.put("ReadonlyRootfs", readOnly);
        host.put("SecurityOpt", securityOpts.isEmpty() ? null : SecurityOpts.resolve(securityOpts));
        if (init != null) host.put("Init", init);
        host.put("LogConfig", logConfig());
        resources.apply(host);
        health.apply(body, host, rm);
        networking.apply(body, host, network);
        body.put("HostConfig", host);
        return body;
    }

    /** The docker CLI's check: "none" takes no options; a key without "=" has an empty value. */
    private Map<String, Object> logConfig() {
        String driver = logDriver == null ? "" : logDriver;
        if (driver.equals("none") && !logOpts.isEmpty()) {
            throw new CliError("invalid logging opts for driver none");
        }
        Map<String, String> opts = new LinkedHashMap<>();
        for (String o : logOpts) {
            int eq = o.indexOf('=');
            opts.put(eq < 0 ? o : o.substring(0, eq), eq < 0 ? "" : o.substring(eq + 1));
        }
        return Map.of("Type", driver, "Config", opts);
    }

    /** docker's env-file format: KEY=VALUE lines, KEY alone takes the caller's value, # comments. */
    static List<String> readEnvFile(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isReadable(file)) throw new InvalidArgumentException("open " + file + ": no such file or directory");
        for (String raw : Files.readAllLines(file)) {
            String line = raw.stripLeading();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int eq = line.indexOf('=');
            if (eq == 0) throw new InvalidArgumentException("invalid environment variable: " + line);
            if (eq < 0) {
                String v = System.getenv(line.strip());
                if (v != null) out.add(line.strip() + "=" + v);
            } else {
                out.add(line);
            }
        }
        return out;
    }
}
