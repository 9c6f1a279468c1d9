package berth.engine.registry;

import berth.engine.content.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens from token servers, kept until shortly before they expire, so that consecutive pulls and pushes do
 * not ask the token server again. A token is filed under the realm, service and scopes it was issued for, and a hash
 * of the credential that obtained it: one user's token is never handed to another's request.
 */
final class TokenCache {
    /** A token is not used in its last seconds: it could expire between the check and the request. */
    private static final Duration MARGIN = Duration.ofSeconds(5);
    /** distribution's token spec: a token without expires_in is valid for 60 s. */
    static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);
    private static final int MAX_ENTRIES = 1024;

    record Key(String realm, String service, List<String> scopes, String who) {
        static Key of(String realm, String service, List<String> scopes, Optional<Credential> credential) {
            return new Key(realm, service == null ? "" : service, List.copyOf(scopes), credential.map(TokenCache::who).orElse(""));
        }
    }

    private record Entry(String token, Instant expires) {}

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    Optional<String> get(Key key) {
        Entry e = entries.get(key);
        if (e == null) return Optional.empty();
        if (Instant.now().plus(MARGIN).isAfter(e.expires())) {
            entries.remove(key, e);
            return Optional.empty();
        }
        return Optional.of(e.token());
    }

    void put(Key key, String token, Duration lifetime) {
        if (entries.size() >= MAX_ENTRIES) entries.clear(); // a bound, not a policy: tokens are cheap to ask again
        entries.put(key, new Entry(token, Instant.now().plus(lifetime)));
    }

    /** Forgets {@code token} (the registry refused it: revoked or expired early). */
    void drop(Key key, String token) {
        entries.computeIfPresent(key, (k, e) -> e.token().equals(token) ? null : e);
    }

    /** A one-way name for a credential: the hash of its secrets, never the secrets themselves. */
    private static String who(Credential c) {
        String all = c.username() + "\0" + c.password() + "\0" + c.identityToken() + "\0" + c.registryToken();
        return Digest.sha256(all.getBytes(StandardCharsets.UTF_8)).hex();
    }
}
