package berth.engine.system;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A helper binary's version as it reports it with {@code --version} (runc, conmon, tini). */
public record BinaryVersion(Path path, String version, String commit) {

    /** Runs {@code binary --version}; empty when the binary is missing, fails, or prints no version. */
    public static Optional<BinaryVersion> probe(Path binary) {
        if (!Files.isExecutable(binary)) return Optional.empty();
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 ? parse(binary, out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Parses "NAME version V" or "NAME V" (first such line) and a "commit: C" line (runc, conmon) or a " - git.C" suffix (tini).
     * A commit reported as "unknown" is no commit.
     */
    static Optional<BinaryVersion> parse(Path binary, String output) {
        String version = null;
        String commit = null;
        for (String line : output.split("\n")) {
            line = line.strip();
            int at = line.indexOf(" version ");
            if (version == null && at > 0) {
                String rest = line.substring(at + " version ".length()).strip();
                int git = rest.indexOf(" - git.");
                if (git > 0) {
                    commit = rest.substring(git + " - git.".length()).strip();
                    rest = rest.substring(0, git).strip();
                }
                version = rest;
            } else if (version == null && line.matches("[A-Za-z0-9_.-]+ \\d+\\.\\d+[0-9A-Za-z.+~-]*")) {
                // "netavark 1.4.0", "aardvark-dns 1.4.0": the name and the bare version
                version = line.substring(line.indexOf(' ') + 1);
            } else if (line.startsWith("commit:")) {
                commit = line.substring("commit:".length()).strip();
            }
        }
        if (version == null || version.isEmpty()) return Optional.empty();
        if (commit != null && (commit.isEmpty() || commit.equals("unknown"))) commit = null;
        return Optional.of(new BinaryVersion(binary, version, commit));
    }
}
