package berth.cli.container;

import berth.api.errors.EngineException;
import berth.cli.Verb;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "wait", description = "Wait until containers stop and print their exit codes")
public final class WaitCommand extends Verb {
    @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

    @Override
    protected int run() throws Exception {
        List<String> errors = new java.util.ArrayList<>();
        for (String c : containers) {
            try {
                out.println(client().call("POST", "/containers/" + c + "/wait", null).json().path("StatusCode").asLong());
            } catch (EngineException e) {
                errors.add("Error response from daemon: " + e.getMessage());
            }
        }
        out.flush();
        errors.forEach(err::println);
        return errors.isEmpty() ? 0 : 1;
    }
}
