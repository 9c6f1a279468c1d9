/**
 * Volumes: named and anonymous volumes of the local driver ({@code <data-root>/volumes/<name>/_data}), recorded in
 * SQLite with the mounts of every container that uses them, so that a volume in use can never be deleted (the
 * reference is a row, checked in the same transaction as the deletion). Also the parsing of a container's mount
 * requests ({@code -v}, {@code --mount}, image VOLUMEs) and what a start needs of them: driver mounts, the copy of
 * the image's content into an empty volume, the checks of sub-paths and of propagation.
 */
package berth.engine.volume;
