package berth.engine.build.dockerfile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --name[=value]} flags of one instruction, checked against the flags that instruction declares, with
 * Docker's rules: booleans take no value or true/false, strings need a value, a repeatable flag collects every value,
 * any other flag may appear once.
 */
final class Flags {
    private enum Kind {
        BOOL, STRING, STRINGS
    }

    private final List<String> words;
    private final Map<String, Kind> declared = new LinkedHashMap<>();
    private final Map<String, List<String>> values = new HashMap<>();

    Flags(List<String> words) {
        this.words = List.copyOf(words);
    }

    Flags bool(String name) {
        declared.put(name, Kind.BOOL);
        return this;
    }

    Flags string(String name) {
        declared.put(name, Kind.STRING);
        return this;
    }

    Flags strings(String name) {
        declared.put(name, Kind.STRINGS);
        return this;
    }

    /** Checks the words; a problem is a {@link ParseProblem} with Docker's message. */
    Flags parse() {
        for (String word : words) {
            if (word.equals("--")) return this;
            if (!word.startsWith("--")) throw new ParseProblem("arg should start with -- : " + word);
            int eq = word.indexOf('=');
            String flagName = eq < 0 ? word : word.substring(0, eq);
            String value = eq < 0 ? "" : word.substring(eq + 1);
            boolean hasValue = eq >= 0;
            String name = flagName.substring(2);
            Kind kind = declared.get(name);
            if (kind == null) {
                throw new ParseProblem(Suggest.withSuggestion("unknown flag: " + flagName, name,
                        List.copyOf(declared.keySet()), true));
            }
            if (values.containsKey(name) && kind != Kind.STRINGS) {
                throw new ParseProblem("duplicate flag specified: " + flagName);
            }
            List<String> list = values.computeIfAbsent(name, k -> new ArrayList<>());
            switch (kind) {
                case BOOL -> {
                    if (hasValue && value.isEmpty()) throw new ParseProblem("missing a value on flag: " + flagName);
                    switch (value.toLowerCase(Locale.ROOT)) {
                        case "true", "" -> list.add("true");
                        case "false" -> list.add("false");
                        default -> throw new ParseProblem("expecting boolean value for flag " + flagName + ", not: "
                                + value);
                    }
                }
                case STRING, STRINGS -> {
                    if (!hasValue) throw new ParseProblem("missing a value on flag: " + flagName);
                    list.add(value);
                }
            }
        }
        return this;
    }

    /** A string flag's last value, or {@code unset} when it was not given. */
    String string(String name, String unset) {
        List<String> v = values.get(name);
        return v == null ? unset : v.getLast();
    }

    boolean isTrue(String name) {
        List<String> v = values.get(name);
        return v != null && v.getLast().equals("true");
    }

    /** A boolean flag's value when given, else null. */
    Boolean optionalBool(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.getLast().equals("true");
    }

    List<String> all(String name) {
        return List.copyOf(values.getOrDefault(name, List.of()));
    }
}
