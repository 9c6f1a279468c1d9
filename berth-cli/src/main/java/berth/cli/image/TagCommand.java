package berth.cli.image;

import berth.cli.Verb;
import berth.client.EngineClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "tag", description = "Give the image SOURCE_IMAGE the further name TARGET_IMAGE")
public final class TagCommand extends Verb {
    @Parameters(index = "0", paramLabel = "SOURCE_IMAGE[:TAG]") String source;
    @Parameters(index = "1", paramLabel = "TARGET_IMAGE[:TAG]") String target;

    @Override
    protected int run() throws Exception {
        ImageRef ref = ImageRef.split(target);
        client().call("POST", "/images/" + source + "/tag" + EngineClient.query(EngineClient.params("repo", ref.repository(), "tag", ref.tag())), null).close();
        return 0;
    }
}
