/**
 * The integration-test harness: a berthd child process (or an external daemon such as the anchor dockerd), the
 * docker and berth CLI runners, a local registry and a fault-injecting proxy in front of it, OCI layout and tar
 * writers for crafted images, and probes of berthd's data root. Nothing here knows berthd's internals beyond its
 * command line, its on-disk layout (DESIGN.md) and its SQLite schema.
 */
package berth.it.harness;
