package berth.engine.build.dockerfile;

/**
 * The parser directives at the top of a Dockerfile.
 *
 * @param escape the escape character, {@code \} unless {@code # escape=`}
 * @param syntax the value of {@code # syntax=}, or null; Berth has one built-in frontend and ignores it
 * @param check the value of {@code # check=}, or null (lint settings; Berth runs no linter)
 */
public record Directives(char escape, String syntax, String check) {
    public static final Directives DEFAULT = new Directives('\\', null, null);
}
