package berth.engine.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A device node created in the container ({@code linux.devices}), read from the host's node of the same device. */
public record DeviceNode(String path, String type, long major, long minor, int fileMode, int uid, int gid) {
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;

    /** The host's node at {@code host} as {@code path} in the container, or null if it is no device node. */
    public static DeviceNode of(Path host, String path) throws IOException {
        int mode = (Integer) Files.getAttribute(host, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        String type = switch (mode & S_IFMT) {
            case S_IFCHR -> "c";
            case S_IFBLK -> "b";
            default -> null;
        };
        if (type == null) return null;
        long rdev = (Long) Files.getAttribute(host, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
        return new DeviceNode(path, type, ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL),
                (rdev & 0xff) | ((rdev >>> 12) & ~0xffL), mode & 07777,
                (Integer) Files.getAttribute(host, "unix:uid", LinkOption.NOFOLLOW_LINKS),
                (Integer) Files.getAttribute(host, "unix:gid", LinkOption.NOFOLLOW_LINKS));
    }

    Map<String, Object> toOci() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("path", path);
        d.put("type", type);
        d.put("major", major);
        d.put("minor", minor);
        d.put("fileMode", fileMode);
        d.put("uid", uid);
        d.put("gid", gid);
        return d;
    }
}
