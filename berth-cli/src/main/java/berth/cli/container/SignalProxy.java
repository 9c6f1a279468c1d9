package berth.cli.container;

import berth.client.EngineClient;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * docker run's --sig-proxy: while attached without a TTY, SIGINT and SIGTERM sent to the CLI are forwarded to the
 * container (POST /containers/{id}/kill?signal=INT) instead of ending the CLI, which keeps waiting for the exit code.
 * sun.misc.Signal is the JDK's only way to receive a signal without ending the JVM.
 */
final class SignalProxy implements AutoCloseable {
    private static final List<String> FORWARDED = List.of("INT", "TERM");
    private final List<Runnable> restore = new ArrayList<>();

    private SignalProxy() {}

    static SignalProxy forward(EngineClient client, String id) {
        SignalProxy proxy = new SignalProxy();
        for (String name : FORWARDED) {
            try {
                Signal signal = new Signal(name);
                SignalHandler previous = Signal.handle(signal, s -> Thread.ofVirtual().start(() -> kill(client, id, name)));
                proxy.restore.add(() -> Signal.handle(signal, previous));
            } catch (IllegalArgumentException e) {
                // the JVM reserves this signal here: it keeps its default meaning
            }
        }
        return proxy;
    }

    private static void kill(EngineClient client, String id, String signal) {
        try {
            client.call("POST", "/containers/" + id + "/kill?signal=" + signal, null).close();
        } catch (Exception e) {
            // the container already exited: the wait answer ends the CLI
        }
    }

    @Override
    public void close() {
        restore.forEach(Runnable::run);
    }
}
