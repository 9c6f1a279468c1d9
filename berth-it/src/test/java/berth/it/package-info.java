/**
 * Scenarios through real clients (the docker CLI, berth) against a berthd started per test class, or against an
 * external daemon with {@code -Dberth.it.externalHost=…} to check that the expectations are Docker's own.
 */
package berth.it;
