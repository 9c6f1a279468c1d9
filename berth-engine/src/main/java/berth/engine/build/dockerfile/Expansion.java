package berth.engine.build.dockerfile;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Variable substitution applied to a whole instruction, on exactly the values Docker substitutes: ENV and LABEL keys
 * and values (all with the environment from before the instruction), ADD and COPY sources, destination,
 * {@code --chown}, {@code --chmod} (and ADD's {@code --checksum}), the content of unquoted here-documents they write,
 * WORKDIR, USER, VOLUME paths, STOPSIGNAL, EXPOSE (where one word may become several) and FROM's image and platform
 * (with the global ARGs). RUN, CMD, ENTRYPOINT, HEALTHCHECK, SHELL and ONBUILD are left to the shell or the child
 * build; RUN's mounts are expanded by {@link Instruction.Run#mounts(UnaryOperator)}; ARG values are expanded one by
 * one by the executor, because each ARG of a line sees the ones before it, and build args override defaults.
 */
public final class Expansion {
    private Expansion() {}

    /**
     * An expanded instruction and what its expansion read.
     *
     * @param used variables whose value was read: what the step's cache key depends on
     * @param unset variables referenced but not set
     */
    public record Expanded<T extends Instruction>(T instruction, Set<String> used, Set<String> unset) {
        public Expanded {
            used = Set.copyOf(used);
            unset = Set.copyOf(unset);
        }
    }

    /** The instruction with its substitutable values expanded with {@code env}; problems are 400s (no location). */
    public static <T extends Instruction> Expanded<T> expand(T instruction, Substitution substitution,
            Map<String, String> env) {
        Set<String> used = new LinkedHashSet<>();
        Set<String> unset = new LinkedHashSet<>();
        UnaryOperator<String> word = w -> {
            if (w == null) return null;
            Substitution.Result r = substitution.process(w, env);
            used.addAll(r.used());
            unset.addAll(r.unset());
            return r.value();
        };
        UnaryOperator<String> heredoc = h -> {
            Substitution.Result r = Substitution.heredoc(h, env);
            used.addAll(r.used());
            unset.addAll(r.unset());
            return r.value();
        };
        Instruction.Expose exposeWords = null;
        if (instruction instanceof Instruction.Expose e) {
            List<String> ports = e.ports().stream().flatMap(p -> {
                Substitution.Result r = substitution.process(p, env);
                used.addAll(r.used());
                unset.addAll(r.unset());
                return r.words().stream();
            }).toList();
            exposeWords = new Instruction.Expose(e.line(), e.original(), ports);
        }
        Instruction result = exposeWords != null ? exposeWords : map(instruction, word, heredoc);
        @SuppressWarnings("unchecked")
        T typed = (T) result;
        return new Expanded<>(typed, used, unset);
    }

    /** Checks, at parse time, that every value Docker will substitute can be substituted (quotes closed, braces). */
    static void check(Instruction instruction, char escape) {
        UnaryOperator<String> lexOnly = w -> {
            if (w != null) new ShellLexer(escape, Map.of(), false, false, true).run(w);
            return w;
        };
        map(instruction, lexOnly, UnaryOperator.identity());
        if (instruction instanceof Instruction.Expose e) e.ports().forEach(lexOnly::apply);
        if (instruction instanceof Instruction.Arg a) {
            for (ArgDefinition d : a.args()) {
                lexOnly.apply(d.name());
                lexOnly.apply(d.defaultValue());
            }
        }
    }

    private static Instruction map(Instruction in, UnaryOperator<String> w, UnaryOperator<String> heredoc) {
        return switch (in) {
            case Instruction.Env e -> new Instruction.Env(e.line(), e.original(), pairs(e.variables(), w));
            case Instruction.Label l -> new Instruction.Label(l.line(), l.original(), pairs(l.labels(), w));
            case Instruction.Copy c -> new Instruction.Copy(c.line(), c.original(), list(c.sources(), w),
                    heredocs(c.heredocs(), heredoc), w.apply(c.destination()), c.from(), w.apply(c.chown()),
                    w.apply(c.chmod()), c.link(), c.parents(), c.excludes());
            case Instruction.Add a -> new Instruction.Add(a.line(), a.original(), list(a.sources(), w),
                    heredocs(a.heredocs(), heredoc), w.apply(a.destination()), w.apply(a.chown()), w.apply(a.chmod()),
                    w.apply(a.checksum()), a.keepGitDir(), a.link(), a.excludes(), a.unpack());
            case Instruction.Workdir d -> new Instruction.Workdir(d.line(), d.original(), w.apply(d.path()));
            case Instruction.User u -> new Instruction.User(u.line(), u.original(), w.apply(u.user()));
            case Instruction.Volume v -> new Instruction.Volume(v.line(), v.original(), list(v.paths(), w));
            case Instruction.Stopsignal s -> new Instruction.Stopsignal(s.line(), s.original(), w.apply(s.signal()));
            case Instruction.From f -> new Instruction.From(f.line(), f.original(), w.apply(f.image()),
                    w.apply(f.platform()), f.stageName());
            default -> in;
        };
    }

    private static List<KeyValue> pairs(List<KeyValue> pairs, UnaryOperator<String> w) {
        return pairs.stream().map(kv -> new KeyValue(w.apply(kv.key()), w.apply(kv.value()), kv.spaceSeparated()))
                .toList();
    }

    private static List<String> list(List<String> words, UnaryOperator<String> w) {
        return words.stream().map(w).toList();
    }

    private static List<Heredoc> heredocs(List<Heredoc> docs, UnaryOperator<String> expand) {
        return docs.stream().map(h -> h.expand() ? new Heredoc(h.name(), expand.apply(h.content()), h.expand(),
                h.chomp(), h.fileDescriptor()) : h).toList();
    }
}
