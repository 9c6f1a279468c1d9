package berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What {@code HEAD/GET/PUT /containers/{id}/archive} says about a path, base64-encoded JSON in the
 * X-Docker-Container-Path-Stat header. {@code mode} is Go's os.FileMode (type bits at the top, permissions at the
 * bottom), which the docker CLI decodes as such; {@code mtime} is RFC 3339 with nanoseconds; {@code linkTarget} is
 * where a symlink leads inside the container, as an absolute path ("" for anything else).
 */
public record ContainerPathStat(@JsonProperty("name") String name, @JsonProperty("size") long size,
                                @JsonProperty("mode") long mode, @JsonProperty("mtime") String mtime,
                                @JsonProperty("linkTarget") String linkTarget) {

    /** Go's os.FileMode bits. */
    public static final long MODE_DIR = 1L << 31;
    public static final long MODE_SYMLINK = 1L << 27;
    public static final long MODE_DEVICE = 1L << 26;
    public static final long MODE_NAMED_PIPE = 1L << 25;
    public static final long MODE_SOCKET = 1L << 24;
    public static final long MODE_SETUID = 1L << 23;
    public static final long MODE_SETGID = 1L << 22;
    public static final long MODE_CHAR_DEVICE = 1L << 21;
    public static final long MODE_STICKY = 1L << 20;

    /** Go's FileMode for a Unix st_mode. */
    public static long goFileMode(int unixMode) {
        long m = unixMode & 0777;
        switch (unixMode & 0170000) {
            case 0040000 -> m |= MODE_DIR;
            case 0120000 -> m |= MODE_SYMLINK;
            case 0060000 -> m |= MODE_DEVICE;
            case 0020000 -> m |= MODE_DEVICE | MODE_CHAR_DEVICE;
            case 0010000 -> m |= MODE_NAMED_PIPE;
            case 0140000 -> m |= MODE_SOCKET;
            default -> { }
        }
        if ((unixMode & 04000) != 0) m |= MODE_SETUID;
        if ((unixMode & 02000) != 0) m |= MODE_SETGID;
        if ((unixMode & 01000) != 0) m |= MODE_STICKY;
        return m;
    }
}
