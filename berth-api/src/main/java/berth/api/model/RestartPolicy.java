package berth.api.model;

public record RestartPolicy(String name, Integer maximumRetryCount) {}
