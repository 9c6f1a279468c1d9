/** {@code berth build} and {@code berth builder prune}: the build context sent as a tar, the builder's progress shown. */
package berth.cli.build;
