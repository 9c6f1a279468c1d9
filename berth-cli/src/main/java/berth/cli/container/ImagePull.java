package berth.cli.container;

import berth.cli.ProgressPrinter;
import berth.cli.image.ImageRef;
import berth.client.EngineClient;
import berth.client.Response;
import berth.api.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;

/** POST /images/create?fromImage=…, printing progress; shared by pull and by run/create when the image is missing. */
public final class ImagePull {
    private ImagePull() {}

    public static void pull(EngineClient client, String image, PrintStream progressOut) throws IOException {
        pull(client, image, null, progressOut);
    }

    /** As {@link #pull(EngineClient, String, PrintStream)}, for one {@code platform} (null: the daemon's). */
    public static void pull(EngineClient client, String image, String platform, PrintStream progressOut) throws IOException {
        // without a tag the API pulls every tag of the repository; the docker CLI asks for latest. A digest goes in
        // the tag parameter, as the docker client sends it.
        ImageRef ref = ImageRef.split(image);
        send(client, ref.repository(), ref.hasTagOrDigest() ? ref.tag() : "latest", platform, progressOut);
    }

    /** Every tag of {@code repository} (the API pulls them all when no tag is given), as {@code pull -a}. */
    public static void pullAllTags(EngineClient client, String repository, String platform, PrintStream progressOut)
            throws IOException {
        send(client, repository, null, platform, progressOut);
    }

    private static void send(EngineClient client, String repo, String tag, String platform, PrintStream progressOut)
            throws IOException {
        String q = EngineClient.query(EngineClient.params("fromImage", repo, "tag", tag, "platform", platform));
        // The login config.json holds for the image's registry, as the docker CLI sends it.
        String auth = berth.cli.registry.RegistryAuth.headerFor(repo);
        try (Response r = client.send("POST", "/images/create" + q, Map.of("X-Registry-Auth", auth), null).check()) {
            stream(r, new ProgressPrinter(progressOut));
        }
    }

    public static void stream(Response r, ProgressPrinter printer) throws IOException {
        try (MappingIterator<JsonNode> it = Json.mapper().readerFor(JsonNode.class).readValues(r.body())) {
            while (it.hasNextValue()) printer.accept(it.nextValue());
        }
    }
}
