package berth.api.model;

import java.util.List;

/** "State.Health" of container inspect: the check's status, its failing streak and its last results. */
public record Health(String status, int failingStreak, List<HealthcheckResult> log) {}
