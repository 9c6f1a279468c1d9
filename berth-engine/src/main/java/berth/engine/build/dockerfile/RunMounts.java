package berth.engine.build.dockerfile;

import berth.api.errors.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parser of one {@code --mount} value: Docker's keys, their order rules, defaults and messages. */
final class RunMounts {
    private RunMounts() {}

    private static final List<String> TYPES = List.of("bind", "cache", "tmpfs", "secret", "ssh");
    private static final List<String> SHARING = List.of("shared", "private", "locked");
    private static final List<String> KEYS = List.of("type", "from", "source", "target", "readonly", "id", "sharing",
            "required", "size", "mode", "uid", "gid", "src", "dst", "destination", "ro", "rw", "readwrite", "env");
    private static final Pattern RAM = Pattern.compile("^(\\d+(?:\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$");

    static RunMount parse(String spec, UnaryOperator<String> expander) {
        try {
            return parseFields(csv(spec), expander);
        } catch (ParseProblem p) {
            throw new InvalidArgumentException(p.getMessage());
        }
    }

    private static RunMount parseFields(List<String> fields, UnaryOperator<String> expander) {
        String type = "bind";
        String from = "";
        String source = "";
        String target = "";
        boolean readOnly = false;
        boolean roAuto = true;
        boolean required = false;
        long size = 0;
        String id = "";
        String sharing = "";
        Long mode = null;
        Long uid = null;
        Long gid = null;
        String env = null;
        for (String field : fields) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT);
            if (eq < 0) {
                switch (key) {
                    case "readonly", "ro" -> {
                        readOnly = true;
                        roAuto = false;
                    }
                    case "readwrite", "rw" -> {
                        readOnly = false;
                        roAuto = false;
                    }
                    case "required" -> {
                        if (!type.equals("secret") && !type.equals("ssh")) throw unexpectedKey(key, type);
                        required = true;
                    }
                    default -> throw new ParseProblem("invalid field '" + field + "' must be a key=value pair");
                }
                continue;
            }
            String raw = field.substring(eq + 1);
            String value;
            if (key.equals("from")) {
                int dollar = raw.indexOf('$');
                if (dollar != -1 && dollar != raw.length() - 1) {
                    throw new ParseProblem("'" + key + "' doesn't support variable expansion, define alias stage instead");
                }
                value = raw;
            } else {
                value = expander.apply(raw);
            }
            switch (key) {
                case "type" -> {
                    String t = value.toLowerCase(Locale.ROOT);
                    if (!TYPES.contains(t)) {
                        throw new ParseProblem(Suggest.withSuggestion("unsupported mount type \"" + value + "\"", value,
                                TYPES, true));
                    }
                    type = t;
                }
                case "from" -> from = value;
                case "source", "src" -> source = value;
                case "target", "dst", "destination" -> target = value;
                case "readonly", "ro" -> {
                    readOnly = bool(key, value);
                    roAuto = false;
                }
                case "readwrite", "rw" -> {
                    readOnly = !bool(key, value);
                    roAuto = false;
                }
                case "required" -> {
                    if (!type.equals("secret") && !type.equals("ssh")) throw unexpectedKey(key, type);
                    required = bool(key, value);
                }
                case "size" -> {
                    if (!type.equals("tmpfs")) throw unexpectedKey(key, type);
                    size = ramInBytes(value);
                }
                case "id" -> id = value;
                case "sharing" -> {
                    String s = value.toLowerCase(Locale.ROOT);
                    if (!SHARING.contains(s)) {
                        throw new ParseProblem(Suggest.withSuggestion("unsupported sharing value \"" + value + "\"",
                                value, SHARING, true));
                    }
                    sharing = s;
                }
                case "mode" -> mode = unsigned(value, 8, "mode");
                case "uid" -> uid = unsigned(value, 10, "uid");
                case "gid" -> gid = unsigned(value, 10, "gid");
                case "env" -> env = value;
                default -> throw new ParseProblem(Suggest.withSuggestion("unexpected key '" + key + "' in '" + field
                        + "'", key, KEYS, true));
            }
        }
        boolean fileInfoAllowed = type.equals("secret") || type.equals("ssh") || type.equals("cache");
        if (!fileInfoAllowed) {
            if (mode != null) throw new ParseProblem("mode not allowed for \"" + type + "\" type mounts");
            if (uid != null) throw new ParseProblem("uid not allowed for \"" + type + "\" type mounts");
            if (gid != null) throw new ParseProblem("gid not allowed for \"" + type + "\" type mounts");
        }
        if (roAuto) readOnly = !(type.equals("cache") || type.equals("tmpfs"));
        if (type.equals("secret")) {
            if (!from.isEmpty()) throw new ParseProblem("secret mount should not have a from");
            if (!sharing.isEmpty()) throw new ParseProblem("secret mount should not define sharing");
            if (source.isEmpty() && target.isEmpty() && id.isEmpty()) {
                throw new ParseProblem("invalid secret mount. one of source, target required");
            }
            if (!source.isEmpty() && !id.isEmpty()) throw new ParseProblem("both source and id can't be set");
        }
        if (!sharing.isEmpty() && !type.equals("cache")) {
            throw new ParseProblem("invalid cache sharing set for " + type + " mount");
        }
        return switch (type) {
            case "cache" -> new RunMount.Cache(target, id.isEmpty() ? cleanPath(target) : id,
                    sharing.isEmpty() ? RunMount.Sharing.SHARED : RunMount.Sharing.valueOf(sharing.toUpperCase(
                            Locale.ROOT)), from.isEmpty() ? null : from, source, readOnly, mode, uid, gid);
            case "tmpfs" -> new RunMount.Tmpfs(target, size);
            case "secret" -> {
                String secretId = !source.isEmpty() ? source : id;
                if (secretId.isEmpty()) secretId = baseName(target);
                yield new RunMount.Secret(secretId, target, env, required, mode, uid, gid);
            }
            case "ssh" -> {
                if (!source.isEmpty()) throw new ParseProblem("ssh does not support source");
                yield new RunMount.Ssh(id.isEmpty() ? "default" : id, target, required, mode, uid, gid);
            }
            default -> new RunMount.Bind(target, source, from.isEmpty() ? null : from, readOnly);
        };
    }

    private static ParseProblem unexpectedKey(String key, String type) {
        return new ParseProblem("unexpected key '" + key + "' for mount type '" + type + "'");
    }

    /** Go's strconv.ParseBool. */
    private static boolean bool(String key, String value) {
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new ParseProblem("invalid value for " + key + ": " + value);
        };
    }

    private static Long unsigned(String value, int radix, String key) {
        try {
            long v = Long.parseLong(value, radix);
            if (v < 0 || v > 0xFFFF_FFFFL || value.startsWith("+") || value.startsWith("-")) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new ParseProblem("invalid value " + value + " for " + key);
        }
    }

    /** docker/go-units RAMInBytes: binary multipliers, optional "i" and "b". */
    static long ramInBytes(String value) {
        Matcher m = RAM.matcher(value);
        if (!m.matches()) throw new ParseProblem("invalid value for size: " + value);
        double number;
        try {
            number = Double.parseDouble(m.group(1));
        } catch (NumberFormatException e) {
            throw new ParseProblem("invalid value for size: " + value);
        }
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        long multiplier = switch (unit) {
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            case "t" -> 1L << 40;
            case "p" -> 1L << 50;
            default -> 1;
        };
        return (long) (number * multiplier);
    }

    /** One CSV record, as Go's encoding/csv reads it: quoted fields with "" for a quote. */
    static List<String> csv(String line) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            StringBuilder field = new StringBuilder();
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) throw new ParseProblem("failed to parse csv mounts: extraneous or missing \" in quoted-field");
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                if (i < n && line.charAt(i) != ',') {
                    throw new ParseProblem("failed to parse csv mounts: extraneous or missing \" in quoted-field");
                }
            } else {
                while (i < n && line.charAt(i) != ',') {
                    char c = line.charAt(i++);
                    if (c == '"') throw new ParseProblem("failed to parse csv mounts: bare \" in non-quoted-field");
                    field.append(c);
                }
            }
            fields.add(field.toString());
            if (i >= n) return fields;
            i++; // the comma
        }
    }

    /** Go's path.Clean for slash paths. */
    static String cleanPath(String p) {
        if (p.isEmpty()) return ".";
        boolean rooted = p.startsWith("/");
        List<String> out = new ArrayList<>();
        for (String part : p.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                if (!out.isEmpty() && !out.getLast().equals("..")) {
                    out.removeLast();
                } else if (!rooted) {
                    out.add("..");
                }
                continue;
            }
            out.add(part);
        }
        String joined = String.join("/", out);
        if (rooted) return "/" + joined;
        return joined.isEmpty() ? "." : joined;
    }

    /** Go's path.Base. */
    static String baseName(String p) {
        if (p.isEmpty()) return ".";
        String s = p;
        while (s.length() > 1 && s.endsWith("/")) s = s.substring(0, s.length() - 1);
        if (s.equals("/")) return "/";
        int slash = s.lastIndexOf('/');
        return slash < 0 ? s : s.substring(slash + 1);
    }
}
