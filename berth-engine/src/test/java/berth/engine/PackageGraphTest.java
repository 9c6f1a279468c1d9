package berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine's package graph (GUIDE §1.3), lowest first. A package may import only the packages listed for it;
 * nothing in the engine imports Netty or the daemon.
 */
class PackageGraphTest {
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("sys", Set.of()),
            Map.entry("store", Set.of()),
            Map.entry("events", Set.of()),
            Map.entry("content", Set.of("sys", "store")),
            Map.entry("layer", Set.of("sys", "store", "content")),
            Map.entry("gc", Set.of("store", "content", "layer")),
            Map.entry("image", Set.of("sys", "store", "events", "content", "layer", "gc")),
            Map.entry("registry", Set.of("sys", "store", "events", "content", "layer", "image", "gc")),
            Map.entry("search", Set.of()),
            Map.entry("archive", Set.of("store", "events", "content", "layer", "image", "gc")),
            Map.entry("cgroup", Set.of()),
            Map.entry("runtime", Set.of("sys", "store", "content", "image")),
            Map.entry("network", Set.of("sys", "store", "events")),
            Map.entry("volume", Set.of("sys", "store", "events", "layer")),
            Map.entry("container", Set.of("sys", "store", "events", "content", "layer", "image", "runtime", "cgroup",
                    "network", "volume")),
            Map.entry("system", Set.of("sys", "content", "layer", "gc", "image", "container", "network", "cgroup")),
            // the Dockerfile language: a pure library, below everything that builds
            Map.entry("build.dockerfile", Set.of()),
            // the builder: it runs steps in containers, pulls base images and commits images
            Map.entry("build", Set.of("sys", "store", "events", "content", "layer", "gc", "image", "registry",
                    "container", "build.dockerfile")));
    private static final Pattern IMPORT = Pattern.compile("berth\\.engine\\.([a-z]+(?:\\.[a-z]+)*)\\.[A-Z]");

    @Test
    void packagesImportOnlyWhatTheGraphAllows() throws IOException {
        Path root = Path.of("src/main/java/berth/engine");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path rel = root.relativize(file);
                if (rel.getNameCount() < 2) continue; // Engine, EngineConfig: the composition root sees everything
                String pkg = graphPackage(rel.getParent().toString().replace('/', '.'));
                String source = Files.readString(file);
                if (source.contains("io.netty") || source.contains("berth.daemon")) violations.add(rel + " imports the daemon side");
                Matcher m = IMPORT.matcher(source);
                while (m.find()) {
                    String target = graphPackage(m.group(1));
                    if (!target.equals(pkg) && !ALLOWED.getOrDefault(pkg, Set.of()).contains(target)) {
                        violations.add(rel + " imports berth.engine." + target);
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    /** The graph node a package belongs to: the longest listed prefix (build.dockerfile), else its first segment. */
    private static String graphPackage(String pkg) {
        for (String p = pkg; ; p = p.substring(0, p.lastIndexOf('.'))) {
            if (ALLOWED.containsKey(p)) return p;
            if (!p.contains(".")) return pkg.contains(".") ? pkg.substring(0, pkg.indexOf('.')) : pkg;
        }
    }
}
