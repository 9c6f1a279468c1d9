package berth.daemon.log;

import berth.api.errors.EngineException;
import berth.api.errors.InternalException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a client may be told about a failure. The kinds clients act on (not found, conflict, bad argument...) carry
 * Docker's messages and go out as they are. An internal failure may hold SQL, a stack or paths of the data root:
 * its detail goes to the log under a fresh id, and the client gets a generic message with that id to report.
 * Failures of a registry are the exception: their text describes the registry, as Docker reports it.
 */
public final class ClientMessage {
    private ClientMessage() {}

    public static String of(Throwable failure) {
        if (failure instanceof EngineException kind && !(kind instanceof InternalException)) return kind.getMessage();
        if (failure instanceof InternalException && failure.getMessage() != null && isRemote(failure.getCause())) {
            return failure.getMessage();
        }
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Log.error("internal error", failure, "error-id", id);
        return "internal error in berthd (error id " + id + "; the daemon's log has the details)";
    }

    /**
     * A failure of a peer (the registry's own error, a digest it served wrong, a connection it refused or dropped):
     * its text is about the registry, not about berthd's internals, and the user needs it as Docker shows it.
     */
    private static boolean isRemote(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof berth.engine.registry.RegistryException || t instanceof berth.engine.content.DigestMismatchException
                    || t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.http.HttpTimeoutException || t instanceof java.net.http.HttpConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
