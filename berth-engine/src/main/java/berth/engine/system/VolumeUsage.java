package berth.engine.system;

import java.util.List;

/**
 * What volumes hold on disk, for {@code system df}: one entry per volume in Docker's shape (Name, Driver, Mountpoint,
 * UsageData with Size and RefCount, ...), as the volume service reports it ({@link #NONE}: none, for an engine
 * without one).
 */
@FunctionalInterface
public interface VolumeUsage {
    VolumeUsage NONE = List::of;

    List<Object> volumes();
}
