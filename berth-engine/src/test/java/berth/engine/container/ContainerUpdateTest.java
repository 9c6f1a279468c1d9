package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.Json;
import berth.api.errors.ConflictException;
import berth.api.errors.InvalidArgumentException;
import berth.api.model.HostConfig;
import org.junit.jupiter.api.Test;

/** The update rules of {@link ContainerResources#merge} and {@link UpdatePolicy}. */
class ContainerUpdateTest {
    private static HostConfig host(String json) throws Exception {
        return Json.mapper().readValue(json, HostConfig.class);
    }

    @Test
    void zeroLeavesALimitAsItIs() throws Exception {
        HostConfig merged = ContainerResources.merge("c", host("{\"Memory\":33554432,\"MemorySwap\":67108864,\"CpuShares\":512}"),
                host("{\"Memory\":0,\"CpuShares\":256,\"PidsLimit\":null}"));
        assertThat(merged.memory()).isEqualTo(33554432L);
        assertThat(merged.cpuShares()).isEqualTo(256L);
    }

    @Test
    void aLiftedPidsLimitIsUnset() throws Exception {
        assertThat(ContainerResources.merge("c", host("{\"PidsLimit\":20}"), host("{\"PidsLimit\":-1}")).pidsLimit()).isNull();
    }

    @Test
    void memoryAboveTheSwapInForceNeedsSwapToo() {
        assertThatThrownBy(() -> ContainerResources.merge("c", host("{\"Memory\":33554432,\"MemorySwap\":67108864}"),
                host("{\"Memory\":134217728}"))).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Cannot update container c: Memory limit should be smaller than already set memoryswap limit,"
                        + " update the memoryswap at the same time");
    }

    @Test
    void cpusCannotReplaceAnExplicitQuota() {
        assertThatThrownBy(() -> ContainerResources.merge("c", host("{\"CpuQuota\":50000}"), host("{\"NanoCpus\":1000000000}")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("Nano CPUs cannot be updated as CPU Quota");
    }

    @Test
    void theDockerClisUpdateBodyPasses() throws Exception {
        UpdatePolicy.check(Json.mapper().readTree("""
                {"CpuShares":0,"Memory":67108864,"NanoCpus":1000000000,"CgroupParent":"","BlkioWeight":0,\
                "BlkioWeightDevice":null,"BlkioDeviceReadBps":null,"CpuRealtimePeriod":0,"CpusetCpus":"","Devices":null,\
                "MemorySwappiness":null,"OomKillDisable":null,"PidsLimit":null,"Ulimits":null,"CpuCount":0,\
                "IOMaximumIOps":0,"RestartPolicy":{"Name":"","MaximumRetryCount":0}}"""));
    }

    @Test
    void fieldsUpdateDoesNotChangeAreRefusedByName() {
        assertThatThrownBy(() -> UpdatePolicy.check(Json.mapper().readTree("{\"OomKillDisable\":true}")))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("OomKillDisable (--oom-kill-disable)");
        assertThatThrownBy(() -> UpdatePolicy.check(Json.mapper().readTree("{\"RestartPolicy\":{\"Name\":\"always\"}}")))
                .hasMessageContaining("RestartPolicy (--restart)");
    }
}
