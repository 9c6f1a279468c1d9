package berth.engine.store;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema as an ordered list of migrations (containerd's migrations.go). The version is SQLite's
 * {@code user_version}; a database newer than this code is refused rather than guessed at (as Podman does).
 * Append new migrations; never edit a released one.
 */
final class Schema {
    static final List<String> MIGRATIONS = List.of(
            // 1: images, tags, layers, containers
            """
            CREATE TABLE layers (
              chain_id   TEXT PRIMARY KEY,
              diff_id    TEXT NOT NULL,
              parent     TEXT REFERENCES layers(chain_id),
              dir        TEXT NOT NULL UNIQUE,
              size       INTEGER NOT NULL DEFAULT 0,
              state      TEXT NOT NULL CHECK (state IN ('creating', 'ready')),
              created    INTEGER NOT NULL
            );
            CREATE TABLE images (
              id              TEXT PRIMARY KEY,
              manifest_digest TEXT NOT NULL,
              top_layer       TEXT REFERENCES layers(chain_id),
              size            INTEGER NOT NULL,
              created         INTEGER NOT NULL
            );
            CREATE TABLE tags (
              name     TEXT PRIMARY KEY,
              image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE
            );
            CREATE TABLE repo_digests (
              name     TEXT PRIMARY KEY,
              image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE
            );
            CREATE TABLE containers (
              id        TEXT PRIMARY KEY,
              name      TEXT NOT NULL UNIQUE,
              image_id  TEXT NOT NULL REFERENCES images(id),
              created   INTEGER NOT NULL,
              config    TEXT NOT NULL
            );
            CREATE TABLE container_state (
              id          TEXT PRIMARY KEY REFERENCES containers(id) ON DELETE CASCADE,
              status      TEXT NOT NULL CHECK (status IN ('creating', 'created', 'running', 'exited', 'dead', 'removing')),
              pid         INTEGER NOT NULL DEFAULT 0,
              exit_code   INTEGER NOT NULL DEFAULT 0 CHECK (exit_code BETWEEN -1 AND 255),
              started_at  TEXT,
              finished_at TEXT,
              oom_killed  INTEGER NOT NULL DEFAULT 0,
              error       TEXT NOT NULL DEFAULT '',
              restart_count INTEGER NOT NULL DEFAULT 0
            );
            """,
            // 2: when an image was last tagged (Docker's Metadata.LastTagTime), nanoseconds since the epoch; and
            // whether rmi deleted it while stopped containers still use it (kept for them, invisible otherwise)
            """
            ALTER TABLE images ADD COLUMN last_tag_time INTEGER;
            ALTER TABLE images ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
            """,
            // 3: a container run's identity: its number, its process's start time, the boot it ran in
            """
            ALTER TABLE container_state ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE container_state ADD COLUMN pid_start INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE container_state ADD COLUMN boot_id TEXT NOT NULL DEFAULT '';
            """,
            // 4: a container stopped by a client (docker stop/kill) rather than by its own exit, for the
            // unless-stopped restart policy when berthd starts again
            """
            ALTER TABLE container_state ADD COLUMN stopped_by_user INTEGER NOT NULL DEFAULT 0;
            """,
            // 5: networks; a container's endpoints (its configured membership of networks); addresses leased to
            // containers, unique per network; and the sandbox of a run (its namespace and what netavark set up);
            // leases and sandboxes outlive a removed container until the teardown of its last run is done
            """
            CREATE TABLE networks (
              id      TEXT PRIMARY KEY,
              name    TEXT NOT NULL UNIQUE,
              created TEXT NOT NULL,
              config  TEXT NOT NULL
            );
            CREATE TABLE endpoints (
              container_id TEXT NOT NULL REFERENCES containers(id) ON DELETE CASCADE,
              network_id   TEXT NOT NULL REFERENCES networks(id),
              position     INTEGER NOT NULL,
              config       TEXT NOT NULL,
              PRIMARY KEY (container_id, network_id)
            );
            CREATE TABLE ip_leases (
              network_id   TEXT NOT NULL REFERENCES networks(id),
              address      TEXT NOT NULL,
              container_id TEXT NOT NULL,
              PRIMARY KEY (network_id, address),
              UNIQUE (network_id, container_id)
            );
            CREATE TABLE sandboxes (
              container_id TEXT PRIMARY KEY,
              netns        TEXT NOT NULL,
              setup        TEXT NOT NULL,
              closing      INTEGER NOT NULL DEFAULT 0
            );
            """,
            // 6: IPv6 addresses leased to containers on networks created with --ipv6, as ip_leases (a container has
            // one of each on such a network)
            """
            CREATE TABLE ip6_leases (
              network_id   TEXT NOT NULL REFERENCES networks(id),
              address      TEXT NOT NULL,
              container_id TEXT NOT NULL,
              PRIMARY KEY (network_id, address),
              UNIQUE (network_id, container_id)
            );
            """,
            // 7: a container's health check state (inspect's State.Health as JSON: status, failing streak, last
            // results), so that it survives a berthd restart
            """
            CREATE TABLE container_health (
              container_id TEXT PRIMARY KEY REFERENCES containers(id) ON DELETE CASCADE,
              health       TEXT NOT NULL
            );
            """,
            // 8: the builder's step cache: a step's key (its parent, its instruction after substitution, the build args
            // it uses, the content of the files it reads) to the image it produced; slot and inputs tell why a step
            // missed (--explain); the image's manifest and top layer are roots of garbage collection
            """
            CREATE TABLE build_cache (
              key             TEXT PRIMARY KEY,
              slot            TEXT NOT NULL,
              parent          TEXT NOT NULL,
              image_id        TEXT NOT NULL,
              manifest_digest TEXT NOT NULL,
              top_layer       TEXT,
              inputs          TEXT NOT NULL,
              created         INTEGER NOT NULL,
              last_used       INTEGER NOT NULL
            );
            CREATE INDEX build_cache_slot ON build_cache(slot, last_used);
            """,
            // 9: volumes of the local driver, and every mount of a container as resolved at create; a mount of a
            // volume names it, so that a volume in use cannot be deleted (the foreign key refuses it)
            """
            CREATE TABLE volumes (
              name      TEXT PRIMARY KEY,
              driver    TEXT NOT NULL,
              created   TEXT NOT NULL,
              labels    TEXT NOT NULL,
              options   TEXT NOT NULL,
              anonymous INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE container_mounts (
              container_id TEXT NOT NULL REFERENCES containers(id) ON DELETE CASCADE,
              position     INTEGER NOT NULL,
              volume       TEXT REFERENCES volumes(name),
              spec         TEXT NOT NULL,
              PRIMARY KEY (container_id, position)
            );
            CREATE INDEX container_mounts_by_volume ON container_mounts(volume);
            """);

    private Schema() {}

    static void migrate(Database db) {
        db.update(c -> {
            int version;
            try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version > MIGRATIONS.size()) {
                throw new SQLException("database schema version " + version + " is newer than this berthd ("
                        + MIGRATIONS.size() + "); refusing to touch it");
            }
            for (int i = version; i < MIGRATIONS.size(); i++) {
                try (Statement s = c.createStatement()) {
                    for (String stmt : MIGRATIONS.get(i).split(";\\s*\\n")) {
                        if (!stmt.isBlank()) s.execute(stmt);
                    }
                    s.execute("PRAGMA user_version = " + (i + 1));
                }
            }
        });
    }
}
