package berth.api.model;

import java.util.List;

/** {@code POST /exec/{id}/start}: run detached, or attached through the hijacked connection. */
public record ExecStartRequest(Boolean detach, Boolean tty, List<Integer> consoleSize) {}
