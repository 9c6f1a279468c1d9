package berth.engine.system;

import java.util.Map;

/** Names of file system magic numbers (statfs f_type), as dockerd's graph drivers print them. */
final class BackingFilesystem {
    private static final Map<Long, String> NAMES = Map.ofEntries(
            Map.entry(0xEF53L, "extfs"),
            Map.entry(0x58465342L, "xfs"),
            Map.entry(0x9123683EL, "btrfs"),
            Map.entry(0x01021994L, "tmpfs"),
            Map.entry(0x858458F6L, "ramfs"),
            Map.entry(0x794C7630L, "overlayfs"),
            Map.entry(0x2FC12FC1L, "zfs"),
            Map.entry(0x6969L, "nfs"),
            Map.entry(0xF2F52010L, "f2fs"),
            Map.entry(0x73717368L, "squashfs"),
            Map.entry(0x65735546L, "fuse"),
            Map.entry(0xFF534D42L, "cifs"),
            Map.entry(0x61756673L, "aufs"));

    private BackingFilesystem() {}

    /** The name for {@code magic}; an unknown one is shown as its number rather than guessed. */
    static String name(long magic) {
        String name = NAMES.get(magic);
        return name != null ? name : String.format("unknown (0x%x)", magic);
    }
}
