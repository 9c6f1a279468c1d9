package berth.cli.container;

import berth.api.errors.EngineException;
import berth.cli.Verb;
import berth.client.EngineClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "rename", description = "Give a container another name")
public final class RenameCommand extends Verb {
    @Parameters(index = "0", paramLabel = "CONTAINER") String container;
    @Parameters(index = "1", paramLabel = "NEW_NAME") String newName;

    @Override
    protected int run() throws Exception {
        String name = newName.strip();
        if (container.isBlank() || name.isEmpty()) {
            err.println("Error: Neither old nor new names may be empty");
            return 1;
        }
        try {
            client().call("POST", "/containers/" + container + "/rename" + EngineClient.query(EngineClient.params("name", name)),
                    null).close();
            return 0;
        } catch (EngineException e) {
            err.println("Error response from daemon: " + e.getMessage());
            err.println("Error: failed to rename container named " + container);
            return 1;
        }
    }
}
