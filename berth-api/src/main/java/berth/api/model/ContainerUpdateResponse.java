package berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code POST /containers/{id}/update}: Docker always writes the list, empty when there is nothing to warn of. */
public record ContainerUpdateResponse(@JsonInclude(JsonInclude.Include.ALWAYS) List<String> warnings) {}
