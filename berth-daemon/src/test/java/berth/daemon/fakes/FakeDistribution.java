package berth.daemon.fakes;

import berth.api.model.ProgressMessage;
import berth.engine.registry.DistributionService;
import java.util.function.Consumer;

/** A DistributionService that runs the behaviour a test gives it. */
public final class FakeDistribution implements DistributionService {

    @FunctionalInterface
    public interface Behaviour {
        void run(String name, String tag, Consumer<ProgressMessage> progress);
    }

    public Behaviour onPull = (n, t, p) -> { };
    public Behaviour onPush = (n, t, p) -> { };

    @Override
    public void pull(String image, String tag, Consumer<ProgressMessage> progress) {
        onPull.run(image, tag, progress);
    }

    @Override
    public void push(String name, String tag, Consumer<ProgressMessage> progress) {
        onPush.run(name, tag, progress);
    }
}
