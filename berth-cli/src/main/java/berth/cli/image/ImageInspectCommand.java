package berth.cli.image;

import berth.cli.container.Inspection;
import picocli.CommandLine.Command;

/** {@code berth image inspect}: inspect restricted to images. */
@Command(name = "inspect", description = "Display detailed information on one or more images")
public final class ImageInspectCommand extends Inspection {
    @Override
    protected String fixedType() {
        return "image";
    }

    @Override
    protected boolean size() {
        return false;
    }
}
