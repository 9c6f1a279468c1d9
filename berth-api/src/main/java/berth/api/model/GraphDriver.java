package berth.api.model;

import java.util.Map;

public record GraphDriver(String name, Map<String, String> data) {}
