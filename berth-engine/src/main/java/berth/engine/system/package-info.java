/**
 * What {@code GET /info} reports: counts from the services and facts about the host.
 */
package berth.engine.system;
