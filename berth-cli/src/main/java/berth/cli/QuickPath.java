package berth.cli;

import berth.api.UnixSockets;
import berth.cli.container.PsCommand;
import berth.cli.container.RunCommand;
import berth.cli.system.VersionCommand;
import berth.client.Host;

/**
 * The verbs people time: {@code version}, {@code ps} and {@code run}, parsed by {@link FlagParser} instead of picocli,
 * whose reflective command model costs more start-up time than the verb's own work. The verb then runs the same code
 * as under picocli. A command line the quick parser declines (help, an error, a flag it does not know, any other verb)
 * answers null and goes to picocli.
 */
final class QuickPath {
    private QuickPath() {}

    /** The exit code, or null when picocli is to handle the command line. */
    static Integer run(String[] args) {
        String host = null;
        int i = 0;
        // the root's own flags: -H/--host, once; anything else (--help, -v) is picocli's
        while (i < args.length && args[i].startsWith("-")) {
            String a = args[i];
            if (host != null) return null;
            if ((a.equals("-H") || a.equals("--host")) && i + 1 < args.length && !args[i + 1].startsWith("-")) {
                host = args[i + 1];
                i += 2;
            } else if (a.startsWith("--host=") && a.length() > 7) {
                host = a.substring(7);
                i++;
            } else {
                return null;
            }
        }
        if (i >= args.length) return null;
        String name = args[i];
        boolean quickVerb = name.equals("version") || name.equals("ps") || name.equals("run");
        // the JDK's Unix socket support sets itself up beside the parsing and the verb's own set-up
        if (quickVerb && Host.isUnix(Host.select(host, System.getenv()))) UnixSockets.prepare();
        Verb verb = switch (name) {
            case "version" -> VersionCommand.quick(args, i + 1);
            case "ps" -> PsCommand.quick(args, i + 1);
            case "run" -> RunCommand.quick(args, i + 1);
            default -> null;
        };
        if (verb == null) return null;
        Main.useHost(host);
        return Main.call(verb, name);
    }
}
