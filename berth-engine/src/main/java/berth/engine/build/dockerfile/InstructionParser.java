package berth.engine.build.dockerfile;

import berth.api.errors.InvalidArgumentException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Turns one logical line (keyword, flags, rest, here-documents) into its typed {@link Instruction}, with Docker's
 * argument rules and messages. Problems are {@link ParseProblem}s; the caller adds file and line.
 */
final class InstructionParser {
    static final List<String> KEYWORDS = List.of("ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM",
            "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME",
            "WORKDIR");
    private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_.]*$");
    private static final Pattern ONBUILD_PREFIX = Pattern.compile("(?i)^\\s*ONBUILD\\s*");

    private final char escape;

    InstructionParser(char escape) {
        this.escape = escape;
    }

    /** True for the instructions whose lines may introduce here-documents (RUN, COPY, ADD, and ONBUILD of those). */
    boolean mayHaveHeredocs(String line) {
        ArgSyntax.Split split = ArgSyntax.split(line, escape);
        String keyword = split.keyword().toUpperCase(Locale.ROOT);
        if (keyword.equals("ONBUILD")) {
            if (split.rest().isEmpty()) return false;
            split = ArgSyntax.split(split.rest(), escape);
            keyword = split.keyword().toUpperCase(Locale.ROOT);
        }
        return switch (keyword) {
            case "RUN" -> isShellForm(split.rest());
            case "COPY", "ADD" -> JsonArgs.parse(split.rest()).outcome() != JsonArgs.Outcome.STRINGS;
            default -> false;
        };
    }

    private static boolean isShellForm(String rest) {
        return rest.isEmpty() || JsonArgs.parse(rest).outcome() != JsonArgs.Outcome.STRINGS;
    }

    Instruction parse(String logicalLine, int line, List<Heredoc> heredocs) {
        ArgSyntax.Split split = ArgSyntax.split(logicalLine, escape);
        String original = ArgSyntax.trim(logicalLine);
        String keyword = split.keyword().toUpperCase(Locale.ROOT);
        Flags flags = new Flags(split.flags());
        String rest = split.rest();
        try {
            Instruction instruction = switch (keyword) {
                case "FROM" -> from(line, original, flags, rest);
                case "RUN" -> run(line, original, flags, rest, heredocs);
                case "CMD" -> new Instruction.Cmd(line, original, flaglessCommand(flags, rest));
                case "ENTRYPOINT" -> new Instruction.Entrypoint(line, original, flaglessCommand(flags, rest));
                case "LABEL" -> new Instruction.Label(line, original, keyValues("LABEL", flags, rest));
                case "ENV" -> new Instruction.Env(line, original, keyValues("ENV", flags, rest));
                case "EXPOSE" -> expose(line, original, flags, rest);
                case "ADD" -> add(line, original, flags, rest, heredocs);
                case "COPY" -> copy(line, original, flags, rest, heredocs);
                case "VOLUME" -> volume(line, original, flags, rest);
                case "USER" -> new Instruction.User(line, original, single("USER", flags, rest));
                case "WORKDIR" -> new Instruction.Workdir(line, original, single("WORKDIR", flags, rest));
                case "MAINTAINER" -> new Instruction.Maintainer(line, original, single("MAINTAINER", flags, rest));
                case "STOPSIGNAL" -> new Instruction.Stopsignal(line, original, single("STOPSIGNAL", flags, rest));
                case "ARG" -> arg(line, original, flags, rest);
                case "ONBUILD" -> onbuild(line, original, flags, rest, heredocs);
                case "HEALTHCHECK" -> healthcheck(line, original, flags, rest);
                case "SHELL" -> shell(line, original, flags, rest);
                default -> throw new ParseProblem(Suggest.withSuggestion("unknown instruction: " + split.keyword(),
                        split.keyword(), KEYWORDS, false));
            };
            try {
                Expansion.check(instruction, escape);
            } catch (InvalidArgumentException e) {
                throw new ParseProblem(e.getMessage());
            }
            return instruction;
        } catch (ParseProblem p) {
            throw named(keyword, p);
        }
    }

    /** Adds the keyword to messages that do not say which instruction they are about. */
    private static ParseProblem named(String keyword, ParseProblem p) {
        String message = p.getMessage();
        if (message.startsWith("unknown instruction:") || containsWord(message, keyword)) return p;
        return new ParseProblem(keyword + ": " + message);
    }

    private static boolean containsWord(String message, String keyword) {
        return Pattern.compile("(^|[^A-Za-z])" + keyword + "([^A-Za-z]|$)").matcher(message).find();
    }

    private Instruction.From from(int line, String original, Flags flags, String rest) {
        List<String> args = ArgSyntax.fields(rest);
        String stageName = null;
        if (args.size() == 3 && args.get(1).equalsIgnoreCase("as")) {
            stageName = args.get(2).toLowerCase(Locale.ROOT);
            if (!STAGE_NAME.matcher(stageName).matches()) {
                throw new ParseProblem("invalid name for build stage: \"" + args.get(2)
                        + "\", name can't start with a number or contain symbols");
            }
        } else if (args.size() != 1) {
            throw new ParseProblem("FROM requires either one or three arguments");
        }
        flags.string("platform").parse();
        return new Instruction.From(line, original, args.getFirst(), flags.string("platform", null), stageName);
    }

    private Instruction.Run run(int line, String original, Flags flags, String rest, List<Heredoc> heredocs) {
        flags.strings("mount").string("network").string("security").parse();
        String network = flags.string("network", "default");
        Instruction.Run.Network net = switch (network) {
            case "default" -> Instruction.Run.Network.DEFAULT;
            case "none" -> Instruction.Run.Network.NONE;
            case "host" -> Instruction.Run.Network.HOST;
            default -> throw new ParseProblem("invalid network mode \"" + network + "\"");
        };
        String security = flags.string("security", "sandbox");
        Instruction.Run.Security sec = switch (security) {
            case "sandbox" -> Instruction.Run.Security.SANDBOX;
            case "insecure" -> Instruction.Run.Security.INSECURE;
            default -> throw new ParseProblem("security \"" + security + "\" is not valid");
        };
        // Docker would run the shell with no command and fail then; refusing it here names the line instead
        if (rest.isEmpty()) throw new ParseProblem("RUN requires at least one argument");
        CommandLine command = commandLine(rest);
        if (command instanceof CommandLine.ExecForm exec && exec.args().isEmpty()) {
            throw new ParseProblem("RUN requires at least one argument");
        }
        List<String> specs = flags.all("mount");
        for (String spec : specs) checkMount(spec);
        return new Instruction.Run(line, original, command, specs, net, sec, heredocs);
    }

    /** A mount is checked now when its values are literal; one with variables is checked when the step expands it. */
    private static void checkMount(String spec) {
        UnaryOperator<String> literal = UnaryOperator.identity();
        try {
            RunMount.parse(spec, literal);
        } catch (InvalidArgumentException e) {
            boolean fromProblem = e.getMessage().startsWith("'from' doesn't support");
            if (fromProblem || !spec.contains("$")) throw new ParseProblem(e.getMessage());
        }
    }

    /** CMD and ENTRYPOINT take no flags: refuses any, then reads the command. */
    private static CommandLine flaglessCommand(Flags flags, String rest) {
        flags.parse();
        return commandLine(rest);
    }

    private static CommandLine commandLine(String rest) {
        if (rest.isEmpty()) return new CommandLine.ShellForm("");
        JsonArgs.Parsed json = JsonArgs.parse(rest);
        return switch (json.outcome()) {
            case STRINGS -> new CommandLine.ExecForm(json.strings());
            case NOT_STRINGS -> throw new ParseProblem(JsonArgs.NOT_STRINGS_MESSAGE);
            case NOT_JSON -> new CommandLine.ShellForm(rest);
        };
    }

    /** Exec form as a list, else blank-separated fields (COPY, ADD, VOLUME). */
    private static Args list(String rest) {
        JsonArgs.Parsed json = JsonArgs.parse(rest);
        return switch (json.outcome()) {
            case STRINGS -> new Args(json.strings(), true);
            case NOT_STRINGS -> throw new ParseProblem(JsonArgs.NOT_STRINGS_MESSAGE);
            case NOT_JSON -> new Args(ArgSyntax.fields(rest), false);
        };
    }

    private record Args(List<String> words, boolean json) {}

    private List<KeyValue> keyValues(String keyword, Flags flags, String rest) {
        List<String> words = ArgSyntax.words(rest, escape);
        List<KeyValue> pairs = new ArrayList<>();
        if (!words.isEmpty()) {
            if (!words.getFirst().contains("=")) {
                String[] parts = ArgSyntax.BLANKS.split(rest, 2);
                if (parts.length < 2) throw new ParseProblem(keyword + " must have two arguments");
                pairs.add(new KeyValue(parts[0], parts[1], true));
            } else {
                for (String word : words) {
                    int eq = word.indexOf('=');
                    if (eq < 0) {
                        throw new ParseProblem("Syntax error - can't find = in \"" + word
                                + "\". Must be of the form: name=value");
                    }
                    pairs.add(new KeyValue(word.substring(0, eq), word.substring(eq + 1), false));
                }
            }
        }
        flags.parse();
        if (pairs.isEmpty()) throw new ParseProblem(keyword + " requires at least one argument");
        for (KeyValue kv : pairs) {
            if (kv.key().isEmpty()) throw new ParseProblem(keyword + " names can not be blank");
        }
        return pairs;
    }

    private Instruction.Expose expose(int line, String original, Flags flags, String rest) {
        List<String> ports = ArgSyntax.fields(rest);
        if (ports.isEmpty()) throw new ParseProblem("EXPOSE requires at least one argument");
        flags.parse();
        return new Instruction.Expose(line, original, ports);
    }

    private record SourcesAndDest(List<String> sources, List<Heredoc> contents, String destination) {}

    private SourcesAndDest sourcesAndDest(String keyword, List<String> args, List<Heredoc> heredocs) {
        List<String> srcs = args.subList(0, args.size() - 1);
        String dest = args.getLast();
        if (HeredocHeaders.parseOrNull(dest) != null) {
            throw new ParseProblem(keyword + " cannot accept a heredoc as a destination");
        }
        Map<String, Heredoc> byName = new HashMap<>();
        for (Heredoc h : heredocs) byName.put(h.name(), h);
        List<String> paths = new ArrayList<>();
        List<Heredoc> contents = new ArrayList<>();
        for (String src : srcs) {
            HeredocHeaders.Header header = HeredocHeaders.parseOrNull(src);
            if (header == null) {
                paths.add(src);
                continue;
            }
            Heredoc body = byName.get(header.name());
            String content = body == null ? "" : body.content();
            contents.add(new Heredoc(header.name(), content, header.expand(), header.chomp(), header.fd()));
        }
        return new SourcesAndDest(paths, contents, dest);
    }

    private Instruction.Add add(int line, String original, Flags flags, String rest, List<Heredoc> heredocs) {
        Args args = list(rest);
        if (args.words().size() < 2) throw noDestination("ADD");
        flags.string("chown").string("chmod").bool("link").bool("keep-git-dir").string("checksum").bool("unpack")
                .strings("exclude").parse();
        SourcesAndDest sd = sourcesAndDest("ADD", args.words(), heredocs);
        return new Instruction.Add(line, original, sd.sources(), sd.contents(), sd.destination(),
                flags.string("chown", null), flags.string("chmod", null), flags.string("checksum", null),
                flags.optionalBool("keep-git-dir"), flags.isTrue("link"), flags.all("exclude"),
                flags.optionalBool("unpack"));
    }

    private Instruction.Copy copy(int line, String original, Flags flags, String rest, List<Heredoc> heredocs) {
        Args args = list(rest);
        if (args.words().size() < 2) throw noDestination("COPY");
        flags.string("chown").string("from").string("chmod").bool("link").strings("exclude").bool("parents").parse();
        String from = flags.string("from", null);
        if (from != null && !literal(from)) {
            throw new ParseProblem("variable expansion is not supported for --from, define a new stage with FROM "
                    + "using ARG from global scope as a workaround");
        }
        SourcesAndDest sd = sourcesAndDest("COPY", args.words(), heredocs);
        return new Instruction.Copy(line, original, sd.sources(), sd.contents(), sd.destination(),
                flags.string("from", null), flags.string("chown", null), flags.string("chmod", null),
                flags.isTrue("link"), flags.isTrue("parents"), flags.all("exclude"));
    }

    /** True when substitution would leave the word as it is (no variable, quote or escape in it). */
    private boolean literal(String word) {
        try {
            return new ShellLexer(escape, Map.of(), false, false, false).run(word).value().equals(word);
        } catch (InvalidArgumentException e) {
            return false;
        }
    }

    private static ParseProblem noDestination(String keyword) {
        return new ParseProblem(keyword + " requires at least two arguments, but only one was provided. "
                + "Destination could not be determined");
    }

    private Instruction.Volume volume(int line, String original, Flags flags, String rest) {
        Args args = list(rest);
        if (args.words().isEmpty()) throw new ParseProblem("VOLUME requires at least one argument");
        flags.parse();
        List<String> paths = new ArrayList<>();
        for (String v : args.words()) {
            String t = ArgSyntax.trim(v);
            if (t.isEmpty()) throw new ParseProblem("VOLUME specified can not be an empty string");
            paths.add(t);
        }
        return new Instruction.Volume(line, original, paths);
    }

    private static String single(String keyword, Flags flags, String rest) {
        if (rest.isEmpty()) throw new ParseProblem(keyword + " requires exactly one argument");
        flags.parse();
        return rest;
    }

    private Instruction.Arg arg(int line, String original, Flags flags, String rest) {
        List<String> words = ArgSyntax.words(rest, escape);
        if (words.isEmpty()) throw new ParseProblem("ARG requires at least one argument");
        List<ArgDefinition> defs = new ArrayList<>();
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq == 0) throw new ParseProblem("ARG names can not be blank");
            defs.add(eq < 0 ? new ArgDefinition(word, null) : new ArgDefinition(word.substring(0, eq),
                    word.substring(eq + 1)));
        }
        flags.parse();
        return new Instruction.Arg(line, original, defs);
    }

    private Instruction.Onbuild onbuild(int line, String original, Flags flags, String rest, List<Heredoc> heredocs) {
        if (rest.isEmpty()) throw new ParseProblem("ONBUILD requires at least one argument");
        flags.parse();
        String trigger = ArgSyntax.split(rest, escape).keyword().toUpperCase(Locale.ROOT);
        switch (trigger) {
            case "ONBUILD" -> throw new ParseProblem("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "MAINTAINER", "FROM" -> throw new ParseProblem(trigger + " isn't allowed as an ONBUILD trigger");
            default -> { }
        }
        Instruction parsed;
        try {
            parsed = parse(rest, line, heredocs);
        } catch (ParseProblem p) {
            throw new ParseProblem("ONBUILD trigger: " + p.getMessage());
        }
        StringBuilder expression = new StringBuilder(ONBUILD_PREFIX.matcher(original).replaceFirst(""));
        for (Heredoc h : heredocs) expression.append('\n').append(h.content()).append(h.name());
        return new Instruction.Onbuild(line, original, expression.toString(), parsed);
    }

    private Instruction.Healthcheck healthcheck(int line, String original, Flags flags, String rest) {
        int sep = 0;
        while (sep < rest.length() && !ShellLexer.isSpace(rest.charAt(sep))) sep++;
        if (sep == 0) throw new ParseProblem("HEALTHCHECK requires at least one argument");
        String type = rest.substring(0, sep).toUpperCase(Locale.ROOT);
        String command = ArgSyntax.trim(rest.substring(sep));
        if (type.equals("NONE")) {
            if (!command.isEmpty()) throw new ParseProblem("HEALTHCHECK NONE takes no arguments");
            flags.parse();
            return new Instruction.Healthcheck(line, original, List.of("NONE"), Duration.ZERO, Duration.ZERO,
                    Duration.ZERO, Duration.ZERO, 0);
        }
        flags.string("interval").string("timeout").string("start-period").string("start-interval").string("retries")
                .parse();
        if (!type.equals("CMD")) throw new ParseProblem("Unknown type \"" + type + "\" in HEALTHCHECK (try CMD)");
        CommandLine cmd = commandLine(command);
        List<String> test = new ArrayList<>();
        switch (cmd) {
            case CommandLine.ExecForm exec -> {
                if (exec.args().isEmpty()) throw new ParseProblem("Missing command after HEALTHCHECK CMD");
                test.add("CMD");
                test.addAll(exec.args());
            }
            case CommandLine.ShellForm shell -> {
                if (shell.text().isEmpty()) throw new ParseProblem("Missing command after HEALTHCHECK CMD");
                test.add("CMD-SHELL");
                test.add(shell.text());
            }
        }
        Duration interval = interval(flags, "interval");
        Duration timeout = interval(flags, "timeout");
        Duration startPeriod = interval(flags, "start-period");
        Duration startInterval = interval(flags, "start-interval");
        int retries = 0;
        String r = flags.string("retries", "");
        if (!r.isEmpty()) {
            long value;
            try {
                value = Long.parseLong(r);
                if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw new ParseProblem("HEALTHCHECK --retries: strconv.ParseInt: parsing \"" + r
                        + "\": invalid syntax");
            }
            if (value < 0) throw new ParseProblem("--retries cannot be negative (" + value + ")");
            retries = (int) value;
        }
        return new Instruction.Healthcheck(line, original, test, interval, timeout, startPeriod, startInterval,
                retries);
    }

    private static Duration interval(Flags flags, String name) {
        String s = flags.string(name, "");
        if (s.isEmpty()) return Duration.ZERO;
        Duration d = GoDuration.parse(s);
        if (d.isZero()) return Duration.ZERO;
        if (d.compareTo(Duration.ofMillis(1)) < 0) {
            throw new ParseProblem("Interval \"" + name + "\" cannot be less than 1ms");
        }
        return d;
    }

    private Instruction.Shell shell(int line, String original, Flags flags, String rest) {
        flags.parse();
        CommandLine cmd = commandLine(rest);
        return switch (cmd) {
            case CommandLine.ExecForm exec when exec.args().isEmpty() ->
                    throw new ParseProblem("SHELL requires at least one argument");
            case CommandLine.ExecForm exec -> new Instruction.Shell(line, original, exec.args());
            case CommandLine.ShellForm shell when shell.text().isEmpty() ->
                    throw new ParseProblem("SHELL requires at least one argument");
            case CommandLine.ShellForm shell -> throw new ParseProblem("SHELL requires the arguments to be in JSON form");
        };
    }
}
