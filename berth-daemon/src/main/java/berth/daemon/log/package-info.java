/** berthd's logging: a tiny logfmt logger with a request id carried in a ScopedValue. Depends on nothing. */
package berth.daemon.log;
