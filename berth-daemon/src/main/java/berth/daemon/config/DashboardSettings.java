package berth.daemon.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web dashboard's settings: daemon.json {@code "dashboard": {"enabled": true, "port": 7380}} or the flags
 * {@code --dashboard=false} and {@code --dashboard-port N}. Each field is its own key (dashboard.enabled,
 * dashboard.port), so that a flag conflicts only with the field of the file it repeats.
 */
public record DashboardSettings(boolean enabled, int port) {
    public static final int DEFAULT_PORT = 7380;
    static final String ENABLED = "dashboard.enabled";
    static final String PORT = "dashboard.port";

    static DashboardSettings of(Object enabled, Object port) throws ConfigException {
        int p = DEFAULT_PORT;
        if (port instanceof Integer i) p = i;
        else if (port != null) {
            try {
                p = Integer.parseInt(port.toString().strip());
            } catch (NumberFormatException e) {
                throw new ConfigException("invalid dashboard port: " + port);
            }
        }
        if (p < 1 || p > 65535) throw new ConfigException("invalid dashboard port: " + p + " (1 to 65535)");
        return new DashboardSettings(!Boolean.FALSE.equals(enabled), p);
    }

    /** daemon.json's object, as the flat keys; any other field or type is refused as dockerd refuses bad values. */
    static Map<String, Object> fromJson(Object value, String raw) throws ConfigException {
        if (!(value instanceof Map<?, ?> fields)) throw invalid(raw);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : fields.entrySet()) {
            switch (String.valueOf(e.getKey())) {
                case "enabled" -> {
                    if (!(e.getValue() instanceof Boolean b)) throw invalid(raw);
                    out.put(ENABLED, b);
                }
                case "port" -> {
                    if (!(e.getValue() instanceof Integer i) || i < 1 || i > 65535) throw invalid(raw);
                    out.put(PORT, i);
                }
                default -> throw invalid(raw);
            }
        }
        return out;
    }

    private static ConfigException invalid(String raw) {
        return new ConfigException("invalid value for \"dashboard\": " + raw
                + " (expected {\"enabled\": true|false, \"port\": 1-65535})");
    }
}
