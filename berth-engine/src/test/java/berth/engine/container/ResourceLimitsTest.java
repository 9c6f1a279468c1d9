package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.Json;
import berth.api.errors.InvalidArgumentException;
import berth.api.model.HostConfig;
import berth.engine.cgroup.CgroupLimits;
import berth.engine.runtime.CgroupResources;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceLimitsTest {
    /** This machine's v1 kernel: everything but block I/O weights, CPUs 0-1, one memory node. */
    private static final CgroupLimits V1 = new CgroupLimits(1, true, true, true, true, true, true, true, true, false,
            false, true, "0-1", "0");
    private final ResourceLimits limits = new ResourceLimits(V1, 2);

    private static HostConfig host(String json) throws Exception {
        return Json.mapper().readValue(json, HostConfig.class);
    }

    private void refused(String json, String message) {
        assertThatThrownBy(() -> limits.validate(host(json), false)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void memoryBelowSixMegabytesIsRefused() {
        refused("{\"Memory\":1024}", "Minimum memory limit allowed is 6MB");
    }

    @Test
    void cpusOutsideTheMachineAreRefused() {
        refused("{\"NanoCpus\":99000000000}", "range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available");
        refused("{\"NanoCpus\":-1000000000}", "range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available");
    }

    @Test
    void swapNeedsMemoryAndMustNotBeBelowIt() {
        refused("{\"MemorySwap\":67108864}", "You should always set the Memory limit when using Memoryswap limit, see usage");
        refused("{\"Memory\":67108864,\"MemorySwap\":33554432}",
                "Minimum memoryswap limit should be larger than memory limit, see usage");
    }

    @Test
    void reservationAboveTheLimitIsRefused() {
        refused("{\"Memory\":16777216,\"MemoryReservation\":33554432}",
                "Minimum memory limit can not be less than memory reservation limit, see usage");
    }

    @Test
    void cpusAndAnExplicitQuotaExcludeEachOther() {
        refused("{\"NanoCpus\":500000000,\"CpuQuota\":50000}",
                "Conflicting options: Nano CPUs and CPU Quota cannot both be set");
        refused("{\"CpuPeriod\":500}", "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
    }

    @Test
    void cpusetsAreCheckedAgainstTheMachine() {
        refused("{\"CpusetCpus\":\"3\"}", "Requested CPUs are not available - requested 3, available: 0-1");
        refused("{\"CpusetCpus\":\"1-\"}", "Invalid value 1- for cpuset cpus: invalid format: 1-");
        refused("{\"CpusetMems\":\"1\"}", "Requested memory nodes are not available - requested 1, available: 0");
    }

    @Test
    void aLimitTheKernelCannotApplyIsRefusedNotDropped() {
        assertThatThrownBy(() -> limits.validate(host("{\"BlkioWeight\":300}"), false))
                .hasMessageContaining("Block I/O weight").hasMessageContaining("--blkio-weight");
    }

    @Test
    void aThrottledPathThatIsNoDeviceIsRefused() {
        assertThatThrownBy(() -> limits.validate(host("{\"BlkioDeviceReadBps\":[{\"Path\":\"/nonexistent\",\"Rate\":1}]}"), false))
                .hasMessage("stat /nonexistent: no such file or directory");
        assertThatThrownBy(() -> limits.validate(host("{\"BlkioDeviceReadBps\":[{\"Path\":\"/dev/null\",\"Rate\":1}]}"), false))
                .hasMessage("/dev/null is not a block device");
    }

    @Test
    void cpusBecomeAQuotaOverAHundredMillisecondPeriod() throws Exception {
        CgroupResources r = limits.resources(host("{\"NanoCpus\":1500000000}"));
        assertThat(r.cpuQuota()).isEqualTo(150_000L);
        assertThat(r.cpuPeriod()).isEqualTo(100_000L);
    }

    @Test
    void inForceSwapIsTwiceTheMemoryWhenNotGiven() throws Exception {
        HostConfig h = ResourceLimits.inForce(host("{\"Memory\":33554432}"));
        assertThat(h.memorySwap()).isEqualTo(67108864L);
        assertThat(limits.resources(h).memorySwap()).isEqualTo(67108864L);
        assertThat(ResourceLimits.inForce(host("{\"Memory\":33554432,\"MemorySwap\":-1}")).memorySwap()).isEqualTo(-1L);
    }

    @Test
    void noLimitsAskForNoResources() throws Exception {
        assertThat(limits.resources(host("{\"PidsLimit\":-1,\"Memory\":0}")).toOci()).isEqualTo(Map.of());
    }

    @Test
    void cpusetListsExpandRanges() {
        assertThat(ResourceLimits.parseList("0-2,5")).containsExactly(0, 1, 2, 5);
    }
}
