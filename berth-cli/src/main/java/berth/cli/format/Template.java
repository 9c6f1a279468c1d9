package berth.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The subset of Go's text/template that docker's --format uses: {{.Field}}, {{.A.B}}, {{.}}, {{json X}},
 * {{upper X}}, {{lower X}}, {{title X}}, {{join X ","}}, {{index X "k"}}, {{len X}}, {{println X}},
 * {{range X}}…{{end}}, {{if X}}…{{else}}…{{end}}, and the docker CLI's {{.Label "k"}}. Data is a Jackson tree.
 */
public final class Template {
    private final List<Node> nodes;

    private Template(List<Node> nodes) {
        this.nodes = nodes;
    }

    sealed interface Node permits Text, Action, Range, If {}

    record Text(String text) implements Node {}

    record Action(List<String> words) implements Node {}

    record Range(List<String> words, List<Node> body) implements Node {}

    record If(List<String> words, List<Node> then, List<Node> otherwise) implements Node {}

    /** A template that does not parse, with Go's message: "template: NAME:LINE: what". */
    public static final class ParseError extends IllegalArgumentException {
        ParseError(String message) {
            super(message);
        }
    }

    private static final java.util.Set<String> FUNCTIONS = java.util.Set.of("json", "upper", "lower", "title", "len",
            "println", "join", "index", "if", "range", "end", "else", "not", "eq", "ne");

    public static Template parse(String text) {
        return parse("", text);
    }

    public static Template parse(String name, String text) {
        Parser p = new Parser(name, text);
        List<Node> nodes = p.nodes(false);
        return new Template(nodes);
    }

    public String render(JsonNode data) {
        StringBuilder out = new StringBuilder();
        render(nodes, data, out);
        return out.toString();
    }

    private static void render(List<Node> nodes, JsonNode dot, StringBuilder out) {
        for (Node n : nodes) {
            switch (n) {
                case Text t -> out.append(t.text());
                case Action a -> out.append(text(eval(a.words(), dot)));
                case Range r -> {
                    JsonNode v = eval(r.words(), dot);
                    if (v.isArray()) for (JsonNode item : v) render(r.body(), item, out);
                    else if (v.isObject()) for (Iterator<JsonNode> it = v.elements(); it.hasNext(); ) render(r.body(), it.next(), out);
                }
                case If i -> render(truthy(eval(i.words(), dot)) ? i.then() : i.otherwise(), dot, out);
            }
        }
    }

