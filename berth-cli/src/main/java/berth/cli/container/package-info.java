/** The container verbs (run, create, start, stop, kill, restart, rm, wait, inspect, logs, ps) and {@code berth container}; each talks only to berth-client. */
package berth.cli.container;
