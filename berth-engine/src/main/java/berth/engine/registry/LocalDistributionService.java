package berth.engine.registry;

import berth.api.model.ProgressMessage;
import berth.engine.content.ContentStore;
import berth.engine.events.EventService;
import berth.engine.image.ImageStore;
import berth.engine.image.Platform;
import berth.engine.image.Reference;
import berth.engine.layer.LayerStore;
import java.util.List;
import berth.engine.store.Leases;
import java.util.function.Consumer;

/** Distribution over the registry HTTP API; pulls and pushes are independent and may run concurrently. */
final class LocalDistributionService implements DistributionService {
    private final ImagePuller puller;
    private final ImagePusher pusher;
    private final ImageStore images;
    private final Leases leases;
    private final RegistryLogin login;

    LocalDistributionService(ContentStore content, LayerStore layers, ImageStore images, EventService events,
                             RegistryConfig config) {
        Registries registries = new Registries(config);
        this.puller = new ImagePuller(registries, content, layers, images, events);
        this.leases = layers.leases();
        this.pusher = new ImagePusher(registries, content, images, events);
        this.login = new RegistryLogin(registries);
        this.images = images;
    }

    @Override
    public void pull(PullRequest request, Consumer<ProgressMessage> progress) {
        Platform platform = Platform.parseForLinux(request.platform());
        Reference ref = Reference.parseWithTag(request.image(), request.tag());
        try {
            if (ref.tag() == null && ref.digest() == null) {
                puller.pullAllTags(ref, request.credential(), platform, serialized(progress));
            } else {
                puller.pull(ref, request.credential(), platform, serialized(progress));
            }
        } catch (RuntimeException e) {
            leases.collectSoon(); // layers completed below the failure are referenced by nothing: give the space back
            throw e;
        }
    }

    @Override
    public void push(PushRequest request, Consumer<ProgressMessage> progress) {
        Platform platform = Platform.parseForLinux(request.platform());
        Reference ref = Reference.parseWithTag(request.name(), request.tag());
        if (ref.tag() != null || ref.digest() != null) {
            pusher.push(ref, request.credential(), platform, serialized(progress));
            return;
        }
        // No tag: every local tag of the repository, as Docker's push -a (and the API without a tag) does.
        List<Reference> tags = images.tagsOf(ref.repository());
        if (tags.isEmpty()) {
            throw new berth.api.errors.NotFoundException("An image does not exist locally with the tag: " + ref.familiarRepository());
        }
        for (Reference tagged : tags) pusher.push(tagged, request.credential(), platform, serialized(progress));
    }

    @Override
    public LoginResult login(Credential credential, String serverAddress) {
        return login.login(credential, serverAddress);
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
