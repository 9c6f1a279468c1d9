/** {@code berth network ...}: user-defined networks, the docker CLI's network verbs. */
package berth.cli.network;
