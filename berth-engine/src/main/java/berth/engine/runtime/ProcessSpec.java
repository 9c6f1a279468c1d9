package berth.engine.runtime;

import java.nio.file.Path;
import java.util.List;

/** What the OCI spec needs to know about one container's process and host files. */
public record ProcessSpec(
        String id,
        List<String> args,
        List<String> env,
        String cwd,
        int uid,
        int gid,
        List<Integer> additionalGids,
        boolean terminal,
        String hostname,
        Path rootfs,
        Path hostsFile,
        Path hostnameFile,
        Path resolvConfFile,
        boolean readonlyRootfs,
        List<BindMount> binds,
        String domainname,
        Confinement confinement) {

    /** A process with Docker's default confinement and no domain name. */
    public ProcessSpec(String id, List<String> args, List<String> env, String cwd, int uid, int gid,
                       List<Integer> additionalGids, boolean terminal, String hostname, Path rootfs, Path hostsFile,
                       Path hostnameFile, Path resolvConfFile, boolean readonlyRootfs, List<BindMount> binds) {
        this(id, args, env, cwd, uid, gid, additionalGids, terminal, hostname, rootfs, hostsFile, hostnameFile,
                resolvConfFile, readonlyRootfs, binds, "", Confinement.defaults());
    }
}
