package berth.engine.build.dockerfile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How Docker cuts the text of one logical line: the keyword, the leading {@code --flags}, and the argument syntaxes
 * the instructions use (words with quotes kept, whitespace-separated fields, the whole rest as one string).
 */
final class ArgSyntax {
    private ArgSyntax() {}

    /** The blanks Docker splits fields at (no newline: a logical line has none). */
    static final Pattern BLANKS = Pattern.compile("[\\t\\x0B\\f\\r ]+");

    /** A logical line cut into keyword, flag words (quotes and escapes resolved) and the rest (trimmed). */
    record Split(String keyword, List<String> flags, String rest) {}

    static Split split(String line, char escape) {
        String trimmed = trim(line);
        String[] parts = BLANKS.split(trimmed, 2);
        if (parts.length < 2) return new Split(parts[0], List.of(), "");
        List<String> flags = new ArrayList<>();
        String rest = extractFlags(parts[1], escape, flags);
        return new Split(parts[0], List.copyOf(flags), trim(rest));
    }

    /** Go's strings.TrimSpace. */
    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && ShellLexer.isSpace(s.charAt(start))) start++;
        while (end > start && ShellLexer.isSpace(s.charAt(end - 1))) end--;
        return s.substring(start, end);
    }

    /** Collects the leading words that start with {@code --}; returns the text after them. */
    private static String extractFlags(String line, char escape, List<String> words) {
        final int spaces = 0;
        final int inWord = 1;
        final int inQuote = 2;
        int phase = spaces;
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean blankOk = false;
        int n = line.length();
        for (int pos = 0; pos <= n; pos++) {
            char ch = pos < n ? line.charAt(pos) : 0;
            if (phase == spaces) {
                if (pos == n) break;
                if (ShellLexer.isSpace(ch)) continue;
                if (ch != '-' || pos + 1 == n || line.charAt(pos + 1) != '-') return line.substring(pos);
                phase = inWord;
            }
            if (pos == n) {
                String w = word.toString();
                if (!w.equals("--") && (blankOk || !w.isEmpty())) words.add(w);
                break;
            }
            if (phase == inWord) {
                if (ShellLexer.isSpace(ch)) {
                    String w = word.toString();
                    phase = spaces;
                    if (w.equals("--")) return line.substring(pos);
                    if (blankOk || !w.isEmpty()) words.add(w);
                    word.setLength(0);
                    blankOk = false;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                    phase = inQuote;
                    continue;
                }
                if (ch == escape) {
                    if (pos + 1 == n) continue;
                    pos++;
                    ch = line.charAt(pos);
                }
                word.append(ch);
                continue;
            }
            // in a quote
            if (ch == quote) {
                phase = inWord;
                continue;
            }
            if (ch == escape) {
                if (pos + 1 == n) {
                    phase = inWord;
                    continue;
                }
                pos++;
                ch = line.charAt(pos);
            }
            word.append(ch);
        }
        return "";
    }

    /** Words separated by blanks, quotes and escapes kept in the words (they are removed at substitution). */
    static List<String> words(String rest, char escape) {
        final int spaces = 0;
        final int inWord = 1;
        final int inQuote = 2;
        List<String> words = new ArrayList<>();
        int phase = spaces;
        int quote = 0;
        boolean blankOk = false;
        StringBuilder word = new StringBuilder();
        int[] cps = rest.codePoints().toArray();
        int n = cps.length;
        for (int pos = 0; pos <= n; pos++) {
            int ch = pos < n ? cps[pos] : 0;
            if (phase == spaces) {
                if (pos == n) break;
                if (ShellLexer.isSpace(ch)) continue;
                phase = inWord;
            }
            if (pos == n) {
                if (blankOk || !word.isEmpty()) words.add(word.toString());
                break;
            }
            if (phase == inWord) {
                if (ShellLexer.isSpace(ch)) {
                    phase = spaces;
                    if (blankOk || !word.isEmpty()) words.add(word.toString());
                    word.setLength(0);
                    blankOk = false;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                    phase = inQuote;
                }
                if (ch == escape) {
                    if (pos + 1 == n) continue;
                    word.appendCodePoint(ch);
                    pos++;
                    ch = cps[pos];
                }
                word.appendCodePoint(ch);
                continue;
            }
            if (ch == quote) phase = inWord;
            if (ch == escape && quote != '\'') {
                if (pos + 1 == n) {
                    phase = inWord;
                    continue;
                }
                pos++;
                word.appendCodePoint(ch);
                ch = cps[pos];
            }
            word.appendCodePoint(ch);
        }
        return words;
    }

    /** Fields separated by blanks, nothing else interpreted (FROM, EXPOSE, shell-form COPY/ADD/VOLUME). */
    static List<String> fields(String rest) {
        if (rest.isEmpty()) return List.of();
        List<String> out = new ArrayList<>(Arrays.asList(BLANKS.split(rest, -1)));
        return List.copyOf(out);
    }
}
