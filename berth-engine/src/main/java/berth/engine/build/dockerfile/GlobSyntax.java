package berth.engine.build.dockerfile;

/** The syntax check of Go's filepath.Match: classes must close, ranges need both ends, a final {@code \} is bad. */
final class GlobSyntax {
    private GlobSyntax() {}

    static boolean valid(String pattern) {
        int n = pattern.length();
        int i = 0;
        while (i < n) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                if (i + 1 >= n) return false;
                i += 2;
            } else if (c == '[') {
                i++;
                if (i < n && pattern.charAt(i) == '^') i++;
                int ranges = 0;
                while (true) {
                    if (i >= n) return false;
                    if (pattern.charAt(i) == ']' && ranges > 0) {
                        i++;
                        break;
                    }
                    int lo = escaped(pattern, i);
                    if (lo < 0) return false;
                    i = lo;
                    if (i < n && pattern.charAt(i) == '-') {
                        int hi = escaped(pattern, i + 1);
                        if (hi < 0) return false;
                        i = hi;
                    }
                    ranges++;
                }
            } else {
                i++;
            }
        }
        return true;
    }

    /** Reads one class character at {@code i}; returns the index after it, or -1 when the syntax is bad. */
    private static int escaped(String p, int i) {
        if (i >= p.length()) return -1;
        char c = p.charAt(i);
        if (c == '-' || c == ']') return -1;
        if (c == '\\') {
            if (i + 1 >= p.length()) return -1;
            return i + 2;
        }
        return i + 1;
    }
}
