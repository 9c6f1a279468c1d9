package berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

class DigestMemoTest {
    private static byte[] tar(String name, String content, long mtime) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            byte[] b = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(b.length);
            e.setModTime(new Date(mtime));
            t.putArchiveEntry(e);
            t.write(b);
            t.closeArchiveEntry();
        }
        return out.toByteArray();
    }

    private static String digest(DigestMemo memo, String content, long mtime) throws IOException {
        return ContextIndex.read(new ByteArrayInputStream(tar("a.txt", content, mtime)), Set.of(), 0644, memo)
                .digestOf("a.txt");
    }

    @Test
    void aFileSeenBeforeGetsTheDigestItHadThen() throws IOException {
        DigestMemo memo = new DigestMemo();
        String first = digest(memo, "abc", 1_000_000);
        assertThat(first).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(digest(memo, "abc", 1_000_000)).isEqualTo(first);
    }

    @Test
    void sameNameSizeAndTimeWithOtherContentIsHashedAgain() throws IOException {
        DigestMemo memo = new DigestMemo();
        String first = digest(memo, "abc", 1_000_000);
        assertThat(digest(memo, "abd", 1_000_000)).isNotEqualTo(first)
                .isEqualTo("a52d159f262b2c6ddb724a61840befc36eb30c88877a4030b65cbe86298449c9");
    }
}
