package berth.daemon.route;

import berth.api.ApiVersion;
import berth.api.model.VersionInfo;
import berth.engine.system.BinaryVersion;
import berth.engine.system.Components;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /_ping} and {@code /version}: the routes that need no engine, so berthd answers them as soon as its socket
 * is bound, while the store is still being opened. /version describes Berth: the Docker-style {@code Version} that
 * tools compare ({@link DaemonVersion}), and as components Berth itself and the runc, conmon and tini it runs, with
 * the versions those binaries report.
 */
public final class VersionRoutes {
    private final Components components;
    private final String kernel = kernelVersion();

    public VersionRoutes(Components components) {
        this.components = components;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/_ping", VersionRoutes::systemPing),
                Route.head("/_ping", VersionRoutes::systemPing),
                Route.get("/version", this::systemVersion));
    }

    static void systemPing(Request request, Response response) {
        response.header("Builder-Version", "1")
                .header("Swarm", "inactive")
                .header("Cache-Control", "no-cache, no-store, must-revalidate")
                .header("Pragma", "no-cache");
        if (request.method().equals("HEAD")) {
            response.header("Content-Type", "text/plain; charset=utf-8").send(200);
        } else {
            response.text(200, "OK");
        }
    }

    void systemVersion(Request request, Response response) {
        response.json(200, version());
    }

    VersionInfo version() {
        String arch = arch(System.getProperty("os.arch"));
        Map<String, String> engine = new LinkedHashMap<>();
        engine.put("ApiVersion", ApiVersion.CURRENT.toString());
        engine.put("MinAPIVersion", ApiVersion.MIN.toString());
        engine.put("Os", "linux");
        engine.put("Arch", arch);
        if (kernel != null) engine.put("KernelVersion", kernel);
        engine.put("Experimental", "false");
        engine.put("JavaVersion", Runtime.version().toString());
        List<VersionInfo.Component> list = new ArrayList<>();
        list.add(new VersionInfo.Component("Engine", DaemonVersion.BERTH, engine));
        component("runc", components.runc()).ifPresent(list::add);
        component("conmon", components.conmon()).ifPresent(list::add);
        component("tini", components.init()).ifPresent(list::add);
        component("netavark", components.netavark()).ifPresent(list::add);
        component("aardvark-dns", components.aardvark()).ifPresent(list::add);
        return new VersionInfo(new VersionInfo.Platform("Berth Engine"), list, DaemonVersion.DOCKER,
                ApiVersion.CURRENT.toString(), ApiVersion.MIN.toString(), null, null, "linux", arch, kernel, null);
    }

    private static Optional<VersionInfo.Component> component(String name, Optional<BinaryVersion> binary) {
        return binary.map(b -> new VersionInfo.Component(name, b.version(),
                b.commit() == null ? Map.of() : Map.of("GitCommit", b.commit())));
    }

    /** Go's GOARCH names, which clients expect. */
    static String arch(String javaArch) {
        return switch (javaArch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> javaArch;
        };
    }

    private static String kernelVersion() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return null;
        }
    }
}
