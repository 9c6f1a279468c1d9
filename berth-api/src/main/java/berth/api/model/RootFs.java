package berth.api.model;

import java.util.List;

public record RootFs(String type, List<String> layers) {}
