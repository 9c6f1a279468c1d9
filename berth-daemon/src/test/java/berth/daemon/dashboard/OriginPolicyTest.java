package berth.daemon.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OriginPolicyTest {
    private final OriginPolicy policy = new OriginPolicy(7380);

    @Test
    void theHostMustBeTheLoopbackAddressOrLocalhostWithThePort() {
        assertThat(policy.hostAllowed("127.0.0.1:7380")).isTrue();
        assertThat(policy.hostAllowed("localhost:7380")).isTrue();
        assertThat(policy.hostAllowed("LocalHost:7380")).isTrue();
    }

    @Test
    void otherHostsAreRefusedAgainstDnsRebinding() {
        assertThat(policy.hostAllowed("evil.example:7380")).isFalse();
        assertThat(policy.hostAllowed("127.0.0.1")).isFalse();
        assertThat(policy.hostAllowed("127.0.0.1:7381")).isFalse();
        assertThat(policy.hostAllowed("[::1]:7380")).isFalse();
        assertThat(policy.hostAllowed(null)).isFalse();
    }

    @Test
    void aSameOriginIsAllowed() {
        assertThat(policy.originAllowed("http://127.0.0.1:7380", true)).isTrue();
        assertThat(policy.originAllowed("http://localhost:7380", true)).isTrue();
    }

    @Test
    void aForeignOriginIsRefusedEvenWhereNoneIsNeeded() {
        assertThat(policy.originAllowed("http://evil.example", false)).isFalse();
        assertThat(policy.originAllowed("https://127.0.0.1:7380", false)).isFalse();
        assertThat(policy.originAllowed("http://127.0.0.1:7381", false)).isFalse();
        assertThat(policy.originAllowed("null", false)).isFalse();
    }

    @Test
    void aMissingOriginPassesOnlyWhereNoneIsRequired() {
        assertThat(policy.originAllowed(null, false)).isTrue();
        assertThat(policy.originAllowed(null, true)).isFalse();
    }

    @Test
    void theContentSecurityPolicyAllowsTheDashboardsOwnWebSockets() {
        assertThat(policy.contentSecurityPolicy()).contains("default-src 'self'")
                .contains("connect-src 'self' ws://127.0.0.1:7380 ws://localhost:7380")
                .contains("frame-ancestors 'none'");
    }
}
