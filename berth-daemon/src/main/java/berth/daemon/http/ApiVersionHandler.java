package berth.daemon.http;

import berth.api.ApiVersion;
import berth.daemon.route.DaemonVersion;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * moby's version middleware: strips the {@code /v1.xx} prefix once (no prefix means the current version), refuses
 * versions Berth does not serve, and stamps every response with the headers clients negotiate with.
 */
final class ApiVersionHandler extends ChannelDuplexHandler {
    private static final Pattern PREFIX = Pattern.compile("^/v(\\d+\\.\\d+)(/[^?]*)?(\\?.*)?$");

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request && !(msg instanceof VersionedRequest)) {
            ctx.fireChannelRead(strip(request));
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    static VersionedRequest strip(HttpRequest request) {
        Matcher m = PREFIX.matcher(request.uri());
        if (!m.matches()) return new VersionedRequest(request, request.uri(), ApiVersion.CURRENT, null);
        String rest = (m.group(2) == null ? "/" : m.group(2)) + (m.group(3) == null ? "" : m.group(3));
        ApiVersion version;
        try {
            version = ApiVersion.parse(m.group(1));
        } catch (IllegalArgumentException e) {
            return new VersionedRequest(request, rest, ApiVersion.CURRENT, "invalid API version: " + m.group(1));
        }
        String rejection = null;
        if (version.compareTo(ApiVersion.CURRENT) > 0) {
            rejection = "client version " + version + " is too new. Maximum supported API version is " + ApiVersion.CURRENT;
        } else if (version.compareTo(ApiVersion.MIN) < 0) {
            rejection = "client version " + version + " is too old. Minimum supported API version is " + ApiVersion.MIN
                    + ", please upgrade your client to a newer version";
        }
        return new VersionedRequest(request, rest, version, rejection);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            HttpHeaders h = response.headers();
            h.set("Api-Version", ApiVersion.CURRENT.toString());
            h.set("Server", DaemonVersion.SERVER_HEADER);
            h.set("Docker-Experimental", "false");
            h.set("Ostype", "linux");
        }
        ctx.write(msg, promise);
    }
}
