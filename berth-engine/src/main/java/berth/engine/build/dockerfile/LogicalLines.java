package berth.engine.build.dockerfile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts the text of a Dockerfile into logical lines as Docker does: parser directives at the top, comments dropped,
 * continuation lines joined (comment and empty lines inside a continuation skipped, the latter with a note), and the
 * bodies of here-documents taken after the line that opens them.
 */
final class LogicalLines {
    private static final Pattern DIRECTIVE = Pattern.compile("^([a-zA-Z][a-zA-Z0-9]*)[\\t\\n\\f\\r ]*=[\\t\\n\\f\\r ]*(.+?)[\\t\\n\\f\\r ]*$");
    private static final Pattern LEADING_TABS = Pattern.compile("(?m)^\\t+");

    /** One instruction's text. {@code start} and {@code end} are 1-based physical line numbers. */
    record Line(int start, int end, String text, List<Heredoc> heredocs) {}

    record Result(Directives directives, List<Line> lines, List<String> notes) {}

    /** A problem at a 1-based line. */
    static final class Located extends RuntimeException {
        final int line;

        Located(int line, String message) {
            super(message, null, false, false);
            this.line = line;
        }
    }

    private final List<String> physical;
    private final String fileName;
    private int next;
    private char escape = '\\';
    private String syntax;
    private String check;
    private boolean directivesDone;
    private final Set<String> seenDirectives = new HashSet<>();
    private final List<String> notes = new ArrayList<>();

    private LogicalLines(String text, String fileName) {
        this.physical = split(text);
        this.fileName = fileName;
    }

    static Result read(String text, String fileName) {
        return new LogicalLines(text, fileName).readAll();
    }

    /** Lines with their line ends kept, as Go's scanner variant Docker uses gives them. */
    private static List<String> split(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl + 1;
            lines.add(text.substring(start, end));
            start = end;
        }
        if (!lines.isEmpty() && lines.getFirst().startsWith("\uFEFF")) lines.set(0, lines.getFirst().substring(1));
        return lines;
    }

    private Result readAll() {
        List<Line> lines = new ArrayList<>();
        while (next < physical.size()) {
            int lineNo = next + 1;
            String first = process(physical.get(next++), true, lineNo);
            int start = lineNo;
            Continuation c = continuation(first);
            if (!c.continues() && c.text().isEmpty()) continue;
            StringBuilder buf = new StringBuilder(c.text());
            boolean emptyContinuation = false;
            boolean ends = !c.continues();
            while (!ends && next < physical.size()) {
                String raw = physical.get(next++);
                String text = process(raw, false, next);
                if (isComment(raw)) continue;
                if (trimLeft(trimNewline(text)).isEmpty()) {
                    emptyContinuation = true;
                    continue;
                }
                Continuation more = continuation(text);
                ends = !more.continues();
                buf.append(more.text());
            }
            String line = buf.toString();
            if (emptyContinuation) {
                notes.add(fileName + ":" + start + ": empty continuation line found in: " + ArgSyntax.trim(line)
                        + " (Docker warns that this will become an error)");
            }
            List<Heredoc> heredocs = heredocs(line, start);
            lines.add(new Line(start, next, line, heredocs));
        }
        return new Result(new Directives(escape, syntax, check), List.copyOf(lines), List.copyOf(notes));
    }

    private InstructionParser parser() {
        return new InstructionParser(escape);
    }

    private List<Heredoc> heredocs(String line, int start) {
        if (!line.contains("<<") || !parser().mayHaveHeredocs(line)) return List.of();
        List<HeredocHeaders.Header> headers;
        try {
            headers = HeredocHeaders.inLine(line);
        } catch (ParseProblem p) {
            throw new Located(start, p.getMessage());
        }
        List<Heredoc> docs = new ArrayList<>();
        for (HeredocHeaders.Header h : headers) {
            StringBuilder content = new StringBuilder();
            boolean terminated = false;
            while (next < physical.size()) {
                String raw = physical.get(next++);
                String candidate = trimNewline(raw);
                if (h.chomp()) candidate = candidate.replaceFirst("^\\t+", "");
                if (candidate.equals(h.name())) {
                    terminated = true;
                    break;
                }
                content.append(raw);
            }
            if (!terminated) {
                String keyword = ArgSyntax.split(line, escape).keyword().toUpperCase(Locale.ROOT);
                throw new Located(start, keyword + ": unterminated heredoc " + h.name());
            }
            String body = h.chomp() ? LEADING_TABS.matcher(content).replaceAll("") : content.toString();
            docs.add(new Heredoc(h.name(), body, h.expand(), h.chomp(), h.fd()));
        }
        return docs;
    }

    /** Trims the line end (and leading blanks on first lines), looks for a directive, drops a comment. */
    private String process(String raw, boolean stripLeft, int lineNo) {
        String token = trimNewline(raw);
        if (stripLeft) token = trimLeft(token);
        directive(token, lineNo);
        return isComment(token) ? "" : token;
    }

    private void directive(String token, int lineNo) {
        if (directivesDone) return;
        if (!token.startsWith("#")) {
            directivesDone = true;
            return;
        }
        Matcher m = DIRECTIVE.matcher(trimLeft(token.substring(1)));
        if (!m.matches()) {
            directivesDone = true;
            return;
        }
        String name = m.group(1).toLowerCase(Locale.ROOT);
        if (!name.equals("syntax") && !name.equals("escape") && !name.equals("check")) {
            directivesDone = true;
            return;
        }
        if (!seenDirectives.add(name)) {
            throw new Located(lineNo, "only one " + name + " parser directive can be used");
        }
        String value = m.group(2);
        switch (name) {
            case "escape" -> {
                if (!value.equals("`") && !value.equals("\\")) {
                    throw new Located(lineNo, "invalid escape token '" + value + "' does not match ` or \\");
                }
                escape = value.charAt(0);
            }
            case "syntax" -> {
                syntax = value;
                notes.add(fileName + ":" + lineNo + ": the syntax directive (" + value
                        + ") is ignored: Berth parses every Dockerfile with its own built-in frontend");
            }
            default -> {
                check = value;
                notes.add(fileName + ":" + lineNo + ": the check directive (" + value
                        + ") is ignored: Berth runs no build checks");
            }
        }
    }

    private record Continuation(String text, boolean continues) {}

    /** Docker's rule: a trailing escape (not itself escaped), then only blanks, joins the next line. */
    private Continuation continuation(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) end--;
        if (end > 0 && line.charAt(end - 1) == escape && (end == 1 || line.charAt(end - 2) != escape)) {
            return new Continuation(line.substring(0, end - 1), true);
        }
        return new Continuation(line, false);
    }

    private static boolean isComment(String line) {
        return trimLeft(line).startsWith("#");
    }

    private static String trimNewline(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) end--;
        return s.substring(0, end);
    }

    private static String trimLeft(String s) {
        int i = 0;
        while (i < s.length() && ShellLexer.isSpace(s.charAt(i))) i++;
        return s.substring(i);
    }
}
