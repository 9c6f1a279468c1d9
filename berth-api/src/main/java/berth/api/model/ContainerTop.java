package berth.api.model;

import java.util.List;

/** {@code GET /containers/{id}/top}: the header of ps and its rows for the container's processes. */
public record ContainerTop(List<String> titles, List<List<String>> processes) {}
