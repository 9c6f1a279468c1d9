package berth.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The hot verbs' argument parser ({@link QuickPath}): no reflection, no annotations, a few classes. It accepts only
 * command lines whose meaning is certain (known flags, "--name value", "--name=value", "-x value", "-xvalue", clusters
 * of switches such as "-it") and declines everything else by answering null: unknown flags, a repeated single flag, a
 * value that looks like a flag, "--help". A declined command line goes to the picocli parser, whose answers (errors,
 * usage, help) are the reference, so no error text has to be written twice. A setter that throws declines too.
 */
public final class FlagParser {
    /** A flag with no value ("-a", "--rm"). */
    private record Switch(Runnable set) {}

    /** A flag with a value; a repeatable one collects a list ("-e A -e B"). */
    private record Value(Consumer<String> set, boolean repeatable) {}

    private final Map<String, Object> flags = new HashMap<>();

    public FlagParser flag(Runnable set, String... names) {
        for (String n : names) flags.put(n, new Switch(set));
        return this;
    }

    public FlagParser value(Consumer<String> set, String... names) {
        for (String n : names) flags.put(n, new Value(set, false));
        return this;
    }

    public FlagParser values(Consumer<String> add, String... names) {
        for (String n : names) flags.put(n, new Value(add, true));
        return this;
    }

    /** Every flag name this parser knows (tests hold it against picocli's model of the same verb). */
    public Set<String> names() {
        return Set.copyOf(flags.keySet());
    }

    /**
     * Applies the flags in {@code args[from..]}. With {@code stopAtPositional} the first argument that is not a flag and
     * everything after it are returned as positionals (run's IMAGE and COMMAND); without it a positional declines.
     * Returns null when the command line is declined.
     */
    public List<String> parse(String[] args, int from, boolean stopAtPositional) {
        Set<Object> seen = new HashSet<>();
        try {
            for (int i = from; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--") || a.equals("-") || !a.startsWith("-")) {
                    if (!stopAtPositional || a.equals("--") || a.equals("-")) return null;
                    return List.of(args).subList(i, args.length);
                }
                if (a.startsWith("--")) {
                    int eq = a.indexOf('=');
                    Object flag = flags.get(eq < 0 ? a : a.substring(0, eq));
                    if (flag == null || !seen(seen, flag)) return null;
                    if (flag instanceof Switch s) {
                        if (eq >= 0) return null;
                        s.set().run();
                    } else {
                        String v;
                        if (eq >= 0) {
                            v = a.substring(eq + 1);
                            if (v.isEmpty()) return null;
                        } else {
                            if (++i >= args.length || looksLikeFlag(args[i])) return null;
                            v = args[i];
                        }
                        ((Value) flag).set().accept(v);
                    }
                    continue;
                }
                for (int c = 1; c < a.length(); c++) {
                    Object flag = flags.get("-" + a.charAt(c));
                    if (flag == null || !seen(seen, flag)) return null;
                    if (flag instanceof Switch s) {
                        s.set().run();
                        continue;
                    }
                    String v;
                    if (c + 1 < a.length()) {
                        v = a.substring(c + 1);
                        if (v.startsWith("=")) return null;
                    } else {
                        if (++i >= args.length || looksLikeFlag(args[i])) return null;
                        v = args[i];
                    }
                    ((Value) flag).set().accept(v);
                    break;
                }
            }
        } catch (RuntimeException e) {
            // a setter refused the value (not a number, say): picocli words the error
            return null;
        }
        return new ArrayList<>();
    }

    /**
     * A whole number written plainly ("10", not "+10", "010" or "0x10", which Java's parsers read in different ways):
     * anything else throws, and so declines.
     */
    public static int decimal(String text) {
        boolean plain = !text.isEmpty() && text.length() <= 9 && (text.length() == 1 || text.charAt(0) != '0');
        for (int i = 0; plain && i < text.length(); i++) plain = text.charAt(i) >= '0' && text.charAt(i) <= '9';
        if (!plain) throw new NumberFormatException(text);
        return Integer.parseInt(text);
    }

    /** Records a use of the flag; false when a flag that takes one value or none was given twice. */
    private static boolean seen(Set<Object> seen, Object flag) {
        return seen.add(flag) || (flag instanceof Value v && v.repeatable());
    }

    private static boolean looksLikeFlag(String arg) {
        return arg.length() > 1 && arg.startsWith("-");
    }
}
