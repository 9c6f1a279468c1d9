package berth.daemon.http;

import berth.api.ApiVersion;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpRequest;

/**
 * A request whose {@code /v1.xx} prefix was stripped by {@link ApiVersionHandler}: the URI is the rest, with the
 * requested version beside it, or the reason the version was refused (answered in order by the dispatcher).
 */
final class VersionedRequest extends DefaultHttpRequest {
    private final ApiVersion version;
    private final String rejection;

    VersionedRequest(HttpRequest original, String uri, ApiVersion version, String rejection) {
        super(original.protocolVersion(), original.method(), uri, original.headers());
        setDecoderResult(original.decoderResult());
        this.version = version;
        this.rejection = rejection;
    }

    ApiVersion version() {
        return version;
    }

    /** Non-null when the version is outside what Berth serves. */
    String rejection() {
        return rejection;
    }
}
