package berth.cli.container;

import berth.cli.CliError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parsers for create flags' values, each accepting what the docker CLI accepts and failing with its words. They throw
 * {@link IllegalArgumentException}: as a picocli converter that is reported as "invalid argument ... flag: reason", and
 * in the quick parser it declines the command line so that picocli reports it.
 */
final class OptionValues {
    private OptionValues() {}

    private static final Pattern SIZE = Pattern.compile("^(\\d+(\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$");
    private static final String UNITS = "kmgtp";

    /** go-units RAMInBytes: "64m", "1.5g", "512" (binary multiples, fractions truncated). */
    static long bytes(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) throw new IllegalArgumentException("invalid size: '" + text + "'");
        double size;
        try {
            size = Double.parseDouble(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid size: '" + text + "'");
        }
        if (m.group(3) != null) size *= Math.pow(1024, UNITS.indexOf(Character.toLowerCase(m.group(3).charAt(0))) + 1);
        return (long) size;
    }

    /** --memory-swap: a size, or -1 for unlimited swap. */
    static long swapBytes(String text) {
        return text.equals("-1") ? -1 : bytes(text);
    }

    /** --cpus as NanoCpus: a decimal number of CPUs, exact to the nanocpu. */
    static long nanoCpus(String text) {
        BigDecimal cpus;
        try {
            cpus = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("failed to parse " + text + " as a rational number");
        }
        BigDecimal nano = cpus.movePointRight(9);
        if (nano.stripTrailingZeros().scale() > 0) throw new IllegalArgumentException("value is too precise");
        return nano.longValueExact();
    }

    private static final Map<String, Long> DURATION_UNITS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    private static final Pattern DURATION_PART = Pattern.compile("(\\d*\\.?\\d*)([^\\d.]*)");