    static boolean truthy(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) return false;
        if (v.isBoolean()) return v.booleanValue();
        if (v.isNumber()) return v.doubleValue() != 0;
        if (v.isTextual()) return !v.textValue().isEmpty();
        return v.size() > 0;
    }

    static String text(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) return "<no value>";
        if (v.isTextual()) return v.textValue();
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode e : v) parts.add(text(e));
            return "[" + String.join(" ", parts) + "]";
        }
        if (v.isObject()) {
            List<String> parts = new ArrayList<>();
            v.properties().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> parts.add(e.getKey() + ":" + text(e.getValue())));
            return "map[" + String.join(" ", parts) + "]";
        }
        return v.asText();
    }

    private static JsonNode eval(List<String> words, JsonNode dot) {
        if (words.isEmpty()) return dot;
        String head = words.getFirst();
        List<JsonNode> args = new ArrayList<>();
        for (String w : words.subList(1, words.size())) args.add(value(w, dot));
        return switch (head) {
            case "json" -> TextNode.valueOf(json(args.isEmpty() ? dot : args.getFirst()));
            case "upper" -> TextNode.valueOf(text(args.getFirst()).toUpperCase(Locale.ROOT));
            case "lower" -> TextNode.valueOf(text(args.getFirst()).toLowerCase(Locale.ROOT));
            case "title" -> {
                String s = text(args.getFirst());
                yield TextNode.valueOf(s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1));
            }
            case "not" -> com.fasterxml.jackson.databind.node.BooleanNode.valueOf(!truthy(args.getFirst()));
            case "eq" -> com.fasterxml.jackson.databind.node.BooleanNode.valueOf(same(args.get(0), args.get(1)));
            case "ne" -> com.fasterxml.jackson.databind.node.BooleanNode.valueOf(!same(args.get(0), args.get(1)));
            case "len" -> JsonNodeFactory.instance.numberNode(args.getFirst().size());
            case "println" -> TextNode.valueOf((args.isEmpty() ? "" : text(args.getFirst())) + "\n");
            case "join" -> {
                List<String> parts = new ArrayList<>();
                for (JsonNode e : args.getFirst()) parts.add(text(e));
                yield TextNode.valueOf(String.join(args.size() > 1 ? text(args.get(1)) : "", parts));
            }
            case "index" -> {
                JsonNode target = args.getFirst();
                JsonNode key = args.get(1);
                // Go's index yields the zero value for a missing key: the docker CLI's maps here hold strings
                JsonNode found = target.isArray() ? target.path(key.asInt()) : target.path(key.asText());
                yield found.isMissingNode() ? TextNode.valueOf("") : found;
            }
            default -> {
                JsonNode v = value(head, dot);
                // docker's formatter method with an argument: {{.Label "k"}}
                if (head.equals(".Label") || head.endsWith(".Label")) {
                    yield label(dot, args.isEmpty() ? "" : text(args.getFirst()));
                }
                yield v;
            }
        };
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
        return text(a).equals(text(b));
    }

    private static JsonNode label(JsonNode dot, String key) {
        JsonNode labels = dot.path("Labels");
        if (labels.isObject()) return labels.path(key);
        // the list formatters carry labels as "k=v,k2=v2", as the docker CLI's do
        for (String pair : labels.asText("").split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(key)) return TextNode.valueOf(pair.substring(eq + 1));
        }
        return TextNode.valueOf("");
    }

    private static JsonNode value(String word, JsonNode dot) {
        if (word.startsWith("\"") && word.endsWith("\"") && word.length() >= 2) {
            return TextNode.valueOf(word.substring(1, word.length() - 1).replace("\\\"", "\"").replace("\\n", "\n"));
        }
        if (word.matches("-?\\d+")) return JsonNodeFactory.instance.numberNode(Long.parseLong(word));
        if (word.equals(".")) return dot;
        if (word.startsWith(".")) {
            JsonNode cur = dot;
            for (String part : word.substring(1).split("\\.")) {
                if (part.isEmpty()) continue;
                cur = cur == null ? null : cur.get(part);
                if (cur == null) return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            }
            return cur;
        }
        throw new IllegalArgumentException("template: function \"" + word + "\" not defined");
    }

    /** The docker CLI's json function turns Go's HTML escaping off, unlike its inspect output. */
    private static String json(JsonNode v) {
        return GoJson.compactUnescaped(v);
    }

    /** Splits the template into text and {{actions}}, and nests range/if blocks. */
    private static final class Parser {
        private final String name;
        private final String src;
        private int pos;

        Parser(String name, String src) {
            this.name = name;
            this.src = src;
        }

        private ParseError error(String what) {
            int line = 1;
            for (int i = 0; i < Math.min(pos, src.length()); i++) if (src.charAt(i) == '\n') line++;
            return new ParseError("template: " + name + ":" + line + ": " + what);
        }

        /** Go checks function names when it parses, so a bad one fails even with nothing to render. */
        private void checkFunctions(List<String> words) {
            for (String w : words) {
                if (w.startsWith(".") || w.startsWith("\"") || w.startsWith("$") || w.startsWith("(") || w.matches("-?\\d+")) continue;
                if (w.equals("true") || w.equals("false") || w.equals("nil")) continue;
                if (!FUNCTIONS.contains(w)) throw error("function \"" + w + "\" not defined");
            }
        }

        List<Node> nodes(boolean inBlock) {
            List<Node> out = new ArrayList<>();
            while (pos < src.length()) {
                int open = src.indexOf("{{", pos);
                if (open < 0) {
                    out.add(new Text(src.substring(pos)));
                    pos = src.length();
                    break;
                }
                int close = src.indexOf("}}", open);
                if (close < 0) {
                    pos = open;
                    throw error("unclosed action");
                }
                String raw = src.substring(open + 2, close);
                // "{{- " and " -}}" trim the white space on that side of the action, as in Go
                boolean trimLeft = raw.startsWith("- ");
                boolean trimRight = raw.endsWith(" -");
                if (open > pos) {
                    String text = src.substring(pos, open);
                    if (trimLeft) text = text.stripTrailing();
                    if (!text.isEmpty()) out.add(new Text(text));
                }
                String inner = raw.strip();
                if (trimLeft) inner = inner.substring(1).strip();
                if (trimRight) inner = inner.substring(0, inner.length() - 1).strip();
                pos = close + 2;
                if (trimRight) {
                    while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) pos++;
                }
                List<String> words = words(inner);
                checkFunctions(words);
                String head = words.isEmpty() ? "" : words.getFirst();
                switch (head) {
                    case "end", "else" -> {
                        if (!inBlock) throw error("unexpected {{" + head + "}}");
                        pos = open;
                        return out;
                    }
                    case "range" -> {
                        List<Node> body = nodes(true);
                        expect("end");
                        out.add(new Range(words.subList(1, words.size()), body));
                    }
                    case "if" -> {
                        List<Node> then = nodes(true);
                        List<Node> otherwise = List.of();
                        if (peek("else")) {
                            expect("else");
                            otherwise = nodes(true);
                        }
                        expect("end");
                        out.add(new If(words.subList(1, words.size()), then, otherwise));
                    }
                    default -> out.add(new Action(words));
                }
            }
            if (inBlock) throw error("unexpected EOF");
            return out;
        }

        private boolean peek(String word) {
            return src.startsWith("{{", pos) && src.substring(pos + 2).stripLeading().replaceFirst("^-", "").stripLeading().startsWith(word);
        }

        private void expect(String word) {
            if (!peek(word)) throw error("missing {{" + word + "}}");
            int close = src.indexOf("}}", pos);
            boolean trimRight = src.startsWith(" -", close - 2);
            pos = close + 2;
            if (trimRight) {
                while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) pos++;
            }
        }

        private static List<String> words(String s) {
            List<String> out = new ArrayList<>();
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '"') {
                    int j = i + 1;
                    while (j < s.length() && s.charAt(j) != '"') j += s.charAt(j) == '\\' ? 2 : 1;
                    out.add(s.substring(i, Math.min(j + 1, s.length())));
                    i = j + 1;
                } else {
                    int j = i;
                    while (j < s.length() && !Character.isWhitespace(s.charAt(j))) j++;
                    out.add(s.substring(i, j));
                    i = j;
                }
            }
            return out;
        }
    }
}
