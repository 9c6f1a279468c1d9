/**
 * The Engine API surface: route tables (one class per API group, methods named after the API's operationIds),
 * request parsing (query, filters, timestamps) and response shapes (JSON, JSON lines, multiplexed streams). Routes
 * translate between HTTP and one engine service call and hold no engine rules. They see {@link
 * berth.daemon.route.Request} and {@link berth.daemon.route.Response}, never Netty types. Depends on berth-api and
 * the engine service interfaces.
 */
package berth.daemon.route;
