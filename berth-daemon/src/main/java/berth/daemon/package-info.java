/**
 * berthd's entry point and lifecycle: {@link berth.daemon.Main} reads the configuration, {@link berth.daemon.Daemon}
 * wires the engine to the API server and owns their shutdown. Subpackages: config, log, http (Netty), route (the
 * API surface).
 */
package berth.daemon;
