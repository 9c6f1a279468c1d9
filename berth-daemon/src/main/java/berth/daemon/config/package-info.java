/**
 * berthd's configuration: command-line flags, daemon.json (dockerd's keys and error messages), their merge into
 * {@link berth.daemon.config.DaemonConfig}, listen addresses and the pid file. Depends on berth-api (JSON) and the
 * daemon's logger only.
 */
package berth.daemon.config;
