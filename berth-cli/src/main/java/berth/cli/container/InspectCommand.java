package berth.cli.container;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth inspect}: any object, containers probed first; --type restricts it to one kind. */
@Command(name = "inspect", description = "Show containers or images in full, as JSON")
public final class InspectCommand extends Inspection {
    @Option(names = {"-s", "--size"}, description = "Display total file sizes if the type is container") boolean size;
    @Option(names = "--type", paramLabel = "string", description = "Only inspect objects of the given type") String type;

    @Override
    protected String fixedType() {
        return type;
    }

    @Override
    protected boolean size() {
        return size;
    }
}
