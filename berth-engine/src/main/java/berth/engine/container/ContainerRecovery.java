package berth.engine.container;

import berth.engine.layer.Trees;
import berth.engine.sys.Mounts;
import berth.engine.sys.ProcessStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Start-up recovery, run once before the API accepts requests: half-created containers go; running ones whose
 * process is alive stay running; exits that happened while berthd was down are recorded; runs of an earlier boot are
 * ended without signalling anything; a start interrupted by a crash has its runc state and mount undone; directories
 * without a row are removed.
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
            ContainerLayout l = service.layouts().of(id);
            switch (row.state().status()) {
                case CREATING, REMOVING -> {
                    service.cleanup().cleanup(id, l);
                    repo.delete(id);
                    Trees.delete(l.dir());
                }
                case RUNNING -> recoverRun(row, l);
                default -> {
                    if (service.cleanup().hasRuntimeState(id) || Mounts.isMounted(l.rootfs())) service.cleanup().cleanup(id, l);
                }
            }
        }
        try (var dirs = Files.list(service.layouts().containersDir())) {
            for (Path dir : dirs.toList()) {
                if (repo.get(dir.getFileName().toString()).isEmpty()) {
                    Mounts.unmount(dir.resolve("rootfs"));
                    Trees.delete(dir);
                }
            }
        }
    }

    private void recoverRun(ContainerRepository.Row row, ContainerLayout l) {
        RuntimeState st = row.state();
        if (st.bootId().isEmpty()) {
            st = adoptLegacy(row, l);
            if (st == null) return;
        }
        if (!st.bootId().equals(service.runs().bootId())) {
            service.runs().endedByReboot(row);
            return;
        }
        service.runs().reconcile(row.record().id(), st.generation());
    }

    /**
     * A run recorded before runs had identities (no boot id, no start time): if its pid is still a child of its
     * conmon, that process is the run's and its identity is recorded now; otherwise the run is ended as after a
     * reboot, without signalling the pid.
     */
    private RuntimeState adoptLegacy(ContainerRepository.Row row, ContainerLayout l) {
        RuntimeState st = row.state();
        if (!RunProcess.alive(st, service.runs().bootId(), l)) {
            service.runs().endedByReboot(row);
            return null;
        }
        RuntimeState adopted = new RuntimeState(st.status(), st.pid(), st.exitCode(), st.startedAt(), st.finishedAt(),
                st.oomKilled(), st.error(), st.restartCount(), st.generation(),
                ProcessStat.of(st.pid()).map(ProcessStat::startTime).orElse(0L), service.runs().bootId());
        service.repo().updateRun(row.record().id(), st.generation(), adopted);
        return adopted;
    }

    /**
     * The safety net behind the exit watcher, every few seconds: a running container whose process is gone and
     * whose exit was not seen through inotify is reconciled now. Each call names the run it looked at, so that it
     * never acts on a run that started after it read the rows.
     */
    void sweepExits() {
        for (ContainerRepository.Row row : service.repo().list()) {
            if (row.state().isRunning()) service.runs().reconcile(row.record().id(), row.state().generation());
        }
    }
}
