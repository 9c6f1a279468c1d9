package berth.engine.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the here-document openers ({@code <<EOF}, {@code <<-EOF}, {@code <<"EOF"}, {@code 3<<EOF}) in a line the
 * way Docker does: the line is cut into shell words with quotes and escapes kept, and each word that is an opener
 * names one here-document; a quoted delimiter (wholly or in part) turns expansion off.
 */
final class HeredocHeaders {
    private HeredocHeaders() {}

    private static final Pattern OPENER = Pattern.compile("^(\\d*)<<(-?)\\s*([^<]*)$", Pattern.DOTALL);

    record Header(String name, boolean expand, boolean chomp, int fd) {}

    /** The openers of a logical line, in order. */
    static List<Header> inLine(String line) {
        List<String> words;
        try {
            words = new ShellLexer('\\', Map.of(), true, true, true).run(line).words();
        } catch (RuntimeException e) {
            return List.of(); // Docker ignores a line it cannot cut here; the instruction reports its own problem
        }
        List<Header> headers = new ArrayList<>();
        for (String word : words) {
            Header h = parse(word);
            if (h != null) headers.add(h);
        }
        return headers;
    }

    /** The opener a single word is, or null. */
    static Header parse(String word) {
        Matcher m = OPENER.matcher(word);
        if (!m.matches()) return null;
        String rest = m.group(3);
        if (rest.isEmpty()) return null;
        List<String> plain;
        List<String> raw;
        try {
            plain = new ShellLexer('\\', Map.of(), false, false, true).run(rest).words();
            raw = new ShellLexer('\\', Map.of(), true, false, true).run(rest).words();
        } catch (RuntimeException e) {
            throw new ParseProblem(e.getMessage());
        }
        if (plain.size() != 1 || raw.size() != 1) return null;
        String name = plain.getFirst();
        boolean expand = quotes(name) == quotes(raw.getFirst());
        int fd = m.group(1).isEmpty() ? 0 : parseFd(m.group(1));
        return new Header(name, expand, m.group(2).equals("-"), fd);
    }

    /** {@link #parse}, with a word that cannot be cut counting as no opener (COPY and ADD sources). */
    static Header parseOrNull(String word) {
        try {
            return parse(word);
        } catch (ParseProblem e) {
            return null;
        }
    }

    private static int parseFd(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long quotes(String s) {
        return s.chars().filter(c -> c == '\'' || c == '"').count();
    }
}
