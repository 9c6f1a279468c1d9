/**
 * The berth command: Docker's verbs and flags over berth-client. One class per verb (in the container, image and
 * system packages); here the shared parts: {@link berth.cli.Main} (verb dispatch, docker's exit codes and error
 * lines), {@link berth.cli.Help} (cobra's --help layout), {@link berth.cli.UsageError} (cobra's flag errors), pull/push
 * progress, and the user's terminal. Output is the docker CLI's, byte for byte where it can be compared.
 */
package berth.cli;
