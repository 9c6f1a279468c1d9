package berth.cli.image;

import berth.cli.ProgressPrinter;
import berth.cli.Verb;
import berth.cli.container.ImagePull;
import berth.client.EngineClient;
import berth.client.Response;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "push", description = "Send an image to a registry")
public final class PushCommand extends Verb {
    @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output") boolean quiet;
    @Option(names = {"-a", "--all-tags"}, description = "Push all tags of an image to the repository") boolean allTags;
    @Parameters(index = "0", paramLabel = "NAME[:TAG]") String image;

    @Override
    protected int run() throws Exception {
        ImageRef ref = ImageRef.split(image);
        String name = ref.repository();
        String tag = ref.tag();
        if (tag != null && allTags) {
            err.println("tag can't be used with --all-tags/-a");
            return 1;
        }
        if (tag == null && !allTags) {
            // without a tag the API pushes every tag of the repository; the docker CLI pushes latest
            out.println("Using default tag: latest");
            tag = "latest";
        }
        String q = EngineClient.query(EngineClient.params("tag", tag));
        String auth = berth.cli.registry.RegistryAuth.headerFor(name);
        try (Response r = client().send("POST", "/images/" + name + "/push" + q, Map.of("X-Registry-Auth", auth), null).check()) {
            ImagePull.stream(r, new ProgressPrinter(quiet ? new java.io.PrintStream(java.io.OutputStream.nullOutputStream()) : out));
        }
        if (quiet) out.println(image);
        return 0;
    }
}
