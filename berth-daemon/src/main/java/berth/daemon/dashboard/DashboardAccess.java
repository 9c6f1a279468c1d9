package berth.daemon.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may use the dashboard: one access token, made at each berthd start and kept in memory only (never logged), and
 * the sessions it opened. A session id is what the browser keeps in its cookie; it expires {@link #SESSION_LIFETIME}
 * after login. Comparisons take the same time whatever the input, so that a local process cannot guess the token
 * byte by byte from answer times.
 */
public final class DashboardAccess {
    public static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    /** Beyond this many live sessions the oldest expire first: a script logging in in a loop cannot grow the map. */
    static final int MAX_SESSIONS = 1024;

    private final String token;
    private final SecureRandom random;
    private final Clock clock;
    private final Map<String, Instant> sessions = new ConcurrentHashMap<>();

    DashboardAccess(SecureRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
        this.token = randomText(random);
    }

    public static DashboardAccess create() {
        return new DashboardAccess(new SecureRandom(), Clock.systemUTC());
    }

    /** 32 random bytes, base64url without padding. */
    private static String randomText(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The token, for {@code GET /berth/dashboard} only. */
    public String token() {
        return token;
    }

    public boolean tokenMatches(String candidate) {
        if (candidate == null) return false;
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** A new session id for whoever presented the right token. */
    public String openSession() {
        Instant now = clock.instant();
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().removeIf(expiry -> !expiry.isAfter(now));
            while (sessions.size() >= MAX_SESSIONS) {
                sessions.entrySet().stream().min(Map.Entry.comparingByValue())
                        .ifPresent(oldest -> sessions.remove(oldest.getKey()));
            }
        }
        String id = randomText(random);
        sessions.put(id, now.plus(SESSION_LIFETIME));
        return id;
    }

    /** True for a session id that this berthd issued and that has not expired or been ended. */
    public boolean sessionValid(String id) {
        if (id == null) return false;
        Instant expiry = sessions.get(id);
        if (expiry == null) return false;
        if (!expiry.isAfter(clock.instant())) {
            sessions.remove(id, expiry);
            return false;
        }
        return true;
    }

    public void endSession(String id) {
        if (id != null) sessions.remove(id);
    }
}
