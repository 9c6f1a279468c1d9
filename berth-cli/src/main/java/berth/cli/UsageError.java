package berth.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Command-line mistakes reported as the docker CLI (cobra + cli/required.go) reports them: a flag error exits 125,
 * a wrong number of arguments exits 1, each followed by the verb's usage line.
 */
final class UsageError {
    /** docker's one-line usage per verb; group forms differ from the short forms only where listed. */
    private static final Map<String, String> SYNOPSIS = Map.ofEntries(
            Map.entry("run", "[OPTIONS] IMAGE [COMMAND] [ARG...]"),
            Map.entry("create", "[OPTIONS] IMAGE [COMMAND] [ARG...]"),
            Map.entry("start", "[OPTIONS] CONTAINER [CONTAINER...]"),
            Map.entry("stop", "[OPTIONS] CONTAINER [CONTAINER...]"),
            Map.entry("kill", "[OPTIONS] CONTAINER [CONTAINER...]"),
            Map.entry("restart", "[OPTIONS] CONTAINER [CONTAINER...]"),
            Map.entry("rm", "[OPTIONS] CONTAINER [CONTAINER...]"),
            Map.entry("wait", "CONTAINER [CONTAINER...]"),
            Map.entry("inspect", "[OPTIONS] NAME|ID [NAME|ID...]"),
            Map.entry("logs", "[OPTIONS] CONTAINER"),
            Map.entry("ps", "[OPTIONS]"),
            Map.entry("images", "[OPTIONS] [REPOSITORY[:TAG]]"),
            Map.entry("pull", "[OPTIONS] NAME[:TAG|@DIGEST]"),
            Map.entry("push", "[OPTIONS] NAME[:TAG]"),
            Map.entry("tag", "SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]"),
            Map.entry("rmi", "[OPTIONS] IMAGE [IMAGE...]"),
            Map.entry("history", "[OPTIONS] IMAGE"),
            Map.entry("import", "[OPTIONS] file|URL|- [REPOSITORY[:TAG]]"),
            Map.entry("save", "[OPTIONS] IMAGE [IMAGE...]"),
            Map.entry("load", "[OPTIONS]"),
            Map.entry("search", "[OPTIONS] TERM"),
            Map.entry("version", "[OPTIONS]"),
            Map.entry("info", "[OPTIONS]"),
            Map.entry("events", "[OPTIONS]"),
            Map.entry("network create", "[OPTIONS] NETWORK"),
            Map.entry("network ls", "[OPTIONS]"),
            Map.entry("network inspect", "[OPTIONS] NETWORK [NETWORK...]"),
            Map.entry("network rm", "NETWORK [NETWORK...]"),
            Map.entry("network connect", "[OPTIONS] NETWORK CONTAINER"),
            Map.entry("network disconnect", "[OPTIONS] NETWORK CONTAINER"),
            Map.entry("network prune", "[OPTIONS]"),
            Map.entry("network", "COMMAND"),
            Map.entry("image ls", "[OPTIONS] [REPOSITORY[:TAG]]"),
            Map.entry("image rm", "[OPTIONS] IMAGE [IMAGE...]"),
            Map.entry("image inspect", "[OPTIONS] IMAGE [IMAGE...]"),
            Map.entry("container ls", "[OPTIONS]"),
            Map.entry("container inspect", "[OPTIONS] CONTAINER [CONTAINER...]"),
            Map.entry("exec", "[OPTIONS] CONTAINER COMMAND [ARG...]"),
            Map.entry("attach", "[OPTIONS] CONTAINER"),
            Map.entry("pause", "CONTAINER [CONTAINER...]"),
            Map.entry("unpause", "CONTAINER [CONTAINER...]"),
            Map.entry("commit", "[OPTIONS] CONTAINER [REPOSITORY[:TAG]]"),
            Map.entry("diff", "CONTAINER"),
            Map.entry("cp", "[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tberth cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH"),
            Map.entry("export", "[OPTIONS] CONTAINER"),
            Map.entry("stats", "[OPTIONS] [CONTAINER...]"),
            Map.entry("top", "CONTAINER [ps OPTIONS]"),
            Map.entry("update", "[OPTIONS] CONTAINER [CONTAINER...]"),
            Map.entry("image", "COMMAND"),
            Map.entry("container", "COMMAND"));

    private UsageError() {}

    static String usageLine(CommandSpec spec) {
        String path = path(spec);
        String synopsis = SYNOPSIS.get(path);
        if (synopsis == null) synopsis = SYNOPSIS.getOrDefault(spec.name(), "[OPTIONS]");
        return "Usage:  berth " + path + " " + synopsis;
    }

    /** "image ls" for berth image ls: the command's names below the root, by their primary names. */
    private static String path(CommandSpec spec) {
        String q = spec.qualifiedName(" ");
        int space = q.indexOf(' ');
        return space < 0 ? q : q.substring(space + 1);
    }

