package berth.engine.container;

import berth.api.errors.ConflictException;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import berth.api.model.ContainerPruneResponse;
import berth.engine.image.FilterTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code docker container prune}: removes the containers that are created or exited (never running, restarting or
 * being removed), filtered by moby's keys {@code until} (created before a time or a duration ago), {@code label}
 * and {@code label!}. SpaceReclaimed is what their writable layers held. One {@code prune} event follows.
 */
final class ContainerPrune {
    private static final Set<String> KEYS = Set.of("until", "label", "label!");

    private final LocalContainerService containers;

    ContainerPrune(LocalContainerService containers) {
        this.containers = containers;
    }

    ContainerPruneResponse prune(Map<String, List<String>> filters, boolean dryRun) {
        Map<String, List<String>> f = filters == null ? Map.of() : filters;
        for (String key : f.keySet()) {
            if (!KEYS.contains(key)) throw new InvalidArgumentException("invalid filter '" + key + "'");
        }
        List<String> untilValues = f.getOrDefault("until", List.of());
        if (untilValues.size() > 1) throw new InvalidArgumentException("invalid filter 'until': more than one value");
        Instant until = untilValues.isEmpty() ? null : FilterTime.parse(untilValues.getFirst(), Instant.now());
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (ContainerRepository.Row row : containers.repo().list()) {
            ContainerRecord r = row.record();
            ContainerStatus status = row.state().status();
            if (status != ContainerStatus.CREATED && status != ContainerStatus.EXITED && status != ContainerStatus.DEAD) {
                continue;
            }
            if (containers.restarts().isRestarting(r.id())) continue;
            if (until != null && !Instant.parse(r.created()).isBefore(until)) continue;
            Map<String, String> labels = r.config().labels() == null ? Map.of() : r.config().labels();
            if (!allMatch(f.getOrDefault("label", List.of()), labels)) continue;
            List<String> not = f.getOrDefault("label!", List.of());
            if (!not.isEmpty() && allMatch(not, labels)) continue;
            long size = ContainerViews.writtenBytes(containers.layouts().of(r.id()).upper()) + logBytes(r.id());
            if (dryRun) {
                deleted.add(r.id());
                reclaimed += size;
                continue;
            }
            try {
                containers.remove(r.id(), false, false);
            } catch (ConflictException | NotFoundException e) {
                continue; // started, or removed, meanwhile
            }
            deleted.add(r.id());
            reclaimed += size;
        }
        if (!dryRun) containers.events().publishGlobal("prune", Map.of("reclaimed", Long.toString(reclaimed)));
        return new ContainerPruneResponse(deleted.isEmpty() ? null : deleted, reclaimed);
    }

    /** The container's log files (the one conmon writes and the rotated ones), which go with it. */
    private long logBytes(String id) {
        java.nio.file.Path dir = containers.layouts().of(id).upper().getParent();
        long total = 0;
        try (var files = java.nio.file.Files.newDirectoryStream(dir, "ctr.log*")) {
            for (java.nio.file.Path f : files) {
                if (f.getFileName().toString().equals("ctr.log.hold")) continue; // a second name of ctr.log
                var a = java.nio.file.Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (a.isRegularFile()) total += a.size();
            }
        } catch (java.io.IOException e) {
            return total; // gone meanwhile: nothing to reclaim
        }
        return total;
    }

    /** moby's MatchKVList: every "key" or "key=value" given holds for the labels. */
    private static boolean allMatch(List<String> wanted, Map<String, String> labels) {
        for (String w : wanted) {
            int eq = w.indexOf('=');
            boolean ok = eq < 0 ? labels.containsKey(w) : w.substring(eq + 1).equals(labels.get(w.substring(0, eq)));
            if (!ok) return false;
        }
        return true;
    }
}
