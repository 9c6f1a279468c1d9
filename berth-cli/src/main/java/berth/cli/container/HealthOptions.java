package berth.cli.container;

import berth.cli.CliError;
import berth.cli.FlagParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Restart policy and health check for run and create. */
public final class HealthOptions {
    @Option(names = "--restart", paramLabel = "string", defaultValue = "no",
            description = "When to restart the container after it exits: no, on-failure[:max-retries], always, unless-stopped")
    String restart = "no";
    @Option(names = "--health-cmd", paramLabel = "string", description = "Command (run by /bin/sh) that checks the container's health") String healthCmd;
    @Option(names = "--health-interval", paramLabel = "duration", converter = OptionValues.Duration.class,
            description = "Time between checks (ms|s|m|h)") String healthInterval;
    @Option(names = "--health-timeout", paramLabel = "duration", converter = OptionValues.Duration.class,
            description = "Longest a check may run (ms|s|m|h)") String healthTimeout;
    @Option(names = "--health-retries", paramLabel = "int", description = "Failed checks in a row that make the container unhealthy") Integer healthRetries;
    @Option(names = "--health-start-period", paramLabel = "duration", converter = OptionValues.Duration.class,
            description = "Grace time after start during which failed checks do not count (ms|s|m|h)") String healthStartPeriod;
    @Option(names = "--health-start-interval", paramLabel = "duration", converter = OptionValues.Duration.class,
            description = "Time between checks during the start period (ms|s|m|h)") String healthStartInterval;
    @Option(names = "--no-healthcheck", description = "Turn off the image's health check") boolean noHealthcheck;

    /** Binds these options to the quick parser, through one setter class (see {@link ResourceOptions#flags}). */
    FlagParser flags(FlagParser p) {
        for (String f : new String[] {"--restart", "--health-cmd", "--health-interval", "--health-timeout", "--health-retries",
                "--health-start-period", "--health-start-interval"}) {
            p.value(new Setter(f), f);
        }
        return p.flag(new Setter("--no-healthcheck"), "--no-healthcheck");
    }

    private final class Setter implements java.util.function.Consumer<String>, Runnable {
        private final String flag;

        Setter(String flag) {
            this.flag = flag;
        }

        @Override
        public void run() {
            noHealthcheck = true;
        }

        @Override
        public void accept(String v) {
            switch (flag) {
                case "--restart" -> restart = v;
                case "--health-cmd" -> healthCmd = v;
                case "--health-interval" -> healthInterval = ResourceOptions.checked(v, OptionValues.duration(v));
                case "--health-timeout" -> healthTimeout = ResourceOptions.checked(v, OptionValues.duration(v));
                case "--health-retries" -> healthRetries = Math.toIntExact(OptionValues.parseIntStrict(v));
                case "--health-start-period" -> healthStartPeriod = ResourceOptions.checked(v, OptionValues.duration(v));
                case "--health-start-interval" -> healthStartInterval = ResourceOptions.checked(v, OptionValues.duration(v));
                default -> throw new IllegalStateException(flag);
            }
        }
    }

    /** The docker CLI's opts.ParseRestartPolicy: the name is the daemon's to judge, the count must be a number. */
    static Map<String, Object> restartPolicy(String policy) {
        int colon = policy.indexOf(':');
        String name = colon < 0 ? policy : policy.substring(0, colon);
        String count = colon < 0 ? "" : policy.substring(colon + 1);
        if (colon == 0) throw new CliError("invalid restart policy format: no policy provided before colon");
        int retries = 0;
        if (!count.isEmpty()) {
            try {
                retries = Integer.parseInt(count);
            } catch (NumberFormatException e) {
                throw new CliError("invalid restart policy format: maximum retry count must be an integer");
            }
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("Name", name);
        p.put("MaximumRetryCount", retries);
        return p;
    }

    void apply(Map<String, Object> config, Map<String, Object> host, boolean autoRemove) {
        Map<String, Object> policy = restartPolicy(restart);
        if (autoRemove && !List.of("", "no").contains((String) policy.get("Name"))) {
            throw new CliError("conflicting options: cannot specify both --restart and --rm");
        }
        host.put("RestartPolicy", policy);
        long interval = healthInterval == null ? 0 : OptionValues.duration(healthInterval);
        long timeout = healthTimeout == null ? 0 : OptionValues.duration(healthTimeout);
        long startPeriod = healthStartPeriod == null ? 0 : OptionValues.duration(healthStartPeriod);
        long startInterval = healthStartInterval == null ? 0 : OptionValues.duration(healthStartInterval);
        int retries = healthRetries == null ? 0 : healthRetries;
        boolean any = (healthCmd != null && !healthCmd.isEmpty()) || interval != 0 || timeout != 0 || startPeriod != 0
                || retries != 0 || startInterval != 0;
        if (noHealthcheck) {
            if (any) throw new CliError("--no-healthcheck conflicts with --health-* options");
            config.put("Healthcheck", Map.of("Test", List.of("NONE")));
            return;
        }
        if (!any) return;
        if (interval < 0) throw new CliError("--health-interval cannot be negative");
        if (timeout < 0) throw new CliError("--health-timeout cannot be negative");
        if (retries < 0) throw new CliError("--health-retries cannot be negative");
        if (startPeriod < 0) throw new CliError("--health-start-period cannot be negative");
        if (startInterval < 0) throw new CliError("--health-start-interval cannot be negative");
        // Go's omitempty: zero durations and an empty probe are left out, so the image's values apply
        Map<String, Object> check = new LinkedHashMap<>();
        if (healthCmd != null && !healthCmd.isEmpty()) check.put("Test", List.of("CMD-SHELL", healthCmd));
        if (interval != 0) check.put("Interval", interval);
        if (timeout != 0) check.put("Timeout", timeout);
        if (startPeriod != 0) check.put("StartPeriod", startPeriod);
        if (startInterval != 0) check.put("StartInterval", startInterval);
        if (retries != 0) check.put("Retries", retries);
        config.put("Healthcheck", check);
    }
}
