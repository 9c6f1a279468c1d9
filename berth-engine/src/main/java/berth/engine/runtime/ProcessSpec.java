package berth.engine.runtime;

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
        java.nio.file.Path rootfs,
        java.nio.file.Path hostsFile,
        java.nio.file.Path hostnameFile,
        java.nio.file.Path resolvConfFile,
        boolean readonlyRootfs,
        List<BindMount> binds) {}
