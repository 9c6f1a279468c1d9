package berth.cli.container;

import berth.api.Json;
import berth.cli.CliError;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --security-opt} as the docker CLI sends it: {@code seccomp=<file>} becomes {@code seccomp=<the file's JSON,
 * compacted>}, so that the daemon never reads a client's path; {@code unconfined} and {@code builtin} stay names.
 */
final class SecurityOpts {
    private SecurityOpts() {}

    static List<String> resolve(List<String> options) {
        List<String> out = new ArrayList<>();
        for (String o : options) {
            int eq = o.indexOf('=');
            int at = eq >= 0 ? eq : o.indexOf(':');
            if (at <= 0 || !o.substring(0, at).equals("seccomp")) {
                out.add(o);
                continue;
            }
            String value = o.substring(at + 1);
            if (value.equals("unconfined") || value.equals("builtin")) {
                out.add(o);
                continue;
            }
            String text;
            try {
                text = Files.readString(Path.of(value));
            } catch (IOException e) {
                throw new CliError("opening seccomp profile (" + value + ") failed: " + e.getMessage(), 125);
            }
            try {
                out.add("seccomp=" + Json.mapper().writeValueAsString(Json.mapper().readTree(text)));
            } catch (JsonProcessingException e) {
                throw new CliError("compacting json for seccomp profile (" + value + ") failed: " + e.getOriginalMessage(), 125);
            }
        }
        return out;
    }
}
