/**
 * Images carried as files: {@code save} and {@code load} in the docker-archive format (manifest.json, repositories,
 * and the OCI image layout Docker 25+ writes beside them), loads of OCI archives, and imports from a URL. Depends on
 * content, layer, image, gc, store, events.
 */
package berth.engine.archive;
