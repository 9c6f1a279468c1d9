package berth.api.model;

import java.util.Map;

public record LogConfig(String type, Map<String, String> config) {}
