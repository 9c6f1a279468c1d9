/**
 * Containers: their rows (creation data apart from mutable state), their directories, and their life cycle under
 * conmon and runc. The container package owns the containers and container_state tables.
 */
package berth.engine.container;
