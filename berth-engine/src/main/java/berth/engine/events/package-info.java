/**
 * Engine events for GET /events: published after the change they report is committed, filtered as Docker filters them, with a bounded history for {@code since}. Depends on nothing else in the engine.
 */
package berth.engine.events;
