package berth.cli.image;

import berth.cli.CliError;
import berth.cli.Terminal;
import berth.cli.Verb;
import berth.client.EngineClient;
import berth.client.Response;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth save}: images as one docker-archive, to a file or standard output. */
@Command(name = "save", description = "Write images as a tar archive that load (Berth's or Docker's) reads back")
public final class SaveCommand extends Verb {
    @Option(names = {"-o", "--output"}, paramLabel = "string", description = "File to write (standard output unless given)") String output;
    @Option(names = "--platform", paramLabel = "stringArray", description = "Only the image for this platform (os[/arch[/variant]])") List<String> platforms = new ArrayList<>();
    @Parameters(index = "0", arity = "1..*", paramLabel = "IMAGE") List<String> images;

    @Override
    protected int run() throws Exception {
        if (output == null && Terminal.isTerminal(1)) {
            throw new CliError("cowardly refusing to save to a terminal. Use the -o flag or redirect");
        }
        String q = EngineClient.query(EngineClient.params("names", images, "platform", platforms.isEmpty() ? null : platforms));
        try (Response r = client().call("GET", "/images/get" + q, null)) {
            if (output == null) {
                r.body().transferTo(out);
                out.flush();
                return 0;
            }
            // written beside the target and renamed: a failed save leaves no half archive under the name asked for
            Path target = Path.of(output).toAbsolutePath();
            Path partial = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".partial");
            try {
                try (OutputStream file = Files.newOutputStream(partial)) {
                    r.body().transferTo(file);
                }
                Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
        return 0;
    }
}
