package berth.daemon.dashboard;

/** The last {@code capacity} bytes written, for a terminal's viewer who arrives late. Not thread-safe. */
final class ReplayRing {
    private final byte[] ring;
    private long written;

    ReplayRing(int capacity) {
        this.ring = new byte[capacity];
    }

    void write(byte[] data, int offset, int length) {
        if (length > ring.length) { // only the last capacity bytes stay; skipped ones count as written
            offset += length - ring.length;
            written += length - ring.length;
            length = ring.length;
        }
        int at = (int) (written % ring.length);
        int first = Math.min(length, ring.length - at);
        System.arraycopy(data, offset, ring, at, first);
        System.arraycopy(data, offset + first, ring, 0, length - first);
        written += length;
    }

    /** The kept bytes, oldest first. */
    byte[] snapshot() {
        int size = (int) Math.min(written, ring.length);
        byte[] out = new byte[size];
        int start = (int) ((written - size) % ring.length);
        int first = Math.min(size, ring.length - start);
        System.arraycopy(ring, start, out, 0, first);
        System.arraycopy(ring, 0, out, first, size - first);
        return out;
    }
}
