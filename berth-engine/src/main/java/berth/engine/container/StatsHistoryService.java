package berth.engine.container;

import berth.api.model.StatsHistory;
import berth.api.model.StatsSample;
import java.util.Map;

/**
 * The last hour of every container's resource use, sampled by the engine whether or not anyone is looking (Berth's
 * own; the dashboard's charts start with it). A removed container's history goes with it.
 */
public interface StatsHistoryService extends AutoCloseable {

    /** Starts sampling the containers of a container service opened by {@link ContainerService#open}. */
    static StatsHistoryService start(ContainerService containers) {
        return ContainerStatsHistory.start((LocalContainerService) containers);
    }

    /** The kept samples of a container, oldest first (404 for an unknown container; none yet for a new one). */
    StatsHistory history(String nameOrId);

    /** The latest sample of each running container, by full ID. */
    Map<String, StatsSample> latest();

    @Override
    void close();
}
