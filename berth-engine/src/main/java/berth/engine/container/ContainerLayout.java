package berth.engine.container;

import java.nio.file.Path;

/** Where one container's files live: {@code <data-root>/containers/<id>/}, plus a short attach path in the exec root. */
record ContainerLayout(Path dir, Path execRoot, String id) {
    Path rootfs() { return dir.resolve("rootfs"); }
    Path upper() { return dir.resolve("upper"); }
    Path work() { return dir.resolve("work"); }
    Path init() { return dir.resolve("init"); }
    Path hosts() { return dir.resolve("hosts"); }
    Path hostname() { return dir.resolve("hostname"); }
    Path resolvConf() { return dir.resolve("resolv.conf"); }
    Path log() { return dir.resolve("ctr.log"); }
    Path persist() { return dir.resolve("persist"); }
    Path configJson() { return dir.resolve("config.json"); }
    Path conmonPid() { return dir.resolve("conmon.pid"); }
    /** The /dev/shm tmpfs of a shareable-IPC container, mounted on the host so that joiners can bind it. */
    Path shm() { return dir.resolve("shm"); }

    /** A symlink to the bundle dir, so the attach socket's path fits a sockaddr_un (108 bytes) wherever the data root is. */
    Path shortLink() { return execRoot.resolve("a").resolve(id.substring(0, 16)); }
}
