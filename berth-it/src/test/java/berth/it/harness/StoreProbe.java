package berth.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads berthd's data root from outside (DESIGN.md "Data on disk"): what a crash may have left behind. */
public record StoreProbe(Path dataRoot) {

    /** Rows still marked {@code creating} in layers and container_state: intent that recovery did not resolve. */
    public List<String> creatingRows() {
        CommandResult r = ProcessRunner.run(List.of("sqlite3", "-readonly", dataRoot.resolve("berth.db").toString(),
                "SELECT 'layer ' || chain_id FROM layers WHERE state = 'creating' "
                        + "UNION ALL SELECT 'container ' || id FROM container_state WHERE status = 'creating';"),
                Map.of(), null, Duration.ofSeconds(30)).requireSuccess();
        return r.outLines();
    }

    /** Files under content/ingest: partial downloads. */
    public List<Path> ingestFiles() {
        return list(dataRoot.resolve("content/ingest"));
    }

    /** Directories directly under layers/. */
    public List<Path> layerDirs() {
        return list(dataRoot.resolve("layers"));
    }

    /** Bytes used under layers/ ({@code du -sb}). */
    public long layersDiskUsage() {
        Path layers = dataRoot.resolve("layers");
        if (!Files.exists(layers)) return 0;
        CommandResult r = ProcessRunner.run(List.of("du", "-sb", layers.toString()), Map.of(), null,
                Duration.ofSeconds(60)).requireSuccess();
        return Long.parseLong(r.out().split("\\s+")[0]);
    }

    /** Mount points under the data root (overlays of containers). */
    public List<String> mounts() {
        return Sandbox.mountsUnder(dataRoot);
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
