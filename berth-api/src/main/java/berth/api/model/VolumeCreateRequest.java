package berth.api.model;

import java.util.Map;

/** The body of {@code POST /volumes/create}; absent fields are null (ClusterVolumeSpec is swarm's, refused). */
public record VolumeCreateRequest(String name, String driver, Map<String, String> driverOpts,
                                  Map<String, String> labels, Object clusterVolumeSpec) {}
