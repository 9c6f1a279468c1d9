package berth.cli.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's text/tabwriter as the docker CLI configures it (minwidth 10, padding 3, spaces): cells end at tabs, a column is
 * as wide as its widest cell plus padding, the last cell of a line is not padded.
 */
public final class TabWriter {
    private final List<String[]> lines = new ArrayList<>();

    public void line(String tabSeparated) {
        lines.add(tabSeparated.split("\t", -1));
    }

    public String render() {
        int columns = lines.stream().mapToInt(l -> l.length).max().orElse(0);
        int[] width = new int[columns];
        for (String[] l : lines) {
            for (int i = 0; i < l.length - 1; i++) width[i] = Math.max(width[i], Math.max(10, length(l[i]) + 3));
        }
        StringBuilder sb = new StringBuilder();
        for (String[] l : lines) {
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < l.length; i++) {
                row.append(l[i]);
                if (i < l.length - 1) row.append(" ".repeat(width[i] - length(l[i])));
            }
            sb.append(row).append('\n');
        }
        return sb.toString();
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
