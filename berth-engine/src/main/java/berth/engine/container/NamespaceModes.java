package berth.engine.container;

import berth.api.errors.ConflictException;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import berth.api.model.HostConfig;
import berth.engine.runtime.Isolation;
import berth.engine.runtime.Isolation.Namespace;
import java.nio.file.Path;

/**
 * {@code --pid}, {@code --ipc} and {@code --uts}: which of the container's PID, IPC and UTS namespaces are its own,
 * the host's, or another running container's. IPC modes are Docker's: private and shareable are the container's own
 * (only a shareable one may be joined, and it keeps its /dev/shm on the host so that joiners can bind it), host shares
 * the host's namespace and /dev/shm, none has no /dev/shm at all, container:X joins X's namespace and /dev/shm.
 */
final class NamespaceModes {
    private static final String CONTAINER = "container:";

    /** What a start needs to know of the container another one joins. */
    record Peer(String id, boolean running, int pid, String ipcMode, Path shm) {}

    /** Finds a container by name or id; throws NotFoundException when there is none. */
    interface Peers {
        Peer find(String nameOrId);
    }

    private NamespaceModes() {}

    /** Checks the modes at create: known values, no hostname with the host's UTS namespace, joined containers exist. */
    static void validate(HostConfig h, String requestedHostname, Peers peers) {
        String pid = orEmpty(h.pidMode());
        if (!pid.isEmpty() && !pid.equals("host") && target(pid) == null) {
            throw new InvalidArgumentException("invalid --pid: \"" + pid + "\" (supported: host, container:<name|id>)");
        }
        String ipc = orEmpty(h.ipcMode());
        if (!ipc.isEmpty() && !ipc.equals("private") && !ipc.equals("shareable") && !ipc.equals("host")
                && !ipc.equals("none") && target(ipc) == null) {
            throw new InvalidArgumentException("invalid --ipc: \"" + ipc
                    + "\" (supported: private, shareable, host, none, container:<name|id>)");
        }
        String uts = orEmpty(h.utsMode());
        if (!uts.isEmpty() && !uts.equals("host")) {
            throw new InvalidArgumentException("invalid --uts: \"" + uts + "\" (supported: host)");
        }
        if (uts.equals("host") && requestedHostname != null && !requestedHostname.isEmpty()) {
            throw new InvalidArgumentException("conflicting options: hostname and the UTS mode");
        }
        exists(peers, target(pid), "--pid");
        exists(peers, target(ipc), "--ipc");
    }

    /** A 400, not a 404: the docker CLI takes any 404 from create for a missing image and would try to pull. */
    private static void exists(Peers peers, String name, String flag) {
        if (name == null) return;
        try {
            peers.find(name);
        } catch (NotFoundException e) {
            throw new InvalidArgumentException("invalid " + flag + ": no such container: " + name);
        }
    }

    static Namespace pid(HostConfig h, Peers peers) {
        String mode = orEmpty(h.pidMode());
        if (mode.equals("host")) return Namespace.HOST;
        if (target(mode) == null) return Namespace.PRIVATE;
        Peer p = running(peers, target(mode), "PID");
        return Namespace.join("/proc/" + p.pid() + "/ns/pid");
    }

    static Namespace uts(HostConfig h) {
        return "host".equals(h.utsMode()) ? Namespace.HOST : Namespace.PRIVATE;
    }

    static Namespace ipc(HostConfig h, Peers peers) {
        String mode = orEmpty(h.ipcMode());
        if (mode.equals("host")) return Namespace.HOST;
        if (target(mode) == null) return Namespace.PRIVATE;
        return Namespace.join("/proc/" + donor(peers, target(mode)).pid() + "/ns/ipc");
    }

    /** /dev/shm for the IPC mode; {@code ownShm} is where a shareable container keeps its own. */
    static Isolation.Shm shm(HostConfig h, Peers peers, Path ownShm) {
        String mode = orEmpty(h.ipcMode());
        return switch (mode) {
            case "host" -> Isolation.Shm.bind("/dev/shm");
            case "none" -> Isolation.Shm.NONE;
            case "shareable" -> Isolation.Shm.bind(ownShm.toString());
            default -> target(mode) == null ? Isolation.Shm.PRIVATE
                    : Isolation.Shm.bind(donor(peers, target(mode)).shm().toString());
        };
    }

    static boolean shareable(HostConfig h) {
        return "shareable".equals(h.ipcMode());
    }

    private static Peer donor(Peers peers, String name) {
        Peer p = running(peers, name, "IPC");
        if (!"shareable".equals(p.ipcMode())) {
            throw new ConflictException("non-shareable IPC (hint: use IpcMode:shareable for the donor container)");
        }
        return p;
    }

    private static Peer running(Peers peers, String name, String what) {
        Peer p = peers.find(name);
        if (!p.running() || p.pid() <= 0) {
            throw new ConflictException("cannot join " + what + " of a non running container: " + name);
        }
        return p;
    }

    private static String target(String mode) {
        if (!mode.startsWith(CONTAINER) || mode.length() == CONTAINER.length()) return null;
        return mode.substring(CONTAINER.length());
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
