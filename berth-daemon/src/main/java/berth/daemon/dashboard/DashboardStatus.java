package berth.daemon.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code GET /berth/dashboard}: whether the dashboard is served, where, and the address with the token that logs in
 * (empty while it is off or its port could not be bound, with the reason in {@code Error}).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DashboardStatus(@JsonProperty("Enabled") boolean enabled, @JsonProperty("Address") String address,
                              @JsonProperty("URL") String url, @JsonProperty("Error") String error) {
    static DashboardStatus off() {
        return new DashboardStatus(false, "", "", "");
    }

    static DashboardStatus failed(String address, String error) {
        return new DashboardStatus(true, address, "", error);
    }
}
