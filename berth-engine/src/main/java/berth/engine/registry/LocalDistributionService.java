package berth.engine.registry;

import berth.api.model.ProgressMessage;
import berth.engine.content.ContentStore;
import berth.engine.events.EventService;
import berth.engine.image.ImageStore;
import berth.engine.image.Reference;
import berth.engine.layer.LayerStore;
import berth.engine.store.Leases;
import java.util.function.Consumer;

/** Distribution over the registry HTTP API; pulls and pushes are independent and may run concurrently. */
final class LocalDistributionService implements DistributionService {
    private final ImagePuller puller;
    private final ImagePusher pusher;
    private final Leases leases;

    LocalDistributionService(ContentStore content, LayerStore layers, ImageStore images, EventService events,
                             RegistryConfig config) {
        this.puller = new ImagePuller(config, content, layers, images, events);
        this.leases = layers.leases();
        this.pusher = new ImagePusher(config, content, images, events);
    }

    @Override
    public void pull(String image, String tag, Consumer<ProgressMessage> progress) {
        try {
            puller.pull(Reference.parseWithTag(image, tag).withDefaultTag(), serialized(progress));
        } catch (RuntimeException e) {
            leases.collectSoon(); // layers completed below the failure are referenced by nothing: give the space back
            throw e;
        }
    }

    @Override
    public void push(String name, String tag, Consumer<ProgressMessage> progress) {
        pusher.push(Reference.parseWithTag(name, tag).withDefaultTag(), serialized(progress));
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
