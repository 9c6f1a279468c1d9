/**
 * Distribution: the Docker Registry HTTP API v2 client, and pull and push between registries and the local content,
 * layer and image stores. Depends on image, layer, content and events.
 */
package berth.engine.registry;
