package berth.cli.container;

import berth.api.errors.EngineException;
import java.io.PrintStream;
import java.util.List;

/** Runs an action per named container, printing each name on success and docker's error lines otherwise. */
final class EachContainer {
    interface Action {
        void apply(String name) throws Exception;
    }

    private EachContainer() {}

    static int run(List<String> names, PrintStream out, PrintStream err, Action action) throws Exception {
        int rc = 0;
        for (String name : names) {
            try {
                action.apply(name);
                out.println(name);
            } catch (EngineException e) {
                err.println("Error response from daemon: " + e.getMessage());
                rc = 1;
            }
        }
        return rc;
    }
}
