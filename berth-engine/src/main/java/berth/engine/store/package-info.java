/**
 * The metadata database (SQLite, WAL) and its schema migrations. The one authority on what exists; depends on nothing else in the engine.
 */
package berth.engine.store;
