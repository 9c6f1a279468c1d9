package berth.engine.build.dockerfile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The shell-word lexer behind {@link Substitution} and heredoc detection: one pass over a word, producing the
 * substituted text and its split into words. The flags reproduce the lexer modes Docker uses internally: raw quotes
 * (quotes kept in the output), raw escapes (escape characters kept), and keeping unset references as written.
 * One instance per call; not thread-safe.
 */
final class ShellLexer {
    private static final int EOF = -1;

    private final int escape;
    private final Map<String, String> env;
    private final boolean rawQuotes;
    private final boolean skipUnset;
    private final boolean skipQuotes;
    private boolean rawEscapes;

    private int[] chars;
    private int pos;
    private final Set<String> used = new LinkedHashSet<>();
    private final Set<String> unset = new LinkedHashSet<>();

    ShellLexer(char escape, Map<String, String> env, boolean rawQuotes, boolean rawEscapes, boolean skipUnset) {
        this(escape, env, rawQuotes, rawEscapes, skipUnset, false);
    }

    ShellLexer(char escape, Map<String, String> env, boolean rawQuotes, boolean rawEscapes, boolean skipUnset,
            boolean skipQuotes) {
        this.escape = escape;
        this.env = env;
        this.rawQuotes = rawQuotes;
        this.rawEscapes = rawEscapes;
        this.skipUnset = skipUnset;
        this.skipQuotes = skipQuotes;
    }

    Substitution.Result run(String source) {
        chars = source.codePoints().toArray();
        pos = 0;
        try {
            Words words = new Words();
            String value = until(EOF, rawEscapes, words);
            return new Substitution.Result(value, words.finish(), used, unset);
        } catch (LexError e) {
            throw Substitution.failure(source, e.getMessage());
        }
    }

    private int peek() {
        return pos < chars.length ? chars[pos] : EOF;
    }

    private int next() {
        return pos < chars.length ? chars[pos++] : EOF;
    }

    /** Reads up to {@code stop} (consumed) or the end; {@code raw} sets the raw-escape mode for this span. */
    private String until(int stop, boolean raw, Words words) {
        boolean saved = rawEscapes;
        rawEscapes = raw;
        try {
            StringBuilder result = new StringBuilder();
            while (peek() != EOF) {
                int ch = peek();
                if (stop != EOF && ch == stop) {
                    next();
                    return result.toString();
                }
                if (ch == '$' || ch == '<' || (!skipQuotes && (ch == '\'' || ch == '"'))) {
                    String part = switch (ch) {
                        case '$' -> dollar();
                        case '<' -> possibleHeredoc();
                        case '\'' -> singleQuoted();
                        default -> doubleQuoted();
                    };
                    result.append(part);
                    if (ch == '$') words.addText(part);
                    else words.addRaw(part);
                    continue;
                }
                ch = next();
                if (ch == escape) {
                    if (rawEscapes) {
                        words.addRawChar(ch);
                        result.appendCodePoint(ch);
                    }
                    ch = next();
                    if (ch == EOF) break;
                    words.addRawChar(ch);
                } else {
                    words.addChar(ch);
                }
                result.appendCodePoint(ch);
            }
            if (stop != EOF) {
                throw new LexError("unexpected end of statement while looking for matching " + Character.toString(stop));
            }
            return result.toString();
        } finally {
            rawEscapes = saved;
        }
    }

    private String singleQuoted() {
        StringBuilder result = new StringBuilder();
        int ch = next();
        if (rawQuotes) result.appendCodePoint(ch);
        while (true) {
            ch = next();
            if (ch == EOF) throw new LexError("unexpected end of statement while looking for matching single-quote");
            if (ch == '\'') {
                if (rawQuotes) result.appendCodePoint(ch);
                return result.toString();
            }
            result.appendCodePoint(ch);
        }
    }

    private String doubleQuoted() {
        StringBuilder result = new StringBuilder();
        int ch = next();
        if (rawQuotes) result.appendCodePoint(ch);
        while (true) {
            int p = peek();
            if (p == EOF) throw new LexError("unexpected end of statement while looking for matching double-quote");
            if (p == '"') {
                ch = next();
                if (rawQuotes) result.appendCodePoint(ch);
                return result.toString();
            }
            if (p == '$') {
                result.append(dollar());
                continue;
            }
            ch = next();
            if (ch == escape) {
                if (rawEscapes) result.appendCodePoint(ch);
                int after = peek();
                if (after == EOF) continue; // a trailing escape is dropped; the loop then reports the open quote
                if (after == '"' || after == '$' || after == escape) ch = next();
            }
            result.appendCodePoint(ch);
        }
    }

