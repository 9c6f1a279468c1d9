package berth.engine.system;

import berth.engine.EngineConfig;
import java.util.Optional;

/**
 * The programs Berth runs containers with, and their versions as the binaries report them. Each binary is asked
 * once, on first use: nothing here runs at start-up.
 */
public final class Components {
    private final EngineConfig config;
    private volatile Probed probed;

    public Components(EngineConfig config) {
        this.config = config;
    }

    public Optional<BinaryVersion> runc() {
        return probed().runc();
    }

    public Optional<BinaryVersion> conmon() {
        return probed().conmon();
    }

    /** tini, when installed: what {@code --init} runs. */
    public Optional<BinaryVersion> init() {
        return probed().init();
    }

    /** netavark and aardvark-dns: what connects containers to networks and answers their DNS queries. */
    public Optional<BinaryVersion> netavark() {
        return probed().netavark();
    }

    public Optional<BinaryVersion> aardvark() {
        return probed().aardvark();
    }

    private Probed probed() {
        Probed p = probed;
        if (p == null) {
            synchronized (this) {
                if (probed == null) {
                    probed = new Probed(BinaryVersion.probe(config.runc()), BinaryVersion.probe(config.conmon()),
                            InitBinary.find().flatMap(BinaryVersion::probe), BinaryVersion.probe(config.network().netavark()),
                            BinaryVersion.probe(config.network().aardvark()));
                }
                p = probed;
            }
        }
        return p;
    }

    private record Probed(Optional<BinaryVersion> runc, Optional<BinaryVersion> conmon, Optional<BinaryVersion> init,
                          Optional<BinaryVersion> netavark, Optional<BinaryVersion> aardvark) {}
}
