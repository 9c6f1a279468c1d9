package berth.engine.build.dockerfile;

import java.util.List;

/**
 * The command of RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD: shell form (the text is handed to the stage's SHELL) or exec
 * form (a JSON array of strings, run as is). Text that starts with {@code [} but is not a valid JSON array is shell
 * form, as in Docker; a valid JSON array holding anything but strings is an error.
 */
public sealed interface CommandLine {

    /** The words the image config records: the shell prepended to the text for shell form, the array for exec form. */
    List<String> withShell(List<String> shell);

    /** Shell form: the text after the instruction (and its flags), continuations joined, not substituted. */
    record ShellForm(String text) implements CommandLine {
        @Override
        public List<String> withShell(List<String> shell) {
            var words = new java.util.ArrayList<>(shell);
            words.add(text);
            return List.copyOf(words);
        }
    }

    /** Exec form: the JSON array's strings. May be empty ({@code CMD []}). */
    record ExecForm(List<String> args) implements CommandLine {
        public ExecForm {
            args = List.copyOf(args);
        }

        @Override
        public List<String> withShell(List<String> shell) {
            return args;
        }
    }
}
