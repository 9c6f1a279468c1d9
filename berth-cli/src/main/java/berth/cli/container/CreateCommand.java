package berth.cli.container;

import berth.cli.Verb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "create", description = "Create a container without starting it", sortOptions = false)
public final class CreateCommand extends Verb {
    @Mixin ContainerOptions options;

    // docker's own help text, typo included
    @Option(names = "--pull", paramLabel = "string", defaultValue = "missing",
            description = "Pull image before creating (\"always\", \"|missing\", \"never\")")
    void pull(String policy) {
        options.pull = policy;
    }

    @Override
    protected int run() throws Exception {
        out.println(RunCommand.Creator.create(client(), options, false, err));
        return 0;
    }
}
