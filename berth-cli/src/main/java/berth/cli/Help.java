package berth.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --help} as the docker CLI (cobra's template, pflag's flag table) prints it: usage line, description, aliases,
 * options sorted by long name with their value types, descriptions wrapped for 80 columns.
 */
public final class Help {
    /** Where the docker CLI also offers a verb; the root groups (container, image, system) are docker's. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("run", "container run, run"), Map.entry("create", "container create, create"),
            Map.entry("start", "container start, start"), Map.entry("stop", "container stop, stop"),
            Map.entry("kill", "container kill, kill"), Map.entry("restart", "container restart, restart"),
            Map.entry("rm", "container rm, container remove, rm"), Map.entry("wait", "container wait, wait"),
            Map.entry("logs", "container logs, logs"),
            Map.entry("ps", "container ls, container list, container ps, ps"),
            Map.entry("ls", "container ls, container list, container ps, ps"),
            Map.entry("images", "image ls, image list, images"), Map.entry("image ls", "image ls, image list, images"),
            Map.entry("pull", "image pull, pull"), Map.entry("push", "image push, push"), Map.entry("tag", "image tag, tag"),
            Map.entry("rmi", "image rm, image remove, rmi"), Map.entry("image rm", "image rm, image remove, rmi"),
            Map.entry("history", "image history, history"), Map.entry("import", "image import, import"),
            Map.entry("info", "system info, info"), Map.entry("events", "system events, events"),
            Map.entry("network ls", "network ls, network list"), Map.entry("network rm", "network rm, network remove"));
    private static final List<String> COMMON = List.of("run", "ps", "pull", "push", "images", "version", "info");
    private static final List<String> MANAGEMENT = List.of("container", "image", "network");
    /** pflag's wrap width when stdout is not a terminal: 80 columns less one. */
    private static final int COLUMNS = 79;

    private Help() {}

    public static String render(CommandSpec spec) {
        StringBuilder sb = new StringBuilder();
        boolean root = spec.parent() == null;
        boolean group = !root && !spec.subcommands().isEmpty();
        String path = spec.qualifiedName(" ");
        if (root) sb.append("Usage:  ").append(path).append(" [OPTIONS] COMMAND\n\n");
        else if (group) sb.append("Usage:  ").append(path).append(" COMMAND\n\n");
        else sb.append(UsageError.usageLine(spec)).append("\n\n");
        sb.append(String.join(" ", spec.usageMessage().description()).strip()).append('\n');
        String relative = path.substring(path.indexOf(' ') + 1);
        // a network verb never borrows a container verb's aliases (network rm is not rm)
        boolean borrow = !root && !group && !relative.startsWith("network ");
        String aliases = ALIASES.getOrDefault(relative, borrow ? ALIASES.get(spec.name()) : null);
        if (aliases != null) {
            String prefix = spec.root().name() + " ";
            sb.append("\nAliases:\n  ").append(prefix).append(aliases.replace(", ", ", " + prefix)).append('\n');
        }
        if (root) {
            commands(sb, "Common Commands", spec, COMMON::contains);
            commands(sb, "Management Commands", spec, MANAGEMENT::contains);
            commands(sb, "Commands", spec, n -> !COMMON.contains(n) && !MANAGEMENT.contains(n));
            sb.append("\nGlobal Options:\n").append(flags(spec.options()));
            sb.append("\nRun '").append(path).append(" COMMAND --help' for more information on a command.\n");
        } else if (group) {
            commands(sb, "Commands", spec, n -> true);
            sb.append("\nRun '").append(path).append(" COMMAND --help' for more information on a command.\n");
        } else {
            String table = flags(spec.options());
            if (!table.isEmpty()) sb.append("\nOptions:\n").append(table);
        }
        return sb.toString();
    }

