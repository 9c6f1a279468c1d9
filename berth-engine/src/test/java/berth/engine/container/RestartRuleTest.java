package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import berth.api.model.RestartPolicy;
import org.junit.jupiter.api.Test;

class RestartRuleTest {

    @Test
    void parsesDockersFourPolicies() {
        assertThat(RestartRule.of(new RestartPolicy("no", 0)).mode()).isEqualTo(RestartRule.Mode.NO);
        assertThat(RestartRule.of(new RestartPolicy("always", 0)).mode()).isEqualTo(RestartRule.Mode.ALWAYS);
        assertThat(RestartRule.of(new RestartPolicy("unless-stopped", null)).mode())
                .isEqualTo(RestartRule.Mode.UNLESS_STOPPED);
        assertThat(RestartRule.of(new RestartPolicy("on-failure", 5))).isEqualTo(
                new RestartRule(RestartRule.Mode.ON_FAILURE, 5));
    }

    @Test
    void anEmptyOrMissingPolicyIsNo() {
        assertThat(RestartRule.of((RestartPolicy) null)).isEqualTo(RestartRule.NONE);
        assertThat(RestartRule.of(new RestartPolicy("", 3))).isEqualTo(RestartRule.NONE);
    }

    @Test
    void anUnknownPolicyIsRefusedWithDockersMessage() {
        assertThatThrownBy(() -> RestartRule.of(new RestartPolicy("sometimes", 0)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', "
                        + "'on-failure', or 'unless-stopped'");
    }

    @Test
    void aNegativeRetryCountIsRefused() {
        assertThatThrownBy(() -> RestartRule.of(new RestartPolicy("on-failure", -1)))
                .hasMessage("invalid restart policy: maximum retry count cannot be negative");
        assertThatThrownBy(() -> RestartRule.of(new RestartPolicy("always", -1)))
                .hasMessage("invalid restart policy: maximum retry count can only be used with 'on-failure' "
                        + "and cannot be negative");
    }

    @Test
    void aRetryCountIsOnlyForOnFailure() {
        assertThatThrownBy(() -> RestartRule.of(new RestartPolicy("unless-stopped", 2)))
                .hasMessage("invalid restart policy: maximum retry count can only be used with 'on-failure'");
    }

    @Test
    void alwaysRestartsWhateverTheExitAndWhoStoppedIt() {
        RestartRule always = new RestartRule(RestartRule.Mode.ALWAYS, 0);
        assertThat(always.restarts(0, false, 10)).isTrue();
        assertThat(always.restarts(137, true, 0)).isTrue();
    }

    @Test
    void unlessStoppedDoesNotRestartWhatAClientStopped() {
        RestartRule rule = new RestartRule(RestartRule.Mode.UNLESS_STOPPED, 0);
        assertThat(rule.restarts(0, false, 0)).isTrue();
        assertThat(rule.restarts(143, true, 0)).isFalse();
    }

    @Test
    void onFailureRestartsOnlyANonZeroExitUpToItsCount() {
        RestartRule rule = new RestartRule(RestartRule.Mode.ON_FAILURE, 2);
        assertThat(rule.restarts(0, false, 0)).isFalse();
        assertThat(rule.restarts(1, false, 0)).isTrue();
        assertThat(rule.restarts(1, false, 1)).isTrue();
        assertThat(rule.restarts(1, false, 2)).isFalse();
        assertThat(new RestartRule(RestartRule.Mode.ON_FAILURE, 0).restarts(1, false, 1000)).isTrue();
    }

    @Test
    void noNeverRestarts() {
        assertThat(RestartRule.NONE.restarts(1, false, 0)).isFalse();
    }
}
