/**
 * {@code docker search}: Docker Hub's search API for docker.io, and for a private registry a search over its
 * catalog and tags (Berth's own). Depends on image (references).
 */
package berth.engine.search;
