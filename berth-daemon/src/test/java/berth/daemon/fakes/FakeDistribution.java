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
    /** The last requests, credential and platform included, for tests of what the routes pass on. */
    public volatile PullRequest lastPull;
    public volatile PushRequest lastPush;
    public volatile berth.engine.registry.Credential lastLogin;

    @Override
    public LoginResult login(berth.engine.registry.Credential credential, String serverAddress) {
        lastLogin = credential;
        return new LoginResult("Login Succeeded", "");
    }

    @Override
    public void pull(PullRequest request, Consumer<ProgressMessage> progress) {
        lastPull = request;
        onPull.run(request.image(), request.tag(), progress);
    }

    @Override
    public void push(PushRequest request, Consumer<ProgressMessage> progress) {
        lastPush = request;
        onPush.run(request.name(), request.tag(), progress);
    }
}
