package berth.engine.system;

import java.util.List;

/**
 * What volumes hold on disk, for {@code system df}: one entry per volume in Docker's shape (Name, Driver, Mountpoint,
 * UsageData with Size and RefCount, ...). Berth has no volumes yet: {@link #NONE} lists none. The volume service
 * provides its own when it lands, and {@code system prune --volumes} becomes possible with it.
 */
@FunctionalInterface
public interface VolumeUsage {
    VolumeUsage NONE = List::of;

    List<Object> volumes();
}