    private static void commands(StringBuilder sb, String title, CommandSpec spec, java.util.function.Predicate<String> which) {
        List<String> names = new ArrayList<>();
        spec.subcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName()) && which.test(name)) names.add(name);
        });
        if (names.isEmpty()) return;
        names.sort(title.startsWith("Common") ? Comparator.comparing(COMMON::indexOf) : Comparator.naturalOrder());
        sb.append('\n').append(title).append(":\n");
        for (String n : names) {
            String shortText = String.join(" ", spec.subcommands().get(n).getCommandSpec().usageMessage().description());
            sb.append("  ").append(String.format("%-11s", n)).append(' ').append(shortText).append('\n');
        }
    }

    /** pflag's FlagUsagesWrapped: "  -s, --long type" padded to the widest, then the wrapped description. */
    static String flags(List<OptionSpec> options) {
        List<String[]> rows = new ArrayList<>();
        int max = 0;
        List<OptionSpec> sorted = options.stream().filter(o -> !o.hidden() && !o.usageHelp())
                .sorted(Comparator.comparing(Help::longName)).toList();
        for (OptionSpec o : sorted) {
            String shortName = shortName(o);
            String head = shortName != null ? "  " + shortName + ", " + longName(o) : "      " + longName(o);
            String type = typeName(o);
            if (!type.isEmpty()) head += " " + type;
            max = Math.max(max, head.length() + 1);
            rows.add(new String[] {head, String.join("\n", o.description()) + defaultText(o, type)});
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            String line = r[0] + " " + " ".repeat(max - r[0].length()) + " " + wrap(max + 2, COLUMNS, r[1]);
            sb.append(line.stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static String longName(OptionSpec o) {
        for (String n : o.names()) if (n.startsWith("--")) return n;
        return o.longestName();
    }

    private static String shortName(OptionSpec o) {
        for (String n : o.names()) if (n.length() == 2 && n.startsWith("-") && !n.equals(longName(o))) return n;
        return null;
    }

    /** The value's type as pflag names it: the paramLabel when set, else from the Java type. */
    static String typeName(OptionSpec o) {
        if (o.arity().max() == 0 || o.type() == boolean.class || o.type() == Boolean.class) return "";
        String label = o.paramLabel();
        if (label != null && !label.startsWith("<")) return label;
        Class<?> t = o.type();
        if (List.class.isAssignableFrom(t)) return "list";
        if (t == int.class || t == Integer.class) return "int";
        if (t == long.class || t == Long.class) return "int64";
        return "string";
    }

    private static String defaultText(OptionSpec o, String type) {
        String d = o.defaultValue();
        if (d == null || d.isEmpty() || d.equals("false") || (d.equals("0") && type.startsWith("int"))) return "";
        return type.equals("string") ? " (default \"" + d + "\")" : " (default " + d + ")";
    }

    /** pflag's wrap(i, w, s): the first line follows the flag, the rest are indented by i; 5 columns of slop. */
    static String wrap(int indent, int width, String s) {
        int room = width - indent;
        String pad = " ".repeat(indent);
        if (room < 24) return s.replace("\n", "\n" + pad);
        int slop = 5;
        room -= slop;
        StringBuilder r = new StringBuilder();
        String[] split = wrapN(room, slop, s);
        r.append(split[0].replace("\n", "\n" + pad));
        s = split[1];
        while (!s.isEmpty()) {
            split = wrapN(room, slop, s);
            r.append('\n').append(pad).append(split[0].replace("\n", "\n" + pad));
            s = split[1];
        }
        return r.toString();
    }

    private static String[] wrapN(int i, int slop, String s) {
        if (i + slop > s.length()) return new String[] {s, ""};
        String head = s.substring(0, i);
        int w = Math.max(Math.max(head.lastIndexOf(' '), head.lastIndexOf('\t')), head.lastIndexOf('\n'));
        if (w <= 0) return new String[] {s, ""};
        int nl = head.lastIndexOf('\n');
        if (nl > 0 && nl < w) return new String[] {s.substring(0, nl), s.substring(nl + 1)};
        return new String[] {s.substring(0, w), s.substring(w + 1)};
    }

    /** Prints the help of the deepest command that asked for it, instead of picocli's own layout. */
    static Integer printIfRequested(CommandLine.ParseResult parsed) {
        for (CommandLine c : parsed.asCommandLineList().reversed()) {
            if (c.isUsageHelpRequested()) {
                System.out.print(render(c.getCommandSpec()));
                return 0;
            }
        }
        return null;
    }
}
