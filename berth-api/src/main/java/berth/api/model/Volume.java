package berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * A volume as {@code GET /volumes} and {@code /volumes/{name}} show it (moby's swagger "Volume"); Options is null
 * when the volume has none, as Docker shows it. UsageData only in {@code /system/df}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Volume(
        String createdAt,
        String driver,
        Map<String, String> labels,
        String mountpoint,
        String name,
        Map<String, String> options,
        String scope,
        @JsonInclude(JsonInclude.Include.NON_NULL) UsageData usageData) {

    /** Size: bytes of the volume's files (-1 when not measured); RefCount: containers that use it. */
    public record UsageData(long size, long refCount) {}

    public Volume withUsage(UsageData usage) {
        return new Volume(createdAt, driver, labels, mountpoint, name, options, scope, usage);
    }
}
