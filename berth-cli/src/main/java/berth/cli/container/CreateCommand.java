package berth.cli.container;

import berth.cli.Verb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "create", description = "Create a new container", sortOptions = false)
public final class CreateCommand extends Verb {
    @Mixin ContainerOptions options;

    @Override
    protected int run() throws Exception {
        out.println(RunCommand.Creator.create(client(), options, true, err));
        return 0;
    }
}
