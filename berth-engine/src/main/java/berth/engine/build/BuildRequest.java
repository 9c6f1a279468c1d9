package berth.engine.build;

import berth.engine.registry.Credential;
import java.util.List;
import java.util.Map;

/**
 * What {@code POST /build} asks for, once the route has checked the parameters it does not apply.
 *
 * @param dockerfile the Dockerfile's path inside the context ("Dockerfile" when not given)
 * @param tags the {@code t} values, each a reference to tag the result with
 * @param buildArgs {@code --build-arg} values (a null value: given without one, which Docker skips)
 * @param target the stage to build, or null for the last one
 * @param hostConfig the HostConfig fields RUN steps' containers get (NetworkMode, ExtraHosts, ShmSize, Memory, ...)
 * @param credentials the {@code X-Registry-Config} entries by registry host, for pulling base images
 * @param explain say, for each step that missed the cache, why (Berth's own)
 * @param secrets what {@code RUN --mount=type=secret} may read (Berth's own transport: the docker CLI has none)
 * @param cacheFrom images whose layers steps may reuse when the step cache misses ({@code cachefrom})
 */
public record BuildRequest(String dockerfile, List<String> tags, Map<String, String> buildArgs, String target,
                           boolean noCache, boolean pull, Map<String, String> labels, boolean quiet, boolean explain,
                           Map<String, Object> hostConfig, Map<String, Credential> credentials,
                           BuildSecrets secrets, List<String> cacheFrom) {
    public BuildRequest {
        cacheFrom = cacheFrom == null ? List.of() : List.copyOf(cacheFrom);
        secrets = secrets == null ? BuildSecrets.none() : secrets;
        dockerfile = dockerfile == null || dockerfile.isEmpty() ? "Dockerfile" : dockerfile;
        tags = tags == null ? List.of() : List.copyOf(tags);
        buildArgs = buildArgs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(buildArgs));
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
        hostConfig = hostConfig == null ? Map.of() : Map.copyOf(hostConfig);
        credentials = credentials == null ? Map.of() : Map.copyOf(credentials);
    }

    /** A request without secrets. */
    public BuildRequest(String dockerfile, List<String> tags, Map<String, String> buildArgs, String target,
                        boolean noCache, boolean pull, Map<String, String> labels, boolean quiet, boolean explain,
                        Map<String, Object> hostConfig, Map<String, Credential> credentials) {
        this(dockerfile, tags, buildArgs, target, noCache, pull, labels, quiet, explain, hostConfig, credentials,
                (BuildSecrets) null);
    }

    /** A request without {@code cachefrom} images. */
    public BuildRequest(String dockerfile, List<String> tags, Map<String, String> buildArgs, String target,
                        boolean noCache, boolean pull, Map<String, String> labels, boolean quiet, boolean explain,
                        Map<String, Object> hostConfig, Map<String, Credential> credentials, BuildSecrets secrets) {
        this(dockerfile, tags, buildArgs, target, noCache, pull, labels, quiet, explain, hostConfig, credentials, secrets,
                null);
    }
}
