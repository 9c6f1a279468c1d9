package berth.cli.container;

import berth.cli.CliError;
import berth.cli.Terminal;
import berth.cli.Verb;
import berth.client.Response;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", description = "Write a container's filesystem as a tar archive")
public final class ExportCommand extends Verb {
    @Option(names = {"-o", "--output"}, paramLabel = "string", description = "File to write (standard output unless given)") String output;
    @Parameters(index = "0", paramLabel = "CONTAINER") String container;

    @Override
    protected int run() throws Exception {
        if (output == null && Terminal.isTerminal(1)) {
            throw new CliError("cowardly refusing to save to a terminal. Use the -o flag or redirect");
        }
        try (Response r = client().call("GET", "/containers/" + container + "/export", null)) {
            if (output == null) {
                r.body().transferTo(out);
                out.flush();
            } else {
                try (OutputStream file = Files.newOutputStream(Path.of(output))) {
                    r.body().transferTo(file);
                }
            }
        }
        return 0;
    }
}
