package berth.engine.registry;

import berth.api.model.ProgressMessage;
import berth.engine.content.ContentStore;
import berth.engine.events.EventService;
import berth.engine.image.ImageStore;
import berth.engine.image.Platform;
import berth.engine.image.Reference;
import berth.engine.layer.LayerStore;
import java.util.function.Consumer;

/** Distribution over the registry HTTP API; pulls and pushes are independent and may run concurrently. */
final class LocalDistributionService implements DistributionService {
    private final ImagePuller puller;
    private final ImagePusher pusher;

    LocalDistributionService(ContentStore content, LayerStore layers, ImageStore images, EventService events,
                             RegistryConfig config) {
        this.puller = new ImagePuller(config, content, layers, images, events);
        this.pusher = new ImagePusher(config, content, images, events);
    }

    @Override
    public void pull(PullRequest request, Consumer<ProgressMessage> progress) {
        Platform platform = Platform.parseForLinux(request.platform());
        Reference ref = Reference.parseWithTag(request.image(), request.tag());
        if (ref.tag() == null && ref.digest() == null) {
            puller.pullAllTags(ref, request.credential(), platform, serialized(progress));
        } else {
            puller.pull(ref, request.credential(), platform, serialized(progress));
        }
    }

    @Override
    public void push(PushRequest request, Consumer<ProgressMessage> progress) {
        Platform platform = Platform.parseForLinux(request.platform());
        pusher.push(Reference.parseWithTag(request.name(), request.tag()).withDefaultTag(), request.credential(), platform,
                serialized(progress));
    }

    /** Layers report from several threads; the caller's sink writes one stream. */
    private static Consumer<ProgressMessage> serialized(Consumer<ProgressMessage> sink) {
        Object lock = new Object();
        return m -> {
            synchronized (lock) {
                sink.accept(m);
            }
        };
    }
}
