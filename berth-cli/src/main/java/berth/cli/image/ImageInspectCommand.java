package berth.cli.image;

import berth.cli.container.Inspection;
import picocli.CommandLine.Command;

/** {@code berth image inspect}: inspect restricted to images. */
@Command(name = "inspect", description = "Show images in full, as JSON")
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
