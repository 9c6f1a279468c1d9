/** {@code berth volume ...}: volumes of the local driver, the docker CLI's volume verbs. */
package berth.cli.volume;
