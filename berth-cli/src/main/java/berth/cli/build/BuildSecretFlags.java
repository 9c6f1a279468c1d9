package berth.cli.build;

import berth.api.Json;
import berth.cli.CliError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code --secret id=ID[,type=file|env][,src=FILE][,env=VAR]}, read as buildx reads it: {@code type=env} takes the
 * variable named by {@code env} (or {@code src}); without {@code src} and {@code env}, the variable named like the id
 * if it is set, else the file named like it. The values go to berthd in one request header, base64 JSON.
 */
final class BuildSecretFlags {
    private BuildSecretFlags() {}

    static String header(List<String> flags) throws IOException {
        Map<String, String> encoded = new TreeMap<>();
        for (String flag : flags) {
            Secret s = parse(flag);
            encoded.put(s.id(), Base64.getEncoder().encodeToString(s.value()));
        }
        return Base64.getEncoder().encodeToString(Json.mapper().writeValueAsBytes(encoded));
    }

    record Secret(String id, byte[] value) {}

    static Secret parse(String flag) throws IOException {
        String type = "file";
        String id = null;
        String src = null;
        String env = null;
        for (String field : flag.split(",")) {
            int eq = field.indexOf('=');
            if (eq < 0) throw new CliError("invalid argument \"" + flag + "\" for \"--secret\" flag: invalid field '" + field + "' must be a key=value pair", 1);
            String key = field.substring(0, eq).toLowerCase(Locale.ROOT);
            String value = field.substring(eq + 1);
            switch (key) {
                case "type" -> {
                    if (!value.equals("file") && !value.equals("env")) {
                        throw new CliError("invalid argument \"" + flag + "\" for \"--secret\" flag: unsupported secret type \"" + value + "\"", 1);
                    }
                    type = value;
                }
                case "id" -> id = value;
                case "source", "src" -> src = value;
                case "env" -> env = value;
                default -> throw new CliError("invalid argument \"" + flag + "\" for \"--secret\" flag: unexpected key '" + key + "' in '" + field + "'", 1);
            }
        }
        if (type.equals("env") && env == null) {
            env = src;
            src = null;
        }
        if (id == null || id.isEmpty()) id = env != null ? env : src == null ? null : Path.of(src).getFileName().toString();
        if (id == null || id.isEmpty()) throw new CliError("invalid argument \"" + flag + "\" for \"--secret\" flag: a secret needs an id", 1);
        if (env == null && src == null) {
            if (System.getenv(id) != null) env = id;
            else src = id;
        }
        if (env != null) {
            String v = System.getenv(env);
            if (v == null) throw new CliError("secret " + id + ": environment variable " + env + " is not set", 1);
            return new Secret(id, v.getBytes(StandardCharsets.UTF_8));
        }
        Path file = Path.of(src);
        if (!Files.isRegularFile(file)) throw new CliError("secret " + id + ": open " + src + ": no such file or directory", 1);
        return new Secret(id, Files.readAllBytes(file));
    }
}
