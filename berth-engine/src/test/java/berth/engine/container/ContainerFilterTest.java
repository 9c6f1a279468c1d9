package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerFilterTest {
    private static final ContainerRepository.Row WEB = Rows.row("ab12".repeat(16), "web-1", Map.of("tier", "front"),
            Rows.running("2026-11-23T09:00:00Z"), "httpd", List.of());
    private static final ContainerRepository.Row JOB = Rows.row("cd34".repeat(16), "job", Map.of(),
            Rows.exited(3, "2026-11-23T09:00:00Z"), "true", List.of());

    private static boolean matches(Map<String, List<String>> filters, ContainerRepository.Row row) {
        return ContainerFilter.of(filters, name -> name.equals("busybox") ? "sha256:" + "e".repeat(64) : "").matches(row);
    }

    @Test
    void statusMatchesDockersStateWord() {
        assertThat(matches(Map.of("status", List.of("running")), WEB)).isTrue();
        assertThat(matches(Map.of("status", List.of("running")), JOB)).isFalse();
    }

    @Test
    void nameIsASubstringOrRegexSearch() {
        assertThat(matches(Map.of("name", List.of("eb")), WEB)).isTrue();
        assertThat(matches(Map.of("name", List.of("^/web-[0-9]$")), WEB)).isTrue();
        assertThat(matches(Map.of("name", List.of("^web-1$")), WEB)).isTrue();
        assertThat(matches(Map.of("name", List.of("^eb")), WEB)).isFalse();
    }

    @Test
    void aBadNameExpressionIsRefusedNamingIt() {
        assertThatThrownBy(() -> matches(Map.of("name", List.of("[")), WEB))
                .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("invalid filter 'name=['");
    }

    @Test
    void anExitedValueThatIsNoExitCodeIsRefused() {
        assertThatThrownBy(() -> matches(Map.of("exited", List.of("abc")), JOB))
                .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("invalid filter 'exited=abc'");
    }

    @Test
    void isTaskTakesOnlyABoolean() {
        assertThat(matches(Map.of("is-task", List.of("false")), WEB)).isTrue();
        assertThat(matches(Map.of("is-task", List.of("true")), WEB)).isFalse();
        assertThatThrownBy(() -> matches(Map.of("is-task", List.of("maybe")), WEB))
                .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("invalid filter 'is-task=maybe'");
    }

    @Test
    void healthIsNoneForEveryContainerAndUnknownHealthValuesAreRefused() {
        assertThat(matches(Map.of("health", List.of("none")), WEB)).isTrue();
        assertThat(matches(Map.of("health", List.of("healthy")), WEB)).isFalse();
        assertThatThrownBy(() -> matches(Map.of("health", List.of("great")), WEB))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("Unrecognised filter value for health: great");
    }

    @Test
    void filterKeysBerthCannotApplyAreRefused() {
        for (String key : List.of("isolation", "volumes")) {
            assertThatThrownBy(() -> matches(Map.of(key, List.of("x")), WEB))
                    .isInstanceOf(InvalidArgumentException.class).hasMessage("invalid filter '" + key + "'");
        }
    }

    @Test
    void volumeMatchesAVolumesNameABindsSourceOrAMountsDestination() {
        java.util.function.Function<ContainerFilter, ContainerFilter> mounts = f -> f.withMounts(r -> r == WEB.record()
                ? List.of(new berth.api.model.MountPoint("volume", "webdata", "/var/lib/berth/volumes/webdata/_data",
                        "/srv", "local", "z", true, ""),
                        new berth.api.model.MountPoint("bind", "", "/etc/web", "/etc/conf", "", "", false, "rprivate"))
                : List.of());
        for (String value : List.of("webdata", "/srv", "/etc/web", "/etc/conf")) {
            assertThat(mounts.apply(ContainerFilter.of(Map.of("volume", List.of(value)), name -> "")).matches(WEB))
                    .as(value).isTrue();
            assertThat(mounts.apply(ContainerFilter.of(Map.of("volume", List.of(value)), name -> "")).matches(JOB))
                    .as(value).isFalse();
        }
        assertThat(mounts.apply(ContainerFilter.of(Map.of("volume", List.of("other")), name -> "")).matches(WEB)).isFalse();
    }

    private static ContainerFilter withNetworks(Map<String, List<String>> filters) {
        // WEB: on "front" (id 5eed...), publishing 8080->80/tcp and exposing 53/udp unpublished
        return ContainerFilter.of(filters, name -> "").withNetworks(
                r -> r == WEB.record() ? Map.of("front", "5eed".repeat(16)) : Map.of("none", "0ff".repeat(21) + "0"),
                r -> r == WEB.record() ? List.of(Map.of("IP", "0.0.0.0", "PrivatePort", 80, "PublicPort", 8080, "Type", "tcp"),
                        Map.of("PrivatePort", 53, "Type", "udp")) : List.of());
    }

    @Test
    void networkMatchesANetworksExactNameOrAPrefixOfItsId() {
        assertThat(withNetworks(Map.of("network", List.of("front"))).matches(WEB)).isTrue();
        assertThat(withNetworks(Map.of("network", List.of("5eed5e"))).matches(WEB)).isTrue();
        assertThat(withNetworks(Map.of("network", List.of("fro"))).matches(WEB)).isFalse();
        assertThat(withNetworks(Map.of("network", List.of("front"))).matches(JOB)).isFalse();
        assertThat(withNetworks(Map.of("network", List.of("back", "none"))).matches(JOB)).isTrue();
    }

    @Test
    void publishMatchesHostPortsAndExposeContainerPortsWithRangesAndProtocols() {
        assertThat(withNetworks(Map.of("publish", List.of("8080"))).matches(WEB)).isTrue();
        assertThat(withNetworks(Map.of("publish", List.of("8000-8100/tcp"))).matches(WEB)).isTrue();
        assertThat(withNetworks(Map.of("publish", List.of("8080/udp"))).matches(WEB)).isFalse();
        assertThat(withNetworks(Map.of("publish", List.of("80"))).matches(WEB)).isFalse();
        assertThat(withNetworks(Map.of("expose", List.of("80"))).matches(WEB)).isTrue();
        assertThat(withNetworks(Map.of("expose", List.of("50-60/udp"))).matches(WEB)).isTrue();
        assertThat(withNetworks(Map.of("expose", List.of("53"))).matches(WEB)).isFalse();
        assertThat(withNetworks(Map.of("expose", List.of("80"))).matches(JOB)).isFalse();
    }

    @Test
    void aContainerMatchingEitherPublishOrExposePasses() {
        assertThat(withNetworks(Map.of("publish", List.of("9999"), "expose", List.of("80"))).matches(WEB)).isTrue();
    }

    @Test
    void aPortFilterWithAColonOrABadRangeIsRefused() {
        assertThatThrownBy(() -> withNetworks(Map.of("publish", List.of("127.0.0.1:80"))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("filter for 'publish' should not contain ':': 127.0.0.1:80");
        assertThatThrownBy(() -> withNetworks(Map.of("expose", List.of("90-80"))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("error while looking up for expose 90-80");
    }

    private static ContainerRepository.Row createdAt(String name, String created) {
        ContainerRecord r = WEB.record();
        return new ContainerRepository.Row(new ContainerRecord(name.repeat(64 / name.length()), name, r.imageId(),
                r.imageName(), created, r.config(), r.hostConfig(), r.path(), r.args()), WEB.state());
    }

    @Test
    void beforeAndSinceCompareCreationTimesWithTheNamedContainer() {
        var first = createdAt("a", "2026-11-23T09:00:00.1Z");
        var middle = createdAt("b", "2026-11-23T09:00:00.12Z");
        var last = createdAt("c", "2026-11-23T09:00:01Z");
        java.util.function.Function<String, ContainerRecord> byName = n -> switch (n) {
            case "a" -> first.record();
            case "b" -> middle.record();
            default -> last.record();
        };
        ContainerFilter before = ContainerFilter.of(Map.of("before", List.of("b")), x -> "", byName);
        ContainerFilter since = ContainerFilter.of(Map.of("since", List.of("b")), x -> "", byName);
        assertThat(List.of(first, middle, last).stream().filter(before::matches).map(r -> r.record().name())).containsExactly("a");
        assertThat(List.of(first, middle, last).stream().filter(since::matches).map(r -> r.record().name())).containsExactly("c");
    }

    @Test
    void labelMatchesKeyOrKeyAndValue() {
        assertThat(matches(Map.of("label", List.of("tier")), WEB)).isTrue();
        assertThat(matches(Map.of("label", List.of("tier=front")), WEB)).isTrue();
        assertThat(matches(Map.of("label", List.of("tier=back")), WEB)).isFalse();
    }

    @Test
    void idIsAPrefix() {
        assertThat(matches(Map.of("id", List.of("ab12ab")), WEB)).isTrue();
        assertThat(matches(Map.of("id", List.of("b12")), WEB)).isFalse();
    }

    @Test
    void exitedMatchesTheExitCodeOfExitedContainers() {
        assertThat(matches(Map.of("exited", List.of("3")), JOB)).isTrue();
        assertThat(matches(Map.of("exited", List.of("0")), JOB)).isFalse();
    }

    @Test
    void ancestorMatchesTheImageNameOrItsId() {
        assertThat(matches(Map.of("ancestor", List.of("busybox")), WEB)).isTrue();
        assertThat(matches(Map.of("ancestor", List.of("eeee")), WEB)).isTrue();
        assertThat(matches(Map.of("ancestor", List.of("alpine")), WEB)).isFalse();
    }

    @Test
    void valuesOfOneKeyAreAlternativesAndKeysMustAllMatch() {
        assertThat(matches(Map.of("status", List.of("exited", "running"), "name", List.of("web")), WEB)).isTrue();
        assertThat(matches(Map.of("status", List.of("exited"), "name", List.of("web")), WEB)).isFalse();
    }

    @Test
    void unknownFilterKeyIsRefused() {
        assertThatThrownBy(() -> ContainerFilter.of(Map.of("colour", List.of("red")), n -> ""))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("invalid filter 'colour'");
    }

    @Test
    void unknownStatusIsRefused() {
        assertThatThrownBy(() -> ContainerFilter.of(Map.of("status", List.of("sleeping")), n -> ""))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("invalid filter 'status=sleeping'");
    }
}
