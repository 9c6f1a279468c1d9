package berth.engine.build.dockerfile;

import berth.api.errors.InvalidArgumentException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed Dockerfile.
 *
 * @param fileName the name errors cite ({@code Dockerfile}, or the {@code -f} name)
 * @param directives the parser directives
 * @param globalArgs the ARG instructions before the first FROM (they may be used in FROM lines, and imported into a
 *     stage by a bare {@code ARG name})
 * @param stages the stages in order; never empty
 * @param notes things the parser accepted but ignores or warns about (e.g. {@code # syntax=}, empty continuation
 *     lines), each starting with {@code <file>:<line>:}, for the progress output
 */
public record Dockerfile(String fileName, Directives directives, List<Instruction.Arg> globalArgs, List<Stage> stages,
        List<String> notes) {
    public Dockerfile {
        globalArgs = List.copyOf(globalArgs);
        stages = List.copyOf(stages);
        notes = List.copyOf(notes);
    }

    /** The escape character ({@code \} unless {@code # escape=`}), for {@link Substitution}. */
    public char escape() {
        return directives.escape();
    }

    /** A substitution engine with this file's escape character. */
    public Substitution substitution() {
        return new Substitution(escape());
    }

    /** The stage named {@code name} (case-insensitive) or with that index; empty when there is none. */
    public Optional<Stage> stage(String nameOrIndex) {
        return stages.stream().filter(s -> s.answersTo(nameOrIndex)).findFirst();
    }

    /**
     * The stage to build for {@code --target}: the named stage, or the last one when {@code target} is null or
     * empty. An unknown target is refused with Docker's message.
     */
    public Stage targetStage(String target) {
        if (target == null || target.isEmpty()) return stages.getLast();
        return stages.stream().filter(s -> target.equalsIgnoreCase(s.name())).findFirst()
                .orElseThrow(() -> new InvalidArgumentException("target stage \"" + target
                        + "\" could not be found"));
    }

    /**
     * The stages that building {@code target} needs, in file order, the target last: the target and, transitively,
     * every earlier stage it names in FROM, {@code COPY --from} or {@code RUN --mount from=}. FROM lines are expanded
     * with the global ARGs: their defaults, overridden by {@code buildArgs}, which should also carry the values of the
     * platform ARGs ({@link PredefinedArgs#PLATFORM}), usable in FROM without a declaration. A reference that is not
     * an earlier stage is an image.
     */
    public List<Stage> stagesNeededFor(String target, Map<String, String> buildArgs) {
        return StageGraph.of(this, buildArgs).neededFor(targetStage(target));
    }

    /** {@link #stagesNeededFor(String, Map)} with no build args. */
    public List<Stage> stagesNeededFor(String target) {
        return stagesNeededFor(target, Map.of());
    }

    /**
     * The stages {@code stage} reads from directly (its FROM base, {@code COPY --from}, {@code RUN --mount from=}),
     * each once, in order of first use; references to images are not included.
     */
    public List<Stage> dependenciesOf(Stage stage, Map<String, String> buildArgs) {
        return StageGraph.of(this, buildArgs).dependenciesOf(stage);
    }
}
