package berth.engine.build.dockerfile;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One instruction of a Dockerfile, typed. Every record carries the line its text starts on and its original text
 * (the logical line: continuations joined, comments inside it dropped, trimmed; Docker's history shows it). Values
 * are as written: variable substitution is the executor's job at each step ({@link Substitution}), because Docker
 * substitutes with the ARG and ENV values in force at that step. Nullable fields say so.
 */
public sealed interface Instruction {

    /** 1-based line of the instruction keyword. */
    int line();

    /** The logical line as written, for history and messages. */
    String original();

    /** The keyword in upper case ("RUN"). */
    default String keyword() {
        return getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * {@code FROM [--platform=p] image [AS name]}.
     *
     * @param image the base image text as written (may contain {@code $VAR} of global ARGs), or {@code scratch}
     * @param platform the {@code --platform} value as written, or null
     * @param stageName the {@code AS} name lower-cased (Docker matches stage names case-insensitively), or null
     */
    record From(int line, String original, String image, String platform, String stageName) implements Instruction {}

    /**
     * {@code RUN [--mount=...]... [--network=...] [--security=...] command}.
     *
     * @param command the command; {@code RUN <<EOF} alone is the shell form {@code <<EOF} with the script in
     *     {@code heredocs}
     * @param mountSpecs the raw {@code --mount} values, in order; see {@link #mounts(UnaryOperator)}
     * @param network {@code --network}, {@link Network#DEFAULT} when not given
     * @param security {@code --security}, {@link Security#SANDBOX} when not given
     * @param heredocs the here-documents, in order
     */
    record Run(int line, String original, CommandLine command, List<String> mountSpecs, Network network,
            Security security, List<Heredoc> heredocs) implements Instruction {
        public Run {
            mountSpecs = List.copyOf(mountSpecs);
            heredocs = List.copyOf(heredocs);
        }

        /**
         * The mounts with each value expanded by {@code expander} (the executor's substitution at this step). The
         * parser has already refused a mount whose literal values are wrong; one with variables is checked here.
         */
        public List<RunMount> mounts(UnaryOperator<String> expander) {
            return mountSpecs.stream().map(spec -> RunMount.parse(spec, expander)).toList();
        }

        /** The mounts with their values as written. */
        public List<RunMount> mounts() {
            return mounts(UnaryOperator.identity());
        }

        public enum Network {
            DEFAULT, NONE, HOST
        }

        public enum Security {
            SANDBOX, INSECURE
        }
    }

    /** {@code CMD}; see {@link CommandRules} for how it combines with ENTRYPOINT. */
    record Cmd(int line, String original, CommandLine command) implements Instruction {}

    /**
     * {@code ENTRYPOINT}; {@code ENTRYPOINT []} is an empty exec form. See {@link CommandRules} for how it combines
     * with CMD.
     */
    record Entrypoint(int line, String original, CommandLine command) implements Instruction {}

    /** {@code LABEL k=v ...}, in order; keys and values as written. */
    record Label(int line, String original, List<KeyValue> labels) implements Instruction {
        public Label {
            labels = List.copyOf(labels);
        }
    }

    /** {@code EXPOSE 80 53/udp 8000-8010}: the words as written; {@link ExposedPorts#parse} after substitution. */
    record Expose(int line, String original, List<String> ports) implements Instruction {
        public Expose {
            ports = List.copyOf(ports);
        }
    }

    /** {@code ENV k=v ...} or {@code ENV k v}, in order; keys and values as written. */
    record Env(int line, String original, List<KeyValue> variables) implements Instruction {
        public Env {
            variables = List.copyOf(variables);
        }
    }

    /**
     * {@code ADD}.
     *
     * @param sources the source words as written (paths, globs, URLs), heredoc words excluded
     * @param heredocs the inline sources ({@code ADD <<EOF /dest}), each a file named after its delimiter
     * @param chown {@code --chown} or null; @param chmod {@code --chmod} or null; @param checksum {@code --checksum}
     *     or null
     * @param keepGitDir {@code --keep-git-dir} when given, else null
     * @param unpack {@code --unpack} when given, else null
     */
    record Add(int line, String original, List<String> sources, List<Heredoc> heredocs, String destination,
            String chown, String chmod, String checksum, Boolean keepGitDir, boolean link, List<String> excludes,
            Boolean unpack) implements Instruction {
        public Add {
            sources = List.copyOf(sources);
            heredocs = List.copyOf(heredocs);
            excludes = List.copyOf(excludes);
        }
    }

    /**
     * {@code COPY}.
     *
     * @param sources the source words as written, heredoc words excluded
     * @param heredocs the inline sources ({@code COPY <<EOF /dest}), each a file named after its delimiter
     * @param from {@code --from} (a stage name, a stage index or an image) as written, or null
     * @param chown {@code --chown} or null
     * @param chmod {@code --chmod} or null
     */
    record Copy(int line, String original, List<String> sources, List<Heredoc> heredocs, String destination,
            String from, String chown, String chmod, boolean link, boolean parents, List<String> excludes)
            implements Instruction {
        public Copy {
            sources = List.copyOf(sources);
            heredocs = List.copyOf(heredocs);
            excludes = List.copyOf(excludes);
        }
    }

    /** {@code VOLUME /a /b} or {@code VOLUME ["/a"]}: the paths as written. */
    record Volume(int line, String original, List<String> paths) implements Instruction {
        public Volume {
            paths = List.copyOf(paths);
        }
    }

    /** {@code USER name[:group]} as written. */
    record User(int line, String original, String user) implements Instruction {}

    /** {@code WORKDIR path} as written. */
    record Workdir(int line, String original, String path) implements Instruction {}

    /** {@code ARG name[=default] ...}. */
    record Arg(int line, String original, List<ArgDefinition> args) implements Instruction {
        public Arg {
            args = List.copyOf(args);
        }
    }

    /**
     * {@code ONBUILD instruction}.
     *
     * @param expression the trigger as the image config records it: the text after {@code ONBUILD} (with its
     *     here-documents appended, as Docker does)
     * @param trigger the trigger parsed (its line is the ONBUILD's line)
     */
    record Onbuild(int line, String original, String expression, Instruction trigger) implements Instruction {}

    /** {@code STOPSIGNAL signal} as written. */
    record Stopsignal(int line, String original, String signal) implements Instruction {}

    /**
     * {@code HEALTHCHECK NONE} or {@code HEALTHCHECK [options] CMD command}.
     *
     * @param test the image config's Test: {@code ["NONE"]}, {@code ["CMD", args...]} or {@code ["CMD-SHELL", text]}
     * @param interval zero when not given (the runtime's default then applies); likewise the other durations
     * @param retries zero when not given
     */
    record Healthcheck(int line, String original, List<String> test, Duration interval, Duration timeout,
            Duration startPeriod, Duration startInterval, int retries) implements Instruction {
        public Healthcheck {
            test = List.copyOf(test);
        }

        public boolean disabled() {
            return test.equals(List.of("NONE"));
        }
    }

    /** {@code SHELL ["executable", "params"...]} (exec form only). */
    record Shell(int line, String original, List<String> shell) implements Instruction {
        public Shell {
            shell = List.copyOf(shell);
        }
    }

    /** {@code MAINTAINER name} (deprecated; sets the image's author). */
    record Maintainer(int line, String original, String maintainer) implements Instruction {}
}
