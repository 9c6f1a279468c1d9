package berth.engine.registry;

import berth.api.model.ProgressMessage;
import berth.engine.content.ContentStore;
import berth.engine.events.EventService;
import berth.engine.image.ImageStore;
import berth.engine.image.Reference;
import berth.engine.layer.LayerStore;
import java.util.Set;
import java.util.function.Consumer;

/** Distribution over the registry HTTP API; pulls and pushes are independent and may run concurrently. */
final class LocalDistributionService implements DistributionService {
    private final ImagePuller puller;
    private final ImagePusher pusher;

    LocalDistributionService(ContentStore content, LayerStore layers, ImageStore images, EventService events,
                             Set<String> insecureRegistries) {
        RegistryClient client = new RegistryClient(insecureRegistries);
        this.puller = new ImagePuller(client, content, layers, images, events);
        this.pusher = new ImagePusher(client, content, images, events);
    }

    @Override
    public void pull(String image, String tag, Consumer<ProgressMessage> progress) {
        puller.pull(Reference.parseWithTag(image, tag).withDefaultTag(), progress);
    }

    @Override
    public void push(String name, String tag, Consumer<ProgressMessage> progress) {
        Reference ref = (tag == null || tag.isEmpty() ? Reference.parse(name) : Reference.parseWithTag(name, tag)).withDefaultTag();
        pusher.push(ref, progress);
    }
}
