package berth.cli;

import berth.api.errors.EngineException;
import berth.cli.container.ContainerCommand;
import berth.cli.container.CreateCommand;
import berth.cli.container.InspectCommand;
import berth.cli.container.KillCommand;
import berth.cli.container.LogsCommand;
import berth.cli.container.PsCommand;
import berth.cli.container.RestartCommand;
import berth.cli.container.RmCommand;
import berth.cli.container.RunCommand;
import berth.cli.container.StartCommand;
import berth.cli.container.StopCommand;
import berth.cli.container.WaitCommand;
import berth.cli.image.HistoryCommand;
import berth.cli.image.ImageCommand;
import berth.cli.image.ImagesCommand;
import berth.cli.image.ImportCommand;
import berth.cli.image.PullCommand;
import berth.cli.image.PushCommand;
import berth.cli.image.RmiCommand;
import berth.cli.image.TagCommand;
import berth.cli.system.EventsCommand;
import berth.cli.system.InfoCommand;
import berth.cli.system.SystemCommand;
import berth.cli.system.VersionCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth}: Docker's verbs against berthd (or any Docker Engine API). */
@Command(name = "berth", mixinStandardHelpOptions = false,
        description = "Runs and manages containers through berthd, a Docker-compatible engine",
        commandListHeading = "%nCommands:%n",
        footer = "%nRun 'berth COMMAND --help' for more information on a command.",
        // subcommands are registered in main(), only the one being run: picocli's reflection over every verb costs
        // more start-up time than the command itself
        subcommands = {})
public final class Main implements Runnable {
    private static String host;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    private static Cli cli;

    @Option(names = {"-H", "--host"}, paramLabel = "list", description = "Daemon socket to connect to")
    void setHost(String value) {
        host = value;
    }

    @Option(names = "--help", usageHelp = true, scope = CommandLine.ScopeType.INHERIT, description = "Print usage")
    boolean help;

    @Option(names = {"-v", "--version"}, versionHelp = true, description = "Print version information and quit")
    boolean version;

    static Cli cli() {
        if (cli == null) cli = new Cli(host);
        return cli;
    }

    @Override
    public void run() {
        System.out.print(Help.render(spec));
    }

    /** Made on first use: linking the constructors loads every verb's class, which the quick path does not need. */
    private static final class Verbs {
        static final java.util.Map<String, java.util.function.Supplier<Object>> VERBS = verbs();
    }

    private static java.util.Map<String, java.util.function.Supplier<Object>> verbs() {
        java.util.Map<String, java.util.function.Supplier<Object>> m = new java.util.LinkedHashMap<>();
        m.put("run", RunCommand::new);
        m.put("create", CreateCommand::new);
        m.put("start", StartCommand::new);
        m.put("stop", StopCommand::new);
        m.put("kill", KillCommand::new);
        m.put("restart", RestartCommand::new);
        m.put("rm", RmCommand::new);
        m.put("wait", WaitCommand::new);
        m.put("rename", berth.cli.container.RenameCommand::new);
        m.put("port", berth.cli.container.PortCommand::new);
        berth.cli.container.ContainerVerbs.register(m);
        m.put("inspect", InspectCommand::new);
        m.put("logs", LogsCommand::new);
        m.put("ps", PsCommand::new);
        m.put("images", ImagesCommand::new);
        m.put("pull", PullCommand::new);
        m.put("push", PushCommand::new);
        m.put("login", berth.cli.registry.LoginCommand::new);
        m.put("logout", berth.cli.registry.LogoutCommand::new);
        m.put("tag", TagCommand::new);
        m.put("rmi", RmiCommand::new);
        m.put("history", HistoryCommand::new);
        m.put("import", ImportCommand::new);
        m.put("save", berth.cli.image.SaveCommand::new);
        m.put("load", berth.cli.image.LoadCommand::new);
        m.put("search", berth.cli.image.SearchCommand::new);
        m.put("version", VersionCommand::new);
        m.put("info", InfoCommand::new);
        m.put("events", EventsCommand::new);
        m.put("dashboard", berth.cli.system.DashboardCommand::new);
        m.put("image", ImageCommand::new);
        m.put("container", ContainerCommand::new);
        m.put("system", SystemCommand::new);
        m.put("network", berth.cli.network.NetworkCommand::new);
        m.put("build", berth.cli.build.BuildCommand::new);
        m.put("builder", berth.cli.build.BuilderCommand::new);
        m.put("volume", berth.cli.volume.VolumeCommand::new);
        return m;
    }

