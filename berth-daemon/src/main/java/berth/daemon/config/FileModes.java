package berth.daemon.config;

import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Permission sets from {@code ls}-style strings, as {@code PosixFilePermissions.fromString} makes them but without its
 * EnumSet: the first EnumSet of an enum asks for its constants by reflection, which spins method-handle classes with
 * the class-file API, ~100 classes loaded on berthd's main thread before its socket was bound (issue 11).
 */
public final class FileModes {
    private FileModes() {}

    /** {@code rwx} for owner, group and others, {@code -} where a permission is not granted, e.g. "rwx--x---". */
    public static Set<PosixFilePermission> of(String rwx) {
        if (rwx.length() != 9) throw new IllegalArgumentException("not a mode: " + rwx);
        // the enum's order is the string's: owner read, write, execute, then group, then others
        PosixFilePermission[] all = PosixFilePermission.values();
        List<PosixFilePermission> granted = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            char c = rwx.charAt(i);
            if (c == "rwx".charAt(i % 3)) {
                granted.add(all[i]);
            } else if (c != '-') {
                throw new IllegalArgumentException("not a mode: " + rwx);
            }
        }
        return Set.copyOf(granted);
    }
}