    private String possibleHeredoc() {
        next();
        if (peek() != '<') return "<";
        next();
        StringBuilder spaces = new StringBuilder();
        while (peek() == '\t' || peek() == '\r' || peek() == ' ') spaces.appendCodePoint(next());
        return "<<" + spaces;
    }

    private String dollar() {
        next();
        if (peek() != '{') {
            String name = name();
            if (name.isEmpty()) return "$";
            String value = lookup(name);
            if (value == null && skipUnset) return "$" + name;
            return value == null ? "" : value;
        }
        next();
        int p = peek();
        if (p == EOF) throw new LexError("syntax error: missing '}'");
        if (p == '{' || p == '}' || p == ':') throw new LexError("syntax error: bad substitution");
        String name = name();
        int ch = next();
        if (ch == EOF) throw new LexError("syntax error: missing '}'");
        String modifier = Character.toString(ch);
        if (ch == '}') {
            String value = lookup(name);
            if (value == null && skipUnset) return "${" + name + "}";
            return value == null ? "" : value;
        }
        if (ch == '/') return replace(name);
        boolean nullIsUnset = false;
        if (ch == ':') {
            nullIsUnset = true;
            ch = next();
            modifier += ch == EOF ? "" : Character.toString(ch);
        } else if (ch != '+' && ch != '-' && ch != '?' && ch != '#' && ch != '%') {
            throw new LexError("unsupported modifier (" + modifier + ") in substitution");
        }
        boolean patternOp = ch == '#' || ch == '%';
        if (nullIsUnset && patternOp) throw new LexError("unsupported modifier (" + modifier + ") in substitution");
        String word = wordUntilBrace(patternOp);
        String value = lookup(name);
        boolean set = value != null;
        if (skipUnset && !set) return "${" + name + modifier + word + "}";
        boolean empty = !set || (nullIsUnset && value.isEmpty());
        return switch (ch) {
            case '-' -> empty ? word : value;
            case '+' -> empty ? "" : word;
            case '?' -> {
                if (!set) throw new LexError(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                if (nullIsUnset && value.isEmpty()) {
                    throw new LexError(name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
                }
                yield value;
            }
            case '#', '%' -> {
                boolean greedy = !word.isEmpty() && word.codePointAt(0) == ch;
                String pattern = greedy ? word.substring(1) : word;
                String subject = set ? value : "";
                yield ch == '%' ? trimSuffix(pattern, subject, greedy) : trimPrefix(pattern, subject, greedy);
            }
            default -> throw new LexError("unsupported modifier (" + modifier + ") in substitution");
        };
    }

    private String wordUntilBrace(boolean raw) {
        try {
            return until('}', raw, new Words());
        } catch (LexError e) {
            if (peek() == EOF) throw new LexError("syntax error: missing '}'");
            throw e;
        }
    }

    private String replace(String name) {
        boolean all = peek() == '/';
        if (all) next();
        String pattern;
        try {
            pattern = until('/', true, new Words());
        } catch (LexError e) {
            if (peek() == EOF) throw new LexError("syntax error: missing '/' in ${}");
            throw e;
        }
        String replacement = wordUntilBrace(true);
        String value = lookup(name);
        if (skipUnset && value == null) return "${" + name + "/" + pattern + "/" + replacement + "}";
        String subject = value == null ? "" : value;
        Pattern re = shellPattern(pattern, true, false);
        Matcher m = re.matcher(subject);
        if (all) return m.replaceAll(Matcher.quoteReplacement(replacement));
        if (m.find()) return subject.substring(0, m.start()) + replacement + subject.substring(m.end());
        return subject;
    }

    private String name() {
        StringBuilder name = new StringBuilder();
        while (peek() != EOF) {
            int ch = peek();
            if (name.isEmpty() && Character.isDigit(ch)) {
                while (peek() != EOF && Character.isDigit(peek())) name.appendCodePoint(next());
                return name.toString();
            }
            if (name.isEmpty() && isSpecialParameter(ch)) return Character.toString(next());
            if (!Character.isLetter(ch) && !Character.isDigit(ch) && ch != '_') break;
            name.appendCodePoint(next());
        }
        return name.toString();
    }

    private static boolean isSpecialParameter(int ch) {
        return ch == '@' || ch == '*' || ch == '#' || ch == '?' || ch == '-' || ch == '$' || ch == '!' || ch == '0';
    }

    private String lookup(String name) {
        String value = env.get(name);
        if (value != null || env.containsKey(name)) {
            used.add(name);
            return value == null ? "" : value;
        }
        unset.add(name);
        return null;
    }

    /** Converts a shell wildcard pattern ({@code *}, {@code ?}, {@code \} escapes; no brackets) to a regex. */
    static Pattern shellPattern(String pattern, boolean greedy, boolean anchored) {
        StringBuilder out = new StringBuilder();
        if (anchored) out.append('^');
        int[] cps = pattern.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            switch (c) {
                case '*' -> out.append(greedy ? ".*" : ".*?");
                case '?' -> out.append('.');
                case '\\' -> {
                    int after = i + 1 < cps.length ? cps[i + 1] : EOF;
                    if (after == '}' || after == '/') continue;
                    if (after != '*' && after != '?' && after != '\\') {
                        throw new LexError("invalid pattern (" + pattern + ") in substitution: invalid escape '\\"
                                + (after == EOF ? "" : Character.toString(after)) + "'");
                    }
                    out.append('\\').appendCodePoint(after);
                    i++;
                }
                default -> {
                    if ("[]{}.+()|^$".indexOf(c) >= 0) out.append('\\');
                    out.appendCodePoint(c);
                }
            }
        }
        try {
            return Pattern.compile(out.toString(), Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new LexError("invalid pattern (" + pattern + ") in substitution: " + e.getDescription());
        }
    }

    private static String trimPrefix(String pattern, String value, boolean greedy) {
        Matcher m = shellPattern(pattern, greedy, true).matcher(value);
        return m.find() ? value.substring(m.end()) : value;
    }

    /** Shortest or longest suffix match: reverse both, then match a prefix, as Docker does. */
    private static String trimSuffix(String pattern, String value, boolean greedy) {
        String reversed = trimPrefix(reversePattern(pattern), reverse(value), greedy);
        return reverse(reversed);
    }

    private static String reversePattern(String pattern) {
        int[] in = pattern.codePoints().toArray();
        int[] out = new int[in.length];
        int last = in.length - 1;
        for (int i = 0; i <= last; ) {
            int at = last - i;
            if (in[i] == '\\' && i != last) {
                out[at - 1] = in[i];
                out[at] = in[i + 1];
                i += 2;
            } else {
                out[at] = in[i];
                i++;
            }
        }
        return new String(out, 0, out.length);
    }

    private static String reverse(String s) {
        int[] cps = s.codePoints().toArray();
        StringBuilder out = new StringBuilder();
        for (int i = cps.length - 1; i >= 0; i--) out.appendCodePoint(cps[i]);
        return out.toString();
    }

    /** Word splitting as the substitution goes: substituted text splits at blanks, quoted or escaped text does not. */
    private static final class Words {
        private final StringBuilder buf = new StringBuilder();
        private final List<String> words = new ArrayList<>();
        private boolean inWord;

        void addChar(int ch) {
            if (isSpace(ch)) {
                if (inWord && !buf.isEmpty()) {
                    words.add(buf.toString());
                    buf.setLength(0);
                    inWord = false;
                }
            } else {
                addRawChar(ch);
            }
        }

        void addRawChar(int ch) {
            buf.appendCodePoint(ch);
            inWord = true;
        }

        void addText(String s) {
            s.codePoints().forEach(this::addChar);
        }

        void addRaw(String s) {
            buf.append(s);
            inWord = true;
        }

        List<String> finish() {
            if (!buf.isEmpty()) {
                words.add(buf.toString());
                buf.setLength(0);
                inWord = false;
            }
            return words;
        }
    }

    /** Go's unicode.IsSpace, which Docker's word splitting uses. */
    static boolean isSpace(int ch) {
        if (ch <= 0xFF) {
            return ch == ' ' || (ch >= '\t' && ch <= '\r') || ch == 0x85 || ch == 0xA0;
        }
        return Character.isSpaceChar(ch);
    }

    private static final class LexError extends RuntimeException {
        LexError(String message) {
            super(message, null, false, false);
        }
    }
}