    /** Go's time.ParseDuration ("1m30s", "2s", "500ms", "0"), in nanoseconds. */
    static long duration(String text) {
        String quoted = "\"" + text + "\"";
        String s = text;
        boolean negative = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            negative = s.startsWith("-");
            s = s.substring(1);
        }
        if (s.equals("0")) return 0;
        if (s.isEmpty()) throw new IllegalArgumentException("time: invalid duration " + quoted);
        BigDecimal total = BigDecimal.ZERO;
        Matcher m = DURATION_PART.matcher(s);
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at || m.group(1).isEmpty() || m.group(1).equals(".")) {
                throw new IllegalArgumentException("time: invalid duration " + quoted);
            }
            if (m.group(2).isEmpty()) throw new IllegalArgumentException("time: missing unit in duration " + quoted);
            Long unit = DURATION_UNITS.get(m.group(2));
            if (unit == null) {
                throw new IllegalArgumentException("time: unknown unit \"" + m.group(2) + "\" in duration " + quoted);
            }
            total = total.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
            at = m.end();
        }
        long ns = total.longValue();
        return negative ? -ns : ns;
    }

    private static final List<String> ULIMITS = List.of("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue",
            "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");

    /** go-units ParseUlimit: name=soft[:hard], as HostConfig.Ulimits' {Name, Hard, Soft}. */
    static Map<String, Object> ulimit(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) throw new IllegalArgumentException("invalid ulimit argument: " + text);
        String name = text.substring(0, eq);
        if (!ULIMITS.contains(name)) throw new IllegalArgumentException("invalid ulimit type: " + name);
        String[] limits = text.substring(eq + 1).split(":", -1);
        if (limits.length > 2) {
            throw new IllegalArgumentException("too many limit value arguments - " + text.substring(eq + 1)
                    + ", can only have up to two, `soft[:hard]`");
        }
        long hard = limits.length == 2 ? parseInt(limits[1]) : 0;
        long soft = parseInt(limits[0]);
        if (limits.length == 1) hard = soft;
        if (soft > hard) {
            throw new IllegalArgumentException("ulimit soft limit must be less than or equal to hard limit: " + soft + " > " + hard);
        }
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("Name", name);
        u.put("Hard", hard);
        u.put("Soft", soft);
        return u;
    }

    static long parseInt(String text) {
        try {
            if (text.startsWith("+")) throw new NumberFormatException();
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("strconv.ParseInt: parsing \"" + text + "\": invalid syntax");
        }
    }

    /** A plain whole number for the quick parser ("10", "-1"); anything else declines to picocli. */
    static long parseIntStrict(String text) {
        if (!text.matches("-?(0|[1-9][0-9]{0,17})")) throw new IllegalArgumentException(text);
        return Long.parseLong(text);
    }

    /** --blkio-weight: Go's uint16. */
    static int uint16(String text) {
        try {
            int v = Integer.parseInt(text);
            if (v < 0 || text.startsWith("+") || text.startsWith("-")) throw new NumberFormatException();
            if (v > 65535) throw new IllegalArgumentException("strconv.ParseUint: parsing \"" + text + "\": value out of range");
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("strconv.ParseUint: parsing \"" + text + "\": invalid syntax");
        }
    }

    /** --device host[:container][:rwm] as a DeviceMapping; the docker CLI checks it after parsing the flags. */
    static Map<String, Object> device(String text) {
        String[] parts = text.split(":", -1);
        String src = parts[0];
        String dst = "";
        String mode = "rwm";
        switch (parts.length) {
            case 3 -> {
                dst = parts[1];
                mode = parts[2];
            }
            case 2 -> {
                if (deviceMode(parts[1])) mode = parts[1];
                else dst = parts[1];
            }
            case 1 -> { }
            default -> throw new CliError("bad format for path: " + text);
        }
        if (!deviceMode(mode)) throw new CliError("bad mode specified: " + mode);
        if (dst.isEmpty()) dst = src;
        if (!dst.startsWith("/")) throw new CliError(dst + " is not an absolute path");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("PathOnHost", src);
        d.put("PathInContainer", dst);
        d.put("CgroupPermissions", mode);
        return d;
    }

    private static boolean deviceMode(String mode) {
        if (mode.isEmpty() || mode.length() > 3) return false;
        for (char c : mode.toCharArray()) if ("rwm".indexOf(c) < 0 || mode.indexOf(c) != mode.lastIndexOf(c)) return false;
        return true;
    }

    private static final Pattern CGROUP_RULE = Pattern.compile("^([acb]) ([0-9]+|\\*):([0-9]+|\\*) ([rwm]{1,3})$");

    static String cgroupRule(String text) {
        if (!CGROUP_RULE.matcher(text).matches()) throw new IllegalArgumentException("invalid device cgroup format '" + text + "'");
        return text;
    }

    /** --device-read-bps and friends: /dev/path:rate, a size for bps, a whole number for iops. */
    static Map<String, Object> throttle(String text, boolean bytesPerSecond) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) throw new IllegalArgumentException("bad format: " + text);
        String path = text.substring(0, colon);
        if (!path.startsWith("/dev/")) throw new IllegalArgumentException("bad format for device path: " + text);
        String rateText = text.substring(colon + 1);
        long rate;
        try {
            rate = bytesPerSecond ? bytes(rateText) : uint16Like(rateText);
        } catch (IllegalArgumentException e) {
            rate = -1;
        }
        if (rate < 0) {
            throw new IllegalArgumentException("invalid rate for device: " + text + ". The correct format is <device-path>:<number>"
                    + (bytesPerSecond ? "[<unit>]. Number must be a positive integer. Unit is optional and can be kb, mb, or gb"
                    : ". Number must be a positive integer"));
        }
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("Path", path);
        t.put("Rate", rate);
        return t;
    }

    private static long uint16Like(String text) {
        if (text.isEmpty() || !text.chars().allMatch(Character::isDigit)) throw new IllegalArgumentException(text);
        return Long.parseLong(text);
    }

    /** --sysctl key=value. */
    static String sysctl(String text) {
        if (text.indexOf('=') <= 0) throw new IllegalArgumentException("sysctl '" + text + "' is not allowed");
        return text;
    }

    /** --add-host name:ip (or name=ip). */
    static String extraHost(String text) {
        int at = text.indexOf('=');
        if (at < 0) at = text.indexOf(':');
        if (at <= 0 || at == text.length() - 1) throw new IllegalArgumentException("bad format for add-host: \"" + text + "\"");
        return text;
    }

    /** --dns: an IP address literal. */
    static String ipAddress(String text) {
        if (!isIp(text)) throw new IllegalArgumentException("IP address is not correctly formatted: " + text);
        return text;
    }

    static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) return false;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) return false;
        }
        return true;
    }

    static boolean isIp(String text) {
        if (isIpv4(text)) return true;
        if (!text.contains(":") || !text.matches("[0-9a-fA-F:.]+")) return false;
        try {
            java.net.InetAddress.getByName(text);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** --mac-address: six colon-separated hex pairs. */
    static String macAddress(String text) {
        if (!text.matches("([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}")) throw new CliError(text + " is not a valid mac address");
        return text;
    }

    /** One -p spec, as the docker CLI's nat.ParsePortSpec reads it: [ip:][hostPort:]containerPort[/proto], ranges allowed. */
    record PortMapping(String port, String hostIp, String hostPort) {}

    static List<PortMapping> portSpec(String raw) {
        String proto;
        String mapping;
        String[] slash = raw.split("/", -1);
        if (raw.isEmpty() || slash[0].isEmpty()) {
            proto = "";
            mapping = "";
        } else if (slash.length == 1) {
            proto = "tcp";
            mapping = raw;
        } else {
            proto = slash[1].isEmpty() ? "tcp" : slash[1];
            mapping = slash[0];
        }
        String[] parts = mapping.split(":", -1);
        int n = parts.length;
        String containerPort = parts[n - 1];
        String hostPort = n >= 2 ? parts[n - 2] : "";
        String ip = n >= 3 ? String.join(":", java.util.Arrays.copyOf(parts, n - 2)) : "";
        if (ip.startsWith("[") && ip.endsWith("]")) ip = ip.substring(1, ip.length() - 1);
        if (!ip.isEmpty() && !isIp(ip)) throw new CliError("invalid IP address: " + ip);
        if (containerPort.isEmpty()) throw new CliError("no port specified: " + raw + "<empty>");
        long[] cRange;
        try {
            cRange = portRange(containerPort);
        } catch (IllegalArgumentException e) {
            throw new CliError("invalid containerPort: " + containerPort);
        }
        long[] hRange = {0, 0};
        if (!hostPort.isEmpty()) {
            try {
                hRange = portRange(hostPort);
            } catch (IllegalArgumentException e) {
                throw new CliError("invalid hostPort: " + hostPort);
            }
            if (cRange[1] - cRange[0] != hRange[1] - hRange[0] && cRange[1] != cRange[0]) {
                throw new CliError("invalid ranges specified for container and host Ports: " + containerPort + " and " + hostPort);
            }
        }
        String p = proto.toLowerCase(java.util.Locale.ROOT);
        if (!List.of("tcp", "udp", "sctp").contains(p)) throw new CliError("invalid proto: " + proto);
        List<PortMapping> out = new ArrayList<>();
        for (long i = 0; i <= cRange[1] - cRange[0]; i++) {
            String host = hostPort.isEmpty() ? "" : Long.toString(hRange[0] + i);
            // a single container port with a host range: the daemon picks a free port from the range
            if (cRange[0] == cRange[1] && hRange[0] != hRange[1]) host = host + "-" + hRange[1];
            out.add(new PortMapping((cRange[0] + i) + "/" + p, ip, host));
        }
        return out;
    }

    /** nat.ParsePortRange: "80" or "8000-8010", each a 16-bit number. */
    static long[] portRange(String text) {
        int dash = text.indexOf('-');
        long start = port(dash < 0 ? text : text.substring(0, dash));
        long end = dash < 0 ? start : port(text.substring(dash + 1));
        if (end < start) throw new IllegalArgumentException("invalid range specified for port: " + text);
        return new long[] {start, end};
    }

    /** Go's strconv.ParseUint(text, 10, 16), with its error words. */
    private static long port(String text) {
        String quoted = "strconv.ParseUint: parsing \"" + text + "\": ";
        if (text.isEmpty() || !text.chars().allMatch(Character::isDigit)) throw new IllegalArgumentException(quoted + "invalid syntax");
        if (text.length() > 5 || Long.parseLong(text) > 65535) throw new IllegalArgumentException(quoted + "value out of range");
        return Long.parseLong(text);
    }

    /** "a=b" as a map entry; a bare key has an empty value. */
    static void putKeyValue(Map<String, String> into, String text) {
        int eq = text.indexOf('=');
        into.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? "" : text.substring(eq + 1));
    }

    /** picocli converters: the value checked by one of the parsers above, kept as typed. */
    abstract static class Checked implements ITypeConverter<String> {
        abstract void check(String value);

        @Override
        public String convert(String value) {
            try {
                check(value);
                return value;
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Bytes extends Checked {
        @Override void check(String v) { bytes(v); }
    }

    static final class SwapBytes extends Checked {
        @Override void check(String v) { swapBytes(v); }
    }

    static final class Cpus extends Checked {
        @Override void check(String v) { nanoCpus(v); }
    }

    static final class Duration extends Checked {
        @Override void check(String v) { duration(v); }
    }

    static final class Ulimit extends Checked {
        @Override void check(String v) { ulimit(v); }
    }

    static final class Uint16 extends Checked {
        @Override void check(String v) { uint16(v); }
    }

    static final class CgroupRule extends Checked {
        @Override void check(String v) { cgroupRule(v); }
    }

    static final class Bps extends Checked {
        @Override void check(String v) { throttle(v, true); }
    }

    static final class Iops extends Checked {
        @Override void check(String v) { throttle(v, false); }
    }

    static final class Sysctl extends Checked {
        @Override void check(String v) { sysctl(v); }
    }

    static final class ExtraHost extends Checked {
        @Override void check(String v) { extraHost(v); }
    }

    static final class Ip extends Checked {
        @Override void check(String v) { ipAddress(v); }
    }
}
