/** The berth command: Docker's verbs and flags over berth-client. One class per verb; output as the docker CLI prints it. */
package berth.cli;
