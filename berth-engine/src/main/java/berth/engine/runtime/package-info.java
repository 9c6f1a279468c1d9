/**
 * The OCI runtime side: the OCI spec (config.json) a container runs with, runc, conmon, and the exit watcher.
 * Thin wrappers with no container state of their own; the container package decides what to call when.
 */
package berth.engine.runtime;
