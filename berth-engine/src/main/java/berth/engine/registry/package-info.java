/**
 * Distribution: the Docker Registry HTTP API v2 client ({@link berth.engine.registry.RegistryClient}, with its
 * package-private transport, authenticator and endpoint classes), and pull and push between registries and the local
 * content, layer and image stores ({@link berth.engine.registry.DistributionService}). Depends on image, layer,
 * content and events; nothing below it depends on it.
 */
package berth.engine.registry;
