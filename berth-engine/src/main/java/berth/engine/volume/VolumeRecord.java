package berth.engine.volume;

import java.util.Map;

/** A volume's row: {@code created} in RFC 3339 (UTC, seconds), as Docker shows CreatedAt. */
record VolumeRecord(String name, String driver, String created, Map<String, String> labels,
                    Map<String, String> options, boolean anonymous) {}
