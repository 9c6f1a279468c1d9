/**
 * Output as the docker CLI prints it: the Go text/template subset behind --format, tabwriter tables, go-units
 * humanisation and Go-compatible JSON text. No daemon access here.
 */
package berth.cli.format;
