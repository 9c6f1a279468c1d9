package berth.engine.container;

import berth.api.errors.InvalidArgumentException;
import berth.api.model.HostConfig;
import berth.api.model.RestartPolicy;

/**
 * A container's restart policy ({@code --restart}), validated with Docker's messages, and the decision it makes when
 * a run ends. {@code maxRetries} 0 means no limit (on-failure only).
 */
record RestartRule(Mode mode, int maxRetries) {
    enum Mode { NO, ALWAYS, UNLESS_STOPPED, ON_FAILURE }

    static final RestartRule NONE = new RestartRule(Mode.NO, 0);

    static RestartRule of(HostConfig h) {
        return h == null ? NONE : of(h.restartPolicy());
    }

    /** moby's validateRestartPolicy: an unknown name, or a retry count where it means nothing, is a 400. */
    static RestartRule of(RestartPolicy p) {
        if (p == null) return NONE;
        String name = p.name() == null ? "" : p.name();
        int max = p.maximumRetryCount() == null ? 0 : p.maximumRetryCount();
        Mode mode = switch (name) {
            // before Docker 25 an empty name was the default, whatever the count
            case "" -> null;
            case "no" -> Mode.NO;
            case "always" -> Mode.ALWAYS;
            case "unless-stopped" -> Mode.UNLESS_STOPPED;
            case "on-failure" -> Mode.ON_FAILURE;
            default -> throw new InvalidArgumentException("invalid restart policy: unknown policy '" + name
                    + "'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
        };
        if (mode == null) return NONE;
        if (mode == Mode.ON_FAILURE) {
            if (max < 0) throw new InvalidArgumentException("invalid restart policy: maximum retry count cannot be negative");
            return new RestartRule(mode, max);
        }
        if (max != 0) {
            throw new InvalidArgumentException("invalid restart policy: maximum retry count can only be used with 'on-failure'"
                    + (max < 0 ? " and cannot be negative" : ""));
        }
        return new RestartRule(mode, 0);
    }

    /** The checks of create: the policy itself, and --rm, which would remove what the policy restarts. */
    static void validate(HostConfig h) {
        RestartRule rule = of(h);
        if (rule.mode() != Mode.NO && h.isAutoRemove()) {
            throw new InvalidArgumentException("can't create 'AutoRemove' container with restart policy");
        }
    }

    /**
     * Whether a run that ended with {@code exitCode} is followed by another: {@code restartCount} restarts were made
     * already; {@code stoppedByUser} is a stop or kill asked for by a client.
     */
    boolean restarts(int exitCode, boolean stoppedByUser, int restartCount) {
        return switch (mode) {
            case NO -> false;
            case ALWAYS -> true;
            case UNLESS_STOPPED -> !stoppedByUser;
            case ON_FAILURE -> exitCode != 0 && (maxRetries == 0 || restartCount < maxRetries);
        };
    }
}
