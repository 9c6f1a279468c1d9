package berth.engine.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PredefinedArgsTest {
    @Test
    void proxiesInBothCasesArePredefined() {
        assertThat(PredefinedArgs.PROXIES).contains("HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY");
        assertThat(PredefinedArgs.isProxy("https_proxy")).isTrue();
        assertThat(PredefinedArgs.isProxy("PATH")).isFalse();
    }

    @Test
    void platformArgsArePredefined() {
        assertThat(PredefinedArgs.PLATFORM).containsExactly("TARGETPLATFORM", "TARGETOS", "TARGETARCH",
                "TARGETVARIANT", "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT");
        assertThat(PredefinedArgs.ALL).hasSize(18);
    }
}
