package berth.engine.build.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Recognises the exec (JSON) form of an instruction's arguments with the strictness of Go's encoding/json, which
 * Docker uses: text that is not one complete, valid JSON array is not exec form (the caller falls back to shell form),
 * while a valid array holding anything but strings is an error.
 */
final class JsonArgs {
    /** Why a text is not a string array. */
    enum Outcome {
        STRINGS, NOT_JSON, NOT_STRINGS
    }

    record Parsed(Outcome outcome, List<String> strings) {}

    static final String NOT_STRINGS_MESSAGE = "when using JSON array syntax, arrays must be comprised of strings only";

    private final String s;
    private int i;
    private boolean allStrings = true;

    private JsonArgs(String s) {
        this.s = s;
    }

    static Parsed parse(String rest) {
        String text = stripLeadingSpace(rest);
        if (!text.startsWith("[")) return new Parsed(Outcome.NOT_JSON, List.of());
        JsonArgs p = new JsonArgs(text);
        List<String> strings = new ArrayList<>();
        try {
            p.skipWs();
            p.array(strings);
            p.skipWs();
            if (p.i != p.s.length()) return new Parsed(Outcome.NOT_JSON, List.of());
        } catch (Invalid e) {
            return new Parsed(Outcome.NOT_JSON, List.of());
        }
        if (!p.allStrings) return new Parsed(Outcome.NOT_STRINGS, List.of());
        return new Parsed(Outcome.STRINGS, List.copyOf(strings));
    }

    private static String stripLeadingSpace(String s) {
        int k = 0;
        while (k < s.length() && ShellLexer.isSpace(s.codePointAt(k))) k += Character.charCount(s.codePointAt(k));
        return s.substring(k);
    }

    /** The top-level array: its string elements are collected; any other element marks the array as not all strings. */
    private void array(List<String> top) {
        expect('[');
        skipWs();
        if (peek() == ']') {
            i++;
            return;
        }
        while (true) {
            skipWs();
            if (peek() == '"') {
                String v = string();
                if (top != null) top.add(v);
            } else {
                if (top != null) allStrings = false;
                value();
            }
            skipWs();
            int c = next();
            if (c == ']') return;
            if (c != ',') throw new Invalid();
        }
    }

    private void value() {
        skipWs();
        int c = peek();
        switch (c) {
            case '"' -> string();
            case '[' -> array(null);
            case '{' -> object();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void object() {
        expect('{');
        skipWs();
        if (peek() == '}') {
            i++;
            return;
        }
        while (true) {
            skipWs();
            if (peek() != '"') throw new Invalid();
            string();
            skipWs();
            expect(':');
            value();
            skipWs();
            int c = next();
            if (c == '}') return;
            if (c != ',') throw new Invalid();
        }
    }

    private void literal(String word) {
        if (!s.startsWith(word, i)) throw new Invalid();
        i += word.length();
    }

    private void number() {
        int start = i;
        if (peek() == '-') i++;
        if (peek() == '0') {
            i++;
        } else if (isDigit(peek()) ) {
            while (isDigit(peek())) i++;
        } else {
            throw new Invalid();
        }
        if (peek() == '.') {
            i++;
            if (!isDigit(peek())) throw new Invalid();
            while (isDigit(peek())) i++;
        }
        if (peek() == 'e' || peek() == 'E') {
            i++;
            if (peek() == '+' || peek() == '-') i++;
            if (!isDigit(peek())) throw new Invalid();
            while (isDigit(peek())) i++;
        }
        if (i == start) throw new Invalid();
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            if (i >= s.length()) throw new Invalid();
            char c = s.charAt(i++);
            if (c == '"') return out.toString();
            if (c < 0x20) throw new Invalid();
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i >= s.length()) throw new Invalid();
            char e = s.charAt(i++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    char c1 = hex4();
                    if (Character.isHighSurrogate(c1) && s.startsWith("\\u", i)) {
                        int save = i;
                        i += 2;
                        char c2 = hex4();
                        if (Character.isLowSurrogate(c2)) {
                            out.append(c1).append(c2);
                        } else {
                            out.append('\uFFFD');
                            i = save; // the second escape is decoded on its own, as Go does
                        }
                    } else {
                        out.append(Character.isSurrogate(c1) ? '\uFFFD' : c1);
                    }
                }
                default -> throw new Invalid();
            }
        }
    }

    /** Four hex digits of a {@code \\u} escape. */
    private char hex4() {
        if (i + 4 > s.length()) throw new Invalid();
        int cp = 0;
        for (int k = 0; k < 4; k++) {
            char h = s.charAt(i + k);
            int d = h < 128 ? Character.digit(h, 16) : -1;
            if (d < 0) throw new Invalid();
            cp = cp * 16 + d;
        }
        i += 4;
        return (char) cp;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private void skipWs() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n'
                || s.charAt(i) == '\r')) {
            i++;
        }
    }

    private int peek() {
        return i < s.length() ? s.charAt(i) : -1;
    }

    private int next() {
        return i < s.length() ? s.charAt(i++) : -1;
    }

    private void expect(char c) {
        if (next() != c) throw new Invalid();
    }

    private static final class Invalid extends RuntimeException {
        Invalid() {
            super(null, null, false, false);
        }
    }
}
