/**
 * The Netty side of berthd: listening sockets, the pipeline (HTTP codec, API version prefix, dispatcher), request
 * bodies as streams with backpressure, responses (full, chunked, hijacked), and the one mapping of error kinds to
 * HTTP statuses. Nothing here knows an endpoint; routes know nothing of Netty. Depends on berth.daemon.route,
 * berth.daemon.config (listen addresses) and berth.daemon.log.
 */
package berth.daemon.http;
