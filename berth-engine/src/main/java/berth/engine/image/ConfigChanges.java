package berth.engine.image;

import berth.api.Json;
import berth.api.errors.InvalidArgumentException;
import berth.api.model.ContainerConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Applies Dockerfile-style {@code --change} instructions to a container config, as {@code docker import -c} and
 * {@code docker commit -c} do. Only the instructions Docker allows there are accepted.
 */
final class ConfigChanges {
    private ConfigChanges() {}

    static ContainerConfig apply(ContainerConfig base, List<String> changes) {
        ContainerConfig c = base;
        for (String change : changes) {
            String line = change.strip();
            if (line.isEmpty()) continue;
            int sp = indexOfSpace(line);
            String instruction = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
            String args = sp < 0 ? "" : line.substring(sp).strip();
            c = switch (instruction) {
                case "CMD" -> with(c, "Cmd", commandForm(args));
                case "ENTRYPOINT" -> with(c, "Entrypoint", commandForm(args));
                case "ENV" -> with(c, "Env", env(c.env(), args));
                case "WORKDIR" -> with(c, "WorkingDir", args);
                case "USER" -> with(c, "User", args);
                case "LABEL" -> with(c, "Labels", labels(c.labels(), args));
                case "EXPOSE" -> with(c, "ExposedPorts", exposed(c.exposedPorts(), args));
                case "VOLUME" -> with(c, "Volumes", volumes(c.volumes(), args));
                case "STOPSIGNAL" -> with(c, "StopSignal", args);
                case "ONBUILD" -> with(c, "OnBuild", append(c.onBuild(), args));
                default -> throw new InvalidArgumentException(instruction.toLowerCase(Locale.ROOT)
                        + " is not a valid change command");
            };
        }
        return c;
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) if (Character.isWhitespace(s.charAt(i))) return i;
        return -1;
    }

    /** JSON array form, else the shell form wrapped in /bin/sh -c. */
    static List<String> commandForm(String args) {
        if (args.startsWith("[")) {
            try {
                return List.of(Json.mapper().readValue(args, String[].class));
            } catch (IOException e) {
                // Docker falls back to the shell form when the JSON does not parse
            }
        }
        return List.of("/bin/sh", "-c", args);
    }

    private static List<String> env(List<String> current, String args) {
        List<String> out = new ArrayList<>(current == null ? List.of() : current);
        for (Map.Entry<String, String> kv : keyValues(args, "ENV").entrySet()) {
            out.removeIf(e -> e.equals(kv.getKey()) || e.startsWith(kv.getKey() + "="));
            out.add(kv.getKey() + "=" + kv.getValue());
        }
        return out;
    }

    private static Map<String, String> labels(Map<String, String> current, String args) {
        Map<String, String> out = new LinkedHashMap<>(current == null ? Map.of() : current);
        out.putAll(keyValues(args, "LABEL"));
        return out;
    }

    /** "K=V K2=V2" (values may be double-quoted) or the legacy "K V" form. */
    private static Map<String, String> keyValues(String args, String instruction) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!args.contains("=")) {
            int sp = indexOfSpace(args);
            if (sp < 0) throw new InvalidArgumentException(instruction + " requires at least one argument");
            out.put(args.substring(0, sp), args.substring(sp).strip());
            return out;
        }
        for (String token : tokens(args)) {
            int eq = token.indexOf('=');
            if (eq <= 0) throw new InvalidArgumentException("Syntax error - can't find = in \"" + token + "\". Must be of the form: name=value");
            out.put(token.substring(0, eq), token.substring(eq + 1));
        }
        return out;
    }

    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"') quoted = !quoted;
            else if (ch == '\\' && i + 1 < s.length()) cur.append(s.charAt(++i));
            else if (Character.isWhitespace(ch) && !quoted) {
                if (!cur.isEmpty()) out.add(cur.toString());
                cur.setLength(0);
            } else cur.append(ch);
        }
        if (!cur.isEmpty()) out.add(cur.toString());
        return out;
    }

    private static Map<String, Object> exposed(Map<String, Object> current, String args) {
        Map<String, Object> out = new LinkedHashMap<>(current == null ? Map.of() : current);
        for (String port : args.split("\\s+")) out.put(port.contains("/") ? port : port + "/tcp", Map.of());
        return out;
    }

    private static Map<String, Object> volumes(Map<String, Object> current, String args) {
        Map<String, Object> out = new LinkedHashMap<>(current == null ? Map.of() : current);
        List<String> paths = args.startsWith("[") ? commandForm(args) : List.of(args.split("\\s+"));
        for (String p : paths) out.put(p, Map.of());
        return out;
    }

    private static List<String> append(List<String> current, String value) {
        List<String> out = new ArrayList<>(current == null ? List.of() : current);
        out.add(value);
        return out;
    }

    /** Replaces one field by its JSON name, keeping the record immutable without a 21-argument constructor call per case. */
    private static ContainerConfig with(ContainerConfig c, String field, Object value) {
        Map<String, Object> tree = Json.mapper().convertValue(c, Json.mapper().getTypeFactory()
                .constructMapType(LinkedHashMap.class, String.class, Object.class));
        tree.put(field, value);
        return Json.mapper().convertValue(tree, ContainerConfig.class);
    }
}
