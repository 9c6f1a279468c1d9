package berth.cli.container;

import berth.api.errors.EngineException;
import berth.api.errors.NotFoundException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an action per named container as the docker CLI's stop/kill/rm/restart do: each name printed on success, the
 * errors printed together at the end (exit 1). With {@code missingIsFine} (rm -f) a missing container is reported at
 * once and does not fail the command.
 */
final class EachContainer {
    interface Action {
        void apply(String name) throws Exception;
    }

    private EachContainer() {}

    static int run(List<String> names, PrintStream out, PrintStream err, Action action) throws Exception {
        return run(names, out, err, false, action);
    }

    static int run(List<String> names, PrintStream out, PrintStream err, boolean missingIsFine, Action action)
            throws Exception {
        List<String> errors = new ArrayList<>();
        for (String name : names) {
            try {
                action.apply(name);
                out.println(name);
            } catch (NotFoundException e) {
                if (missingIsFine) {
                    out.flush();
                    err.println("Error response from daemon: " + e.getMessage());
                } else {
                    errors.add("Error response from daemon: " + e.getMessage());
                }
            } catch (EngineException e) {
                errors.add("Error response from daemon: " + e.getMessage());
            }
        }
        out.flush();
        errors.forEach(err::println);
        return errors.isEmpty() ? 0 : 1;
    }
}
