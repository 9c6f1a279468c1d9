package berth.cli.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's text/tabwriter with spaces: cells end at tabs; a column block is a run of consecutive lines that have a cell in
 * that column, as wide as its widest cell plus padding (at least minwidth); the last cell of a line is not padded.
 * The docker CLI's tables use minwidth 10 and padding 3 ({@link #TABLE}); `version` uses minwidth 20, padding 1.
 */
public final class TabWriter {
    /** The docker CLI's tables (ps, images, history): formatter.NewTabWriter. */
    public static final int[] TABLE = {10, 3};

    private final int minWidth;
    private final int padding;
    private final List<String[]> lines = new ArrayList<>();

    public TabWriter() {
        this(TABLE[0], TABLE[1]);
    }

    public TabWriter(int minWidth, int padding) {
        this.minWidth = minWidth;
        this.padding = padding;
    }

    public void line(String tabSeparated) {
        lines.add(tabSeparated.split("\t", -1));
    }

    public String render() {
        int[][] widths = new int[lines.size()][];
        for (int i = 0; i < lines.size(); i++) widths[i] = new int[Math.max(0, lines.get(i).length - 1)];
        layout(0, lines.size(), 0, widths);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String[] l = lines.get(i);
            for (int c = 0; c < l.length; c++) {
                sb.append(l[c]);
                if (c < l.length - 1) sb.append(" ".repeat(widths[i][c] - length(l[c])));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Sizes column {@code col} for each block of consecutive lines in [from, to) that have it, then the next column. */
    private void layout(int from, int to, int col, int[][] widths) {
        int i = from;
        while (i < to) {
            if (widths[i].length <= col) {
                i++;
                continue;
            }
            int start = i;
            int width = minWidth;
            while (i < to && widths[i].length > col) {
                width = Math.max(width, length(lines.get(i)[col]) + padding);
                i++;
            }
            for (int j = start; j < i; j++) widths[j][col] = width;
            layout(start, i, col + 1, widths);
        }
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
