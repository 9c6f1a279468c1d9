package berth.cli.container;

import berth.api.errors.NotFoundException;
import berth.cli.FlagParser;
import berth.cli.Terminal;
import berth.cli.Verb;
import berth.client.EngineClient;
import berth.client.JsonPath;
import berth.client.Response;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code berth run}: the docker CLI's sequence: create (pull on "No such image" and retry), attach, wait (its
 * response headers before start), start, stream, exit with the container's status.
 */
@Command(name = "run", description = "Create a container from an image and run it", sortOptions = false)
public final class RunCommand extends Verb {
    @Mixin ContainerOptions options;

    @Option(names = "--pull", paramLabel = "string", defaultValue = "missing",
            description = "Pull image before running (\"always\", \"missing\", \"never\")")
    void pull(String policy) {
        options.pull = policy;
    }
    @Option(names = {"-d", "--detach"}, description = "Run container in background and print container ID") boolean detach;
    @Option(names = "--detach-keys", paramLabel = "string", description = "Keys that detach and leave the container running (default ctrl-p,ctrl-q)")
    String detachKeys;

    /** {@code run} and its flags parsed without picocli ({@link berth.cli.QuickPath}); null when declined. */
    public static RunCommand quick(String[] args, int from) {
        RunCommand run = new RunCommand();
        run.options = new ContainerOptions();
        List<String> positionals = flags(run).parse(args, from, true);
        if (positionals == null || positionals.isEmpty()) return null;
        run.options.image = positionals.getFirst();
        run.options.command.addAll(positionals.subList(1, positionals.size()));
        return run;
    }

    static FlagParser flags(RunCommand run) {
        return run.options.flags(new FlagParser()).value(p -> run.options.pull = p, "--pull")
                .flag(() -> run.detach = true, "-d", "--detach").value(k -> run.detachKeys = k, "--detach-keys");
    }

    @Override
    @SuppressWarnings("try") // the wait response and the signal proxy are held open for their side effects
    protected int run() throws Exception {
        boolean rawInput = options.tty && options.interactive && !detach;
        if (rawInput && !Terminal.isTerminal(0)) {
            err.println("the input device is not a TTY");
            return 1;
        }
        boolean ttyOut = options.tty && Terminal.isTerminal(1);
        if (ttyOut) options.consoleSize = Terminal.size();
        EngineClient client = client();
        String id = Creator.create(client, options, detach, err);
        String waitPath = "/containers/" + id + "/wait?condition=" + (options.rm ? "removed" : "next-exit");
        if (detach) {
            // the docker CLI waits here too (its answer is dropped): the same requests reach the daemon
            try (Response wait = client.send("POST", waitPath, Map.of(), null).check()) {
                client.call("POST", "/containers/" + id + "/start", null).close();
            }
            out.println(id);
            return 0;
        }
        List<String> streams = options.attach;
        boolean stdin = options.interactive || streams.contains("stdin");
        boolean all = streams.isEmpty();
        String attachQuery = EngineClient.query(EngineClient.params("detachKeys", detachKeys, "stderr", all || streams.contains("stderr") ? 1 : null,
                "stdin", stdin ? 1 : null, "stdout", all || streams.contains("stdout") ? 1 : null, "stream", 1));
        try (EngineClient.Hijacked attached = client.hijack("/containers/" + id + "/attach" + attachQuery, null);
             Response wait = client.send("POST", waitPath, Map.of(), null).check()) {
            // with a TTY, ^C reaches the container as a keystroke; without one the CLI relays the signal
            try (TtySession session = TtySession.open(rawInput, ttyOut ? size -> resize(client, id, size) : null);
                 SignalProxy proxy = options.tty ? null : SignalProxy.forward(client, id)) {
                client.call("POST", "/containers/" + id + "/start", null).close();
                if (ttyOut && options.consoleSize != null) resize(client, id, options.consoleSize);
                // detached: the container keeps running and the CLI ends quietly, as docker's does
                if (AttachedStreams.pump(attached, stdin, options.tty, DetachKeys.of(detachKeys))) return 0;
            }
            Object result = wait.value();
            Object error = JsonPath.get(result, "Error");
            if (JsonPath.hasNonNull(error, "Message")) err.println(JsonPath.text(JsonPath.get(error, "Message")));
            return (int) JsonPath.longValue(JsonPath.get(result, "StatusCode"), 0);
        }
    }

    /** The docker CLI re-sends the size after start: the process may have read it before the pty got it. */
    static void resize(EngineClient client, String id, int[] size) {
        try {
            client.call("POST", "/containers/" + id + "/resize?h=" + size[0] + "&w=" + size[1], null).close();
        } catch (IOException | RuntimeException e) {
            // the container may be gone already; the size is cosmetic
        }
    }

    /** Creates the container, pulling the image first when the daemon does not have it (or always, with --pull). */
    static final class Creator {
        private Creator() {}

        static String create(EngineClient client, ContainerOptions o, boolean detach, java.io.PrintStream err) throws IOException {
            if (!List.of("always", "missing", "never").contains(o.pull)) {
                throw new berth.cli.CliError("invalid pull option: '" + o.pull + "': must be one of \"always\", \"missing\" or \"never\"");
            }
            String query = EngineClient.query(EngineClient.params("name", o.name));
            Map<String, Object> body = o.createBody(detach);
            if ("always".equals(o.pull)) ImagePull.pull(client, o.image, err);
            try {
                return id(client.call("POST", "/containers/create" + query, body));
            } catch (NotFoundException e) {
                if ("never".equals(o.pull) || !e.getMessage().startsWith("No such image")) throw e;
                err.println("Unable to find image '" + withTag(o.image) + "' locally");
                ImagePull.pull(client, o.image, err);
                return id(client.call("POST", "/containers/create" + query, body));
            }
        }

        private static String id(Response created) throws IOException {
            return JsonPath.text(JsonPath.get(created.value(), "Id"));
        }

        static String withTag(String image) {
            boolean tagged = image.contains("@") || image.lastIndexOf(':') > image.lastIndexOf('/');
            return tagged ? image : image + ":latest";
        }
    }
}
