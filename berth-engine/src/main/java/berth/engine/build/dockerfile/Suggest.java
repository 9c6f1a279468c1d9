package berth.engine.build.dockerfile;

import java.util.List;
import java.util.Locale;

/** "(did you mean run?)": the closest known word within an edit distance of 2, as Docker suggests it. */
final class Suggest {
    private Suggest() {}

    static String withSuggestion(String message, String value, List<String> options, boolean caseSensitive) {
        String match = search(value, options, caseSensitive);
        return match == null ? message : message + " (did you mean " + match + "?)";
    }

    static String search(String value, List<String> options, boolean caseSensitive) {
        String v = caseSensitive ? value : value.toLowerCase(Locale.ROOT);
        String match = null;
        int min = 3;
        for (String option : options) {
            String o = caseSensitive ? option : option.toLowerCase(Locale.ROOT);
            if (v.equals(o)) return null;
            int d = distance(v, o);
            if (d < min) {
                match = caseSensitive ? o : matchCase(o, value);
                min = d;
            }
        }
        return match;
    }

    private static String matchCase(String option, String original) {
        if (original.equals(original.toLowerCase(Locale.ROOT))) return option.toLowerCase(Locale.ROOT);
        if (original.equals(original.toUpperCase(Locale.ROOT))) return option.toUpperCase(Locale.ROOT);
        return option;
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