    /** The verb the arguments name (the first word that is not a global option), or null. */
    static String verbOf(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-H") || a.equals("--host")) {
                i++;
            } else if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }

    public static void main(String[] args) {
        String training = System.getProperty(TRAINING);
        if (training != null) {
            // scripts/aot-train.sh: several verbs in one JVM, so that one AOT cache holds the classes of them all. No
            // regex, streams or System.exit here: whatever the training loads, every CLI start loads from the cache.
            for (String line : training.split(";")) {
                java.util.List<String> words = new java.util.ArrayList<>();
                for (String w : line.split(" ")) if (!w.isEmpty()) words.add(w);
                execute(words.toArray(new String[0]));
            }
            return;
        }
        int code = execute(args);
        // halt, not System.exit: exit logs through System.Logger (the JDK's Runtime.exit event), whose set-up costs a
        // quick verb a tenth of its time. No shutdown hook has work left here: run and start restore the terminal in a
        // finally, and a signal still ends the JVM with its hooks.
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }

    /** The verbs one training run of the AOT cache performs, separated by ";" (see scripts/aot-train.sh). */
    static final String TRAINING = "berth.aot.training";

    static int execute(String[] args) {
        Integer quick = QuickPath.run(args);
        if (quick != null) return quick;
        var verbs = Verbs.VERBS;
        CommandLine cmd = new CommandLine(new Main());
        String verb = verbOf(args);
        if (verb != null && !verbs.containsKey(verb)) {
            System.err.println("berth: unknown command: berth " + verb);
            System.err.println();
            System.err.println("Run 'berth --help' for more information");
            return 1;
        }
        if (verb != null) {
            cmd.addSubcommand(verb, verbs.get(verb).get());
        } else {
            verbs.forEach((name, make) -> cmd.addSubcommand(name, make.get()));
        }
        cmd.getCommandSpec().version("Berth version 0.1.0");
        // docker stops parsing flags at the image (the container for exec, top): what follows is the command line
        for (CommandLine group : new CommandLine[] {cmd, cmd.getSubcommands().get("container")}) {
            if (group == null) continue;
            for (String runLike : new String[] {"run", "create", "exec", "top"}) {
                CommandLine sub = group.getSubcommands().get(runLike);
                if (sub != null) sub.setStopAtPositional(true);
            }
        }
        cmd.setExecutionExceptionHandler((e, line, parsed) -> failed(e, verbName(line)));
        cmd.setParameterExceptionHandler((e, ignored) -> UsageError.report(e, args, System.err));
        cmd.setExecutionStrategy(parsed -> {
            Integer helped = Help.printIfRequested(parsed);
            return helped != null ? helped : new CommandLine.RunLast().execute(parsed);
        });
        return cmd.execute(args);
    }

    /** The verb's name for error reports: network create is not create, whose errors carry a usage hint. */
    private static String verbName(CommandLine line) {
        CommandLine parent = line.getParent();
        boolean network = parent != null && "network".equals(parent.getCommandName());
        return network ? "network " + line.getCommandName() : line.getCommandName();
    }

    /** The -H the quick path found (picocli sets it through {@link #setHost}). */
    static void useHost(String value) {
        host = value;
        cli = null;
    }

    /** Runs a verb the quick path parsed, reporting its failure as picocli's execution strategy does for the rest. */
    static int call(Verb verb, String name) {
        try {
            return verb.call();
        } catch (Exception e) {
            try {
                return failed(e, name);
            } catch (Exception unexpected) {
                // picocli's answer to an exception no handler knows: the trace, exit status 1
                unexpected.printStackTrace();
                return 1;
            }
        }
    }

    /** Reports what a verb threw, as the docker CLI words it, and returns the exit code; rethrows the unexpected. */
    static int failed(Exception e, String name) throws Exception {
        boolean runLike = name.equals("run") || name.equals("create");
        if (e instanceof EngineException || e instanceof ProgressPrinter.StreamError || e instanceof CliError) {
            String message = e instanceof EngineException ee && isDaemonError(ee)
                    ? "Error response from daemon: " + e.getMessage() : e.getMessage();
            if (runLike) {
                System.err.println("berth: " + message);
                System.err.println();
                System.err.println("Run 'berth " + name + " --help' for more information");
                return e instanceof CliError ? 125 : exitCodeForStart(e.getMessage());
            }
            System.err.println(message);
            return e instanceof CliError c ? c.exitCode() : 1;
        }
        if (e instanceof berth.client.EngineClient.UpgradeRefused refused) {
            // the docker CLI returns this one as it is, from run too: no usage hint, status 1
            System.err.println(refused.getMessage());
            return 1;
        }
        if (e instanceof java.io.IOException io) {
            System.err.println("error during connect: " + io.getMessage());
            return runLike ? 125 : 1;
        }
        if (e instanceof IllegalArgumentException bad) {
            // a --format template that does not parse, a malformed host or reference
            System.err.println(bad.getMessage());
            return runLike ? 125 : 1;
        }
        throw e;
    }

    private static boolean isDaemonError(EngineException e) {
        return !(e instanceof berth.api.errors.UnavailableException) || !e.getMessage().startsWith("Cannot connect");
    }

    /** The docker CLI's exit codes for a container that could not start: 127 not found, 126 not executable. */
    static int exitCodeForStart(String message) {
        if (message.contains("executable file not found") || message.contains("no such file or directory")) return 127;
        if (message.contains("permission denied")) return 126;
        return 125;
    }
}
