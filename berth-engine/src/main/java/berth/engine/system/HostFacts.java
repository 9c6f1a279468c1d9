package berth.engine.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Facts about the host that do not change while berthd runs, read from /proc, /etc and the kernel once. */
record HostFacts(String kernelVersion, String operatingSystem, String osVersion, String architecture, long memTotal) {

    static HostFacts read(Path root) {
        Map<String, String> os = osRelease(text(root.resolve("etc/os-release"), ""));
        return new HostFacts(text(root.resolve("proc/sys/kernel/osrelease"), null),
                os.getOrDefault("PRETTY_NAME", "Linux"), os.get("VERSION_ID"), architecture(root),
                memTotal(text(root.resolve("proc/meminfo"), "")));
    }

    /** os-release(5): KEY=value lines, values optionally quoted. */
    static Map<String, String> osRelease(String text) {
        Map<String, String> out = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0 || line.startsWith("#")) continue;
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            out.put(line.substring(0, eq).strip(), value);
        }
        return out;
    }

    /** The kernel's machine name (uname -m, "x86_64"), as dockerd reports it; the JVM's name when /proc lacks it. */
    private static String architecture(Path root) {
        String arch = text(root.resolve("proc/sys/kernel/arch"), null);
        if (arch != null) return arch;
        return switch (System.getProperty("os.arch")) {
            case "amd64" -> "x86_64";
            case "aarch64" -> "aarch64";
            default -> System.getProperty("os.arch");
        };
    }

    static long memTotal(String meminfo) {
        for (String line : meminfo.split("\n")) {
            if (line.startsWith("MemTotal:")) {
                String[] parts = line.substring("MemTotal:".length()).strip().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return 0;
    }

    static String text(Path file, String fallback) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return fallback;
        }
    }
}
