package berth.engine.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading cgroup control files: a number, "max", flat key-value lists. A missing file reads as absent. */
final class CgroupFiles {
    private CgroupFiles() {}

    static String text(Path file) throws IOException {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** A single number; "max" (v2's unlimited) is null, and so is a missing file. */
    static Long number(Path file) throws IOException {
        String s = text(file);
        if (s == null) return null;
        s = s.strip();
        if (s.isEmpty() || s.equals("max")) return null;
        return Long.parseLong(s);
    }

    static long numberOr(Path file, long fallback) throws IOException {
        Long n = number(file);
        return n == null ? fallback : n;
    }

    /** "key value" lines (memory.stat, cpu.stat, cpuacct.stat) in file order; lines that are not that are skipped. */
    static Map<String, Long> keyValues(String text) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (text == null) return out;
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length != 2) continue;
            try {
                out.put(f[0], Long.parseLong(f[1]));
            } catch (NumberFormatException e) {
                // not a counter
            }
        }
        return out;
    }

    /** Space-separated numbers on one line (cpuacct.usage_percpu). */
    static List<Long> numbers(String text) {
        List<Long> out = new ArrayList<>();
        if (text == null) return out;
        for (String f : text.strip().split("\\s+")) if (!f.isEmpty()) out.add(Long.parseLong(f));
        return out;
    }
}
