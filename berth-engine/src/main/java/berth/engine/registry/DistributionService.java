package berth.engine.registry;

import berth.api.model.ProgressMessage;
import java.util.function.Consumer;

/**
 * Pull and push between registries and the local stores.
 *
 * <p>Errors that happen before anything was transferred (bad reference, unknown repository or tag, registry
 * unreachable) are thrown as {@link berth.api.errors.EngineException}s before the first progress message, so that
 * the API can answer them with a plain status code, as Docker does. Later failures are thrown after progress was
 * reported; the caller turns them into an error message in the stream.
 */
public interface DistributionService {

    /** Registries in {@code insecureRegistries} ("host:port"), and loopback ones, are spoken to over plain HTTP. */
    static DistributionService create(berth.engine.content.ContentStore content, berth.engine.layer.LayerStore layers,
                                      berth.engine.image.ImageStore images, berth.engine.events.EventService events,
                                      java.util.Set<String> insecureRegistries) {
        return create(content, layers, images, events, new RegistryConfig(insecureRegistries));
    }

    static DistributionService create(berth.engine.content.ContentStore content, berth.engine.layer.LayerStore layers,
                                      berth.engine.image.ImageStore images, berth.engine.events.EventService events,
                                      RegistryConfig config) {
        return new LocalDistributionService(content, layers, images, events, config);
    }

    /**
     * Pulls {@code image} (as in {@code fromImage}, may carry a tag or digest) with {@code tag} (may be null or empty),
     * reporting Docker's progress messages. Nothing becomes visible in the stores until verified and complete.
     */
    default void pull(String image, String tag, Consumer<ProgressMessage> progress) {
        pull(new PullRequest(image, tag, java.util.Optional.empty(), null), progress);
    }

    /**
     * Pulls as {@code POST /images/create?fromImage=} does: a name without tag or digest (and no tag) pulls every tag
     * of the repository; a name with a tag and a digest pulls by digest and leaves the tag alone; {@code platform}
     * (null: the host's) picks the entry of an index.
     */
    void pull(PullRequest request, Consumer<ProgressMessage> progress);

    /** Pushes the local image {@code name} (tag null or empty: the tag in name, else every local tag of the repository). */
    default void push(String name, String tag, Consumer<ProgressMessage> progress) {
        push(new PushRequest(name, tag, java.util.Optional.empty(), null), progress);
    }

    /** Pushes with the user's credential; {@code platform}, when given, must be the image's own. */
    void push(PushRequest request, Consumer<ProgressMessage> progress);

    /**
     * Checks {@code credential} against the registry at {@code serverAddress} (empty: docker.io) as {@code POST /auth}
     * does: Basic or Bearer, whichever the registry asks for. A wrong login is an UnauthorizedException in Docker's
     * words; the answer carries an identity token when the token server gave a refresh token.
     */
    LoginResult login(Credential credential, String serverAddress);

    record LoginResult(String status, String identityToken) {}

    record PullRequest(String image, String tag, java.util.Optional<Credential> credential, String platform) {}

    record PushRequest(String name, String tag, java.util.Optional<Credential> credential, String platform) {}
}
