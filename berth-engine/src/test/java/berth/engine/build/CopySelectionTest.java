package berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopySelectionTest {
    @TempDir
    Path tmp;

    private static ContextIndex index(String... namesAndContents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                byte[] b = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(namesAndContents[i], true);
                e.setSize(b.length);
                t.putArchiveEntry(e);
                t.write(b);
                t.closeArchiveEntry();
            }
        }
        return ContextIndex.read(new ByteArrayInputStream(out.toByteArray()), Set.of(), 0644);
    }

    private static CopySources.Fingerprint fingerprint(ContextIndex index, CopySelection selection, String... sources) {
        return index.fingerprint("COPY", List.of(sources), n -> false, 0755, selection);
    }

    @Test
    void parentsSourceIsSplitAtItsPivot() {
        assertThat(CopySelection.pivot("COPY", "./app/./pkg/*/*.go"))
                .isEqualTo(new CopySelection.Pivoted("app", "pkg/*/*.go"));
        assertThat(CopySelection.pivot("COPY", "x/a.txt")).isEqualTo(new CopySelection.Pivoted("", "x/a.txt"));
    }

    @Test
    void parentsMatchesKeepOnlyTheTopMostEntryOfADirectoryThatMatches() {
        List<String> names = List.of("x", "x/a.txt", "x/sub", "x/sub/b.md", "y", "y/a.txt");
        assertThat(CopySelection.matches(new CopySelection.Pivoted("", "x"), names)).containsExactly("x");
        assertThat(CopySelection.matches(new CopySelection.Pivoted("", "*/a.txt"), names)).containsExactly("x/a.txt", "y/a.txt");
        assertThat(CopySelection.matches(new CopySelection.Pivoted("", "missing/*.txt"), names)).isEmpty();
    }

    @Test
    void excludeMatchesBelowADirectorySourceAndTheNameOfAFileSource() {
        CopySelection s = CopySelection.of(false, List.of("*.txt"));
        assertThat(s.excluded("docs/a.txt", "docs", true, null)).isTrue();
        assertThat(s.excluded("docs/sub/a.txt", "docs", true, null)).isFalse();
        assertThat(s.excluded("docs", "docs", true, null)).isFalse();
        assertThat(s.excluded("home.txt", "home.txt", false, null)).isTrue();
        assertThat(s.excluded("sub/home.md", "sub/home.md", false, null)).isFalse();
    }

    @Test
    void excludeWithParentsMatchesThePathFromThePivot() {
        CopySelection s = CopySelection.of(true, List.of("pkg/b"));
        assertThat(s.excluded("app/pkg/b/n.js", "app/pkg/b", true, "app")).isTrue();
        assertThat(s.excluded("app/pkg/a/m.go", "app/pkg/a", true, "app")).isFalse();
    }

    @Test
    void anExcludedFileDoesNotChangeTheCacheKey() throws IOException {
        CopySelection s = CopySelection.of(false, List.of("*.log"));
        String before = fingerprint(index("d/a.c", "int a;", "d/x.log", "one"), s, "d").digest();
        String after = fingerprint(index("d/a.c", "int a;", "d/x.log", "two"), s, "d").digest();
        String changed = fingerprint(index("d/a.c", "int b;", "d/x.log", "one"), s, "d").digest();
        assertThat(after).isEqualTo(before);
        assertThat(changed).isNotEqualTo(before);
    }

    @Test
    void parentsReadTheDirectoriesOnTheWayAndOnlyTheMatches() throws IOException {
        ContextIndex i = index("app/pkg/a/m.go", "package a", "app/pkg/b/n.js", "x");
        CopySources.Fingerprint fp = fingerprint(i, CopySelection.of(true, List.of()), "app/./pkg/*/*.go");
        assertThat(fp.files().keySet()).containsExactly("app/pkg", "app/pkg/a", "app/pkg/a/m.go");
    }

    @Test
    void indexAndDiskGiveTheSameFingerprintWithASelection() throws IOException {
        ContextIndex i = index("d/a.c", "int a;", "d/x.log", "one", "d/s/b.c", "int b;");
        Path root = Files.createDirectories(tmp.resolve("ctx"));
        Files.createDirectories(root.resolve("d/s"));
        Files.writeString(root.resolve("d/a.c"), "int a;");
        Files.writeString(root.resolve("d/x.log"), "one");
        Files.writeString(root.resolve("d/s/b.c"), "int b;");
        for (Path p : List.of(root.resolve("d"), root.resolve("d/s"))) Files.setAttribute(p, "unix:mode", 0755);
        for (String f : List.of("d/a.c", "d/x.log", "d/s/b.c")) Files.setAttribute(root.resolve(f), "unix:mode", 0644);
        CopySelection s = CopySelection.of(true, List.of("d/*.log"));
        CopySources disk = new CopySources(root, n -> false, null);
        CopySources.Fingerprint fromDisk = disk.fingerprint(disk.resolve("COPY", List.of("d"), s), s);
        assertThat(fromDisk.files()).isEqualTo(fingerprint(i, s, "d").files());
    }
}
