package berth.engine.container;

import berth.engine.sys.Mounts;
import berth.engine.sys.Signals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Start-up recovery, run once before the API accepts requests: half-created containers go; running ones whose conmon
 * is alive stay running; exits that happened while berthd was down are recorded; a start interrupted by a crash has
 * its runc state and mount undone; directories without a row are removed.
 */
final class ContainerRecovery {
    private final LocalContainerService service;

    ContainerRecovery(LocalContainerService service) {
        this.service = service;
    }

    void run() throws IOException {
        ContainerRepository repo = service.repo();
        for (ContainerRepository.Row row : repo.list()) {
            String id = row.record().id();
            ContainerLayout l = service.layout(id);
            switch (row.state().status()) {
                case CREATING, REMOVING -> {
                    service.cleanup().cleanup(id, l);
                    repo.delete(id);
                    ContainerFiles.delete(l.dir());
                }
                case RUNNING -> {
                    Integer code = service.recordedExit(id);
                    if (code != null) service.onExit(id, code);
                    else if (!conmonAlive(l)) service.onExit(id, persistedExit(l));
                }
                default -> {
                    if (service.cleanup().hasRuntimeState(id) || Mounts.isMounted(l.rootfs())) service.cleanup().cleanup(id, l);
                }
            }
        }
        try (var dirs = Files.list(service.containersDir())) {
            for (Path dir : dirs.toList()) {
                if (repo.get(dir.getFileName().toString()).isEmpty()) {
                    Mounts.unmount(dir.resolve("rootfs"));
                    ContainerFiles.delete(dir);
                }
            }
        }
    }

    /**
     * The safety net behind the exit watcher: a running container whose exit was recorded by conmon (its exit file,
     * or conmon gone with persist/exit written) but not seen through inotify is handled now. Runs every few seconds.
     */
    void sweepExits() {
        for (ContainerRepository.Row row : service.repo().list()) {
            if (!row.state().isRunning()) continue;
            String id = row.record().id();
            ContainerLayout l = service.layout(id);
            Integer code = service.recordedExit(id);
            if (code != null) service.onExit(id, code);
            else if (!conmonAlive(l) && Files.exists(l.conmonPid())) service.onExit(id, persistedExit(l));
        }
    }

    private static boolean conmonAlive(ContainerLayout l) {
        try {
            return Signals.isAlive(Integer.parseInt(Files.readString(l.conmonPid()).strip()));
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** conmon's own record of the exit code, or 255 when the container vanished without one. */
    private static int persistedExit(ContainerLayout l) {
        try {
            return Integer.parseInt(Files.readString(l.persist().resolve("exit")).strip());
        } catch (IOException | NumberFormatException e) {
            return 255;
        }
    }
}
