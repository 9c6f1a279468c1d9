package berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One entry of inspect's "Mounts"; keys as moby's Go type spells them ("RW"), empty Name and Driver left out. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MountPoint(@JsonInclude(JsonInclude.Include.NON_EMPTY) String type,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) String name,
                         String source, String destination,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) String driver,
                         String mode, @JsonProperty("RW") boolean rw, String propagation) {}
