/**
 * Registry logins on the client side: the docker CLI's config.json ({@code auths}, {@code credsStore},
 * {@code credHelpers}), the {@code docker-credential-*} helper protocol, {@code login}/{@code logout}, and the
 * X-Registry-Auth header that pull, push and run send.
 */
package berth.cli.registry;
