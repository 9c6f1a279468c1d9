package berth.api.model;

import java.util.List;

/** {@code GET /containers/{id}/stats/history}: the samples kept, oldest first, {@code interval} seconds apart. */
public record StatsHistory(int interval, List<StatsSample> samples) {}