    /** Prints the message and usage; returns the exit code. */
    static int report(CommandLine.ParameterException e, String[] args, PrintStream err) {
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        String command = "berth " + path(spec);
        // cobra parses every flag before it counts arguments; picocli may complain about a missing argument first
        String unknown = unknownFlag(spec, args);
        String argCount = unknown != null ? null : argumentCountError(e, spec);
        if (argCount != null && !spec.subcommands().isEmpty() && e instanceof CommandLine.UnmatchedArgumentException u) {
            // a group (image, container) given a verb it does not have
            err.println("berth: unknown command: " + command + " " + u.getUnmatched().getFirst());
            err.println();
            err.println("Usage:  " + command);
            err.println();
            err.println("Run '" + command + " --help' for more information");
            return 1;
        }
        if (argCount != null) {
            // cli/required.go: "at least" says See, "at most" says SRun (a typo in docker 28, kept for byte equality)
            String tail = argCount.contains("at least") ? "See" : argCount.contains("at most") ? "SRun" : "Run";
            err.println("berth: '" + command + "' " + argCount);
            err.println();
            err.println(usageLine(spec));
            err.println();
            err.println(tail + " '" + command + " --help' for more information");
            return 1;
        }
        err.println(unknown != null ? unknown : flagError(e, args));
        err.println();
        err.println(usageLine(spec));
        err.println();
        err.println("Run '" + command + " --help' for more information");
        return 125;
    }

    /** cobra's messages for flags: unknown flag, missing value, bad value. */
    static String flagError(CommandLine.ParameterException e, String[] args) {
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String arg = u.getUnmatched().getFirst();
            if (arg.startsWith("--")) return "unknown flag: " + arg.split("=", 2)[0];
            String letters = arg.substring(1);
            List<String> known = e.getCommandLine().getCommandSpec().options().stream()
                    .flatMap(o -> java.util.Arrays.stream(o.names())).toList();
            for (char c : letters.toCharArray()) {
                if (!known.contains("-" + c)) return "unknown shorthand flag: '" + c + "' in " + arg;
            }
            return "unknown shorthand flag: '" + letters.charAt(0) + "' in " + arg;
        }
        ArgSpec arg = e instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty()
                ? m.getMissing().getFirst() : e.getArgSpec();
        if (arg instanceof OptionSpec o) {
            String shortName = null;
            String longName = null;
            for (String n : o.names()) {
                if (n.startsWith("--")) longName = n;
                else shortName = n;
            }
            if (e instanceof CommandLine.MissingParameterException && args.length > 0) {
                // a flag lacks its value only at the end of the line: name it as typed
                String typed = args[args.length - 1];
                if (typed.startsWith("--")) return "flag needs an argument: " + typed;
                if (typed.startsWith("-")) {
                    return "flag needs an argument: '" + typed.charAt(typed.length() - 1) + "' in -" + typed.charAt(typed.length() - 1);
                }
            }
            if (e instanceof CommandLine.MissingParameterException) {
                return shortName != null ? "flag needs an argument: '" + shortName.substring(1) + "' in " + shortName
                        : "flag needs an argument: " + longName;
            }
            String value = e.getValue() == null ? "" : e.getValue();
            String names = shortName != null && longName != null ? shortName + ", " + longName : o.longestName();
            Class<?> type = o.type();
            String reason = type == int.class || type == Integer.class || type == long.class || type == Long.class
                    ? "strconv.ParseInt: parsing \"" + value + "\": invalid syntax"
                    : e.getCause() instanceof CommandLine.TypeConversionException t ? t.getMessage() : e.getMessage();
            return "invalid argument \"" + value + "\" for \"" + names + "\" flag: " + reason;
        }
        return e.getMessage();
    }

    /** cobra's message for the first flag after the verb that the verb does not have, or null. */
    static String unknownFlag(CommandSpec spec, String[] args) {
        int start = -1;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(spec.name()) || java.util.Arrays.asList(spec.aliases()).contains(args[i])) {
                start = i + 1;
                break;
            }
        }
        if (start < 0) return null;
        boolean stopAtPositional = spec.parser().stopAtPositional();
        for (int i = start; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) return null;
            if (!a.startsWith("-") || a.equals("-")) {
                if (stopAtPositional) return null;
                continue;
            }
            if (a.startsWith("--")) {
                String name = a.split("=", 2)[0];
                OptionSpec o = spec.findOption(name);
                if (o == null) return "unknown flag: " + name;
                if (!a.contains("=") && o.arity().max() > 0) i++;
                continue;
            }
            for (int c = 1; c < a.length(); c++) {
                OptionSpec o = spec.findOption("-" + a.charAt(c));
                if (o == null) return "unknown shorthand flag: '" + a.charAt(c) + "' in " + a;
                if (o.arity().max() > 0) {
                    if (c == a.length() - 1) i++;
                    break;
                }
            }
        }
        return null;
    }

    /** cli/required.go's wording, from the positional parameters' arity; null when the error is not about them. */
    static String argumentCountError(CommandLine.ParameterException e, CommandSpec spec) {
        boolean positional = e instanceof CommandLine.MissingParameterException m
                ? m.getMissing().stream().allMatch(ArgSpec::isPositional)
                : e instanceof CommandLine.UnmatchedArgumentException u
                        && !u.getUnmatched().isEmpty() && !u.getUnmatched().getFirst().startsWith("-");
        if (!positional) return null;
        int min = 0;
        int max = 0;
        boolean unbounded = false;
        for (PositionalParamSpec p : spec.positionalParameters()) {
            min += p.arity().min();
            if (p.arity().max() == Integer.MAX_VALUE || p.index().max() == Integer.MAX_VALUE) unbounded = true;
            else max += p.arity().max();
        }
        if (max == 0 && !unbounded) return "accepts no arguments";
        if (unbounded) return "requires at least " + min + " " + plural(min);
        if (min == max) return "requires " + min + " " + plural(min);
        if (min == 0) return "requires at most " + max + " " + plural(max);
        return "requires at least " + min + " and at most " + max + " arguments";
    }

    private static String plural(int n) {
        return n == 1 ? "argument" : "arguments";
    }
}
