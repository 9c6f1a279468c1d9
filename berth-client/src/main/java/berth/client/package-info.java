/**
 * A small blocking Engine API client: HTTP/1.1 over a Unix socket or TCP, one connection per request, version
 * negotiation through /_ping, streamed and hijacked responses, and Docker's multiplexed stdout/stderr framing.
 * Error responses become the berth.api.errors kinds.
 */
package berth.client;
