/**
 * The Dockerfile language as a pure library: {@link berth.engine.build.dockerfile.DockerfileParser} turns the text of
 * a Dockerfile into a typed {@link berth.engine.build.dockerfile.Dockerfile} (directives, global ARGs, stages, one
 * {@link berth.engine.build.dockerfile.Instruction} record per instruction); {@link
 * berth.engine.build.dockerfile.Substitution} expands variables the way Docker does at each step;
 * {@link berth.engine.build.dockerfile.DockerIgnore} matches {@code .dockerignore} patterns. No I/O: the caller
 * reads the files and runs the steps. Errors are {@link berth.api.errors.InvalidArgumentException}s whose message
 * starts with {@code <file>:<line>:}.
 */
package berth.engine.build.dockerfile;
