package berth.engine.build.dockerfile;

import berth.api.errors.InvalidArgumentException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which stages a stage reads from: its FROM base, {@code COPY --from} and {@code RUN --mount from=} that name an
 * earlier stage (by name, case-insensitively, or, for COPY and mounts, by index). Anything else they name is an image.
 * Variables are allowed only in FROM, where they are expanded with the global ARGs (defaults overridden by build
 * args), as the executor will; the parser refuses them in {@code --from} and {@code from=}, as Docker does.
 */
final class StageGraph {
    private final Dockerfile file;
    private final Map<Integer, List<Stage>> dependencies = new HashMap<>();

    private StageGraph(Dockerfile file) {
        this.file = file;
    }

    static StageGraph of(Dockerfile file, Map<String, String> buildArgs) {
        StageGraph g = new StageGraph(file);
        Substitution sub = file.substitution();
        Map<String, String> global = new HashMap<>();
        for (String name : PredefinedArgs.PLATFORM) {
            if (buildArgs.containsKey(name)) global.put(name, buildArgs.get(name));
        }
        for (Instruction.Arg arg : file.globalArgs()) {
            for (ArgDefinition def : arg.args()) {
                if (buildArgs.containsKey(def.name())) {
                    global.put(def.name(), buildArgs.get(def.name()));
                } else if (def.hasDefault()) {
                    global.put(def.name(), expand(sub, def.defaultValue(), global));
                }
            }
        }
        for (Stage stage : file.stages()) g.dependencies.put(stage.index(), g.scan(stage, sub, global));
        return g;
    }

    private List<Stage> scan(Stage stage, Substitution sub, Map<String, String> global) {
        Set<Stage> deps = new LinkedHashSet<>();
        byName(expand(sub, stage.baseImage(), global), stage.index()).ifPresent(deps::add);
        for (Instruction instruction : stage.instructions()) {
            switch (instruction) {
                case Instruction.Copy copy when copy.from() != null ->
                        reference(copy.from(), stage.index()).ifPresent(deps::add);
                case Instruction.Run run -> {
                    for (String spec : run.mountSpecs()) {
                        String from = mountFrom(spec);
                        if (from != null) reference(from, stage.index()).ifPresent(deps::add);
                    }
                }
                default -> { }
            }
        }
        return List.copyOf(deps);
    }

    private static String mountFrom(String spec) {
        try {
            return switch (RunMount.parse(spec, v -> v)) {
                case RunMount.Bind b -> b.from();
                case RunMount.Cache c -> c.from();
                default -> null;
            };
        } catch (InvalidArgumentException e) {
            return null; // the step itself reports it
        }
    }

    private static String expand(Substitution sub, String word, Map<String, String> env) {
        try {
            return sub.expand(word, env);
        } catch (InvalidArgumentException e) {
            return word; // the step itself reports it
        }
    }

    private java.util.Optional<Stage> byName(String ref, int before) {
        return file.stages().stream().filter(s -> s.index() < before && s.name() != null
                && s.name().equalsIgnoreCase(ref)).findFirst();
    }

    private java.util.Optional<Stage> reference(String ref, int before) {
        var named = byName(ref, before);
        if (named.isPresent()) return named;
        try {
            int index = Integer.parseInt(ref);
            if (index >= 0 && index < before) { // Go's Atoi, as Docker: "01" and "+1" are index 1
                return java.util.Optional.of(file.stages().get(index));
            }
        } catch (NumberFormatException e) {
            // a name that is not a stage: an image
        }
        return java.util.Optional.empty();
    }

    List<Stage> dependenciesOf(Stage stage) {
        return dependencies.getOrDefault(stage.index(), List.of());
    }

    List<Stage> neededFor(Stage target) {
        Set<Integer> seen = new TreeSet<>();
        Deque<Stage> todo = new ArrayDeque<>(List.of(target));
        while (!todo.isEmpty()) {
            Stage s = todo.pop();
            if (seen.add(s.index())) todo.addAll(dependenciesOf(s));
        }
        List<Stage> out = new ArrayList<>();
        for (int i : seen) out.add(file.stages().get(i));
        return List.copyOf(out);
    }
}
