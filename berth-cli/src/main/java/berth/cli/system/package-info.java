/** The daemon-wide verbs: version, info, events. */
package berth.cli.system;
