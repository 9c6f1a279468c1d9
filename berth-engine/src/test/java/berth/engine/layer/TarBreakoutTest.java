package berth.engine.layer;

import static org.assertj.core.api.Assertions.assertThat;

import berth.engine.sys.FileSystemCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile layers, one row per attack (containerd's TestBreakouts). Each may fail or succeed, but nothing outside
 * the extraction root may change: not a file, a mode, an mtime, a link count or an xattr.
 */
class TarBreakoutTest {
    @TempDir
    Path tmp;
    Path root;
    Path outside;

    /** {@code tar} gets the absolute path of the directory the attack aims at. */
    record Attack(String name, Function<Path, TarBuilder> tar) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Attack> attacks() {
        return Stream.of(
                new Attack("DotDotPath", o -> new TarBuilder().file("../outside/evil", "x")),
                new Attack("DeepDotDotPath", o -> new TarBuilder().file("a/../../../../outside/evil", "x")),
                new Attack("AbsolutePath", o -> new TarBuilder().file(o + "/evil", "x")),
                new Attack("AbsoluteOverwrite", o -> new TarBuilder().file(o + "/secret", "pwned")),
                new Attack("SymlinkUpAndOut", o -> new TarBuilder().symlink("up", "../outside").file("up/evil", "x")),
                new Attack("SymlinkDeepUpAndOut", o -> new TarBuilder().dir("a").symlink("a/up", "../../../../outside")
                        .file("a/up/evil", "x")),
                new Attack("SymlinkAbsoluteOut", o -> new TarBuilder().symlink("abs", o.toString()).file("abs/evil", "x")),
                new Attack("SymlinkChainOut", o -> new TarBuilder().symlink("a", "b").symlink("b", "c/../../outside")
                        .dir("c").file("a/evil", "x")),
                new Attack("SymlinkToOutsideFileThenOverwrite", o -> new TarBuilder().symlink("s", o + "/secret")
                        .file("s", "pwned")),
                new Attack("SymlinkThenDirectory", o -> new TarBuilder().symlink("s", o.toString()).dir("s/newdir", 0777)),
                new Attack("SymlinkThenDirectoryChmod", o -> new TarBuilder().symlink("s", o.toString()).dir("s", 0777)),
                new Attack("SymlinkThenFifo", o -> new TarBuilder().symlink("s", o.toString()).fifo("s/fifo")),
                new Attack("SymlinkLoop", o -> new TarBuilder().symlink("a", "b").symlink("b", "a").file("a/evil", "x")),
                new Attack("HardlinkDotDotOutside", o -> new TarBuilder().hardlink("h", "../outside/secret")),
                new Attack("HardlinkAbsoluteOutside", o -> new TarBuilder().hardlink("h", o + "/secret")),
                new Attack("HardlinkThroughSymlink", o -> new TarBuilder().symlink("s", o.toString()).hardlink("h", "s/secret")),
                new Attack("HardlinkThenWrite", o -> new TarBuilder().hardlink("h", o + "/secret").file("h", "pwned")),
                new Attack("WhiteoutDotDot", o -> new TarBuilder().file(".wh..", "")),
                new Attack("WhiteoutDot", o -> new TarBuilder().file("sub/.wh.", "")),
                new Attack("WhiteoutUpAndOut", o -> new TarBuilder().file("../.wh.outside", "")),
                new Attack("WhiteoutThroughSymlink", o -> new TarBuilder().symlink("s", o.toString()).file("s/.wh.secret", "")),
                new Attack("OpaqueThroughSymlink", o -> new TarBuilder().symlink("s", o.toString()).file("s/.wh..wh..opq", "")),
                new Attack("DeferredDirTimeThroughLaterSymlink", o -> new TarBuilder().dir("a").dir("a/sub")
                        .symlink("a", o.toString())),
                new Attack("DeferredDirTimeThroughRelativeSymlink", o -> new TarBuilder().dir("outside").dir("outside/sub")
                        .symlink("outside", "../../outside")));
    }

    @BeforeEach
    void layout() throws IOException {
        root = Files.createDirectory(tmp.resolve("root"));
        outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "original");
        Files.createDirectory(outside.resolve("sub"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void extractionNeverChangesAnythingOutsideTheRoot(Attack attack) throws IOException {
        Map<String, String> before = snapshot();
        byte[] tar = attack.tar().apply(outside).build();
        try {
            TarExtractor.extract(new ByteArrayInputStream(tar), root);
        } catch (IOException refused) {
            // refusing the layer is as good as containing it
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    /** Everything in {@code tmp} except the extraction root: type, mode, size, mtime, links, content, opaque xattr. */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(tmp)) {
            for (Path p : files.filter(p -> !p.startsWith(root)).toList()) {
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,size,lastModifiedTime,nlink,ino",
                        LinkOption.NOFOLLOW_LINKS);
                String content = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.readString(p) : "";
                byte[] opaque = Files.isSymbolicLink(p) ? null : FileSystemCalls.getXattr(p, "trusted.overlay.opaque");
                out.put(tmp.relativize(p).toString(), new TreeMap<>(a) + " " + content + " " + (opaque != null));
            }
        }
        return out;
    }
}
