package berth.api.model;

import java.util.Locale;

/** Docker's human-readable sizes (go-units HumanSize: decimal units, 3 significant digits). */
public final class Units {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

    private Units() {}

    public static String humanSize(double size) {
        int i = 0;
        while (size >= 1000 && i < UNITS.length - 1) {
            size /= 1000;
            i++;
        }
        String n = String.format(Locale.ROOT, "%.3g", size);
        if (n.contains(".")) n = n.replaceAll("0+$", "").replaceAll("\\.$", "");
        return n + UNITS[i];
    }
}
