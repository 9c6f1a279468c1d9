/**
 * A small blocking Engine API client: HTTP/1.1 over a Unix socket or TCP, one connection per request, version
 * negotiation through /_ping, streamed and hijacked responses, and Docker's multiplexed stdout/stderr framing.
 * {@link berth.client.EngineClient} is the transport (raw JSON, streams, hijack); {@link berth.client.DockerClient}
 * adds typed operations returning the berth.api.model records. Error responses become the berth.api.errors kinds.
 * Depends on berth-api only.
 */
package berth.client;
