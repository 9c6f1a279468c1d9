package berth.engine.build.dockerfile;

import java.util.function.UnaryOperator;

/**
 * One {@code RUN --mount=...}, with Docker's keys, aliases and defaults. A relative {@code target} is relative to the
 * working directory of the RUN step (the executor joins them); the executor refuses a target that ends up as
 * {@code /}, as Docker does.
 */
public sealed interface RunMount {

    /** Where the mount appears in the RUN container, as written ("" when not given). */
    String target();

    boolean readOnly();

    /** The type word Docker uses: bind, cache, tmpfs, secret, ssh. */
    String type();

    /**
     * Parses one {@code --mount} value (CSV of {@code key=value} fields), expanding each value with {@code expander}
     * first (the executor's substitution at this step; {@code UnaryOperator.identity()} for literal values). As in
     * Docker, {@code from} is never expanded and may not contain a variable. Errors are
     * {@link berth.api.errors.InvalidArgumentException}s with Docker's wording, without location.
     */
    static RunMount parse(String spec, UnaryOperator<String> expander) {
        return RunMounts.parse(spec, expander);
    }

    /**
     * {@code type=bind} (the default type): {@code source} (default the root) of the build context, or of
     * {@code from} (an earlier stage or an image). Read-only unless {@code rw}; writes are discarded after the step.
     */
    record Bind(String target, String source, String from, boolean readOnly) implements RunMount {
        @Override
        public String type() {
            return "bind";
        }
    }

    /**
     * {@code type=cache}: a directory kept between builds under {@code id} (default: the target, cleaned).
     *
     * @param from null for an empty cache directory; else the stage or image {@code source} is seeded from
     * @param mode octal permission bits of a new cache directory, null for Docker's 0755
     * @param uid owner of a new cache directory, null for 0
     * @param gid null for 0
     */
    record Cache(String target, String id, Sharing sharing, String from, String source, boolean readOnly, Long mode,
            Long uid, Long gid) implements RunMount {
        @Override
        public String type() {
            return "cache";
        }
    }

    /** {@code type=tmpfs}; {@code sizeBytes} 0 when no size was given. */
    record Tmpfs(String target, long sizeBytes) implements RunMount {
        @Override
        public boolean readOnly() {
            return false;
        }

        @Override
        public String type() {
            return "tmpfs";
        }
    }

    /**
     * {@code type=secret}: the secret {@code id} ({@code id=} or {@code source=}, else the base name of the target)
     * as a file and/or as the environment variable {@code env}. {@link #fileTarget()} says where the file goes.
     *
     * @param mode null for Docker's 0400
     */
    record Secret(String id, String target, String env, boolean required, Long mode, Long uid, Long gid)
            implements RunMount {
        @Override
        public boolean readOnly() {
            return true;
        }

        @Override
        public String type() {
            return "secret";
        }

        /**
         * The file the secret is mounted at: the target, else {@code /run/secrets/<id>}; null when only an
         * environment variable was asked for ({@code env=} without target).
         */
        public String fileTarget() {
            if (!target.isEmpty()) return target;
            if (env != null) return null;
            return "/run/secrets/" + RunMounts.baseName(id);
        }
    }

    /**
     * {@code type=ssh}: an SSH agent socket, {@code id} "default" unless given; an empty target means Docker's
     * {@code /run/buildkit/ssh_agent.<n>}.
     */
    record Ssh(String id, String target, boolean required, Long mode, Long uid, Long gid) implements RunMount {
        @Override
        public boolean readOnly() {
            return true;
        }

        @Override
        public String type() {
            return "ssh";
        }
    }

    /** How concurrent builds share a cache mount. */
    enum Sharing {
        SHARED, PRIVATE, LOCKED
    }
}
