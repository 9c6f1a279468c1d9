package berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TabWriterTest {
    @Test
    void columnsAreWidestCellPlusThreeAndAtLeastTen() {
        TabWriter w = new TabWriter();
        w.line("REPOSITORY\tTAG\tSIZE");
        w.line("busybox\tlatest\t1.98MB");
        assertThat(w.render()).isEqualTo("""
                REPOSITORY   TAG       SIZE
                busybox      latest    1.98MB
                """);
    }

    @Test
    void aLineWithoutTheColumnEndsItsBlock() {
        TabWriter w = new TabWriter(0, 1);
        w.line(" a:\t1");
        w.line("header");
        w.line(" longer key:\t2");
        assertThat(w.render()).isEqualTo("""
                 a: 1
                header
                 longer key: 2
                """);
    }

    @Test
    void versionLayoutPadsLabelsToTwentyColumns() {
        TabWriter w = new TabWriter(20, 1);
        w.line(" Version:\t0.1.0");
        w.line(" API version:\t1.50");
        assertThat(w.render()).isEqualTo("""
                 Version:           0.1.0
                 API version:       1.50
                """);
    }
}
