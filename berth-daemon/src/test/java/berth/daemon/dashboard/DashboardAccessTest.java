package berth.daemon.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DashboardAccessTest {
    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final DashboardAccess access = new DashboardAccess(new SecureRandom(), clock);

    @Test
    void theTokenIs32RandomBytesInBase64Url() {
        assertThat(access.token()).matches("[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(access.token())).hasSize(32);
        assertThat(DashboardAccess.create().token()).isNotEqualTo(access.token());
    }

    @Test
    void onlyTheExactTokenMatches() {
        assertThat(access.tokenMatches(access.token())).isTrue();
        assertThat(access.tokenMatches(access.token() + "x")).isFalse();
        assertThat(access.tokenMatches(access.token().substring(1))).isFalse();
        assertThat(access.tokenMatches("")).isFalse();
        assertThat(access.tokenMatches(null)).isFalse();
    }

    @Test
    void aSessionIsValidUntilTwelveHoursAfterLogin() {
        String id = access.openSession();
        assertThat(access.sessionValid(id)).isTrue();
        clock.now = clock.now.plus(Duration.ofHours(12)).minusSeconds(1);
        assertThat(access.sessionValid(id)).isTrue();
        clock.now = clock.now.plusSeconds(1);
        assertThat(access.sessionValid(id)).isFalse();
    }

    @Test
    void unknownAndEndedSessionsAreNotValid() {
        String id = access.openSession();
        assertThat(access.sessionValid("made-up")).isFalse();
        assertThat(access.sessionValid(null)).isFalse();
        access.endSession(id);
        assertThat(access.sessionValid(id)).isFalse();
    }

    @Test
    void sessionIdsAreNotTheToken() {
        String id = access.openSession();
        assertThat(id).isNotEqualTo(access.token()).isNotEqualTo(access.openSession());
    }

    @Test
    void manyLoginsDropTheOldestSessionsFirst() {
        String first = access.openSession();
        clock.now = clock.now.plusSeconds(1);
        String second = access.openSession();
        for (int i = 0; i < DashboardAccess.MAX_SESSIONS - 1; i++) access.openSession();
        assertThat(access.sessionValid(first)).isFalse();
        assertThat(access.sessionValid(second)).isTrue();
    }
}
