package berth.daemon.dashboard;

import berth.daemon.http.ApiChannelInitializer;
import berth.daemon.log.ClientMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /ws/exec/{execId}} and {@code /ws/attach/{containerId}}: the upgrade, then a {@link TerminalSocket} in place
 * of HTTP on the connection. The process is started (or re-attached) after the upgrade, so that a refusal reaches
 * the page as an error message on the socket, which a browser shows, rather than as an HTTP status it hides.
 */
final class WebSockets implements DashboardGate.WebSocketOpener {
    private static final Pattern PATH = Pattern.compile("^/ws/(exec|attach)/([A-Za-z0-9_.-]+)$");
    static final int MAX_FRAME = 1 << 20;

    private final Bridges bridges;

    WebSockets(Bridges bridges) {
        this.bridges = bridges;
    }

    @Override
    public boolean open(ChannelHandlerContext ctx, HttpRequest request, String path) {
        Matcher m = PATH.matcher(path);
        if (!m.matches()) return false;
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        int rows = number(uri, "rows");
        int cols = number(uri, "cols");
        FullHttpRequest full = new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri());
        full.headers().set(request.headers());
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                "ws://" + request.headers().get("Host") + path, null, false, MAX_FRAME).newHandshaker(full);
        if (handshaker == null) {
            full.release();
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return true;
        }
        boolean exec = m.group(1).equals("exec");
        String id = m.group(2);
        TerminalSocket socket = new TerminalSocket(bridges, exec, id);
        ChannelPipeline pipeline = ctx.pipeline();
        for (String name : List.of(ApiChannelInitializer.DISPATCHER, ApiChannelInitializer.VERSION,
                ApiChannelInitializer.CONTINUE)) {
            if (pipeline.get(name) != null) pipeline.remove(name);
        }
        pipeline.addLast("ws-aggregate", new WebSocketFrameAggregator(MAX_FRAME)).addLast("ws-terminal", socket);
        pipeline.remove(ctx.handler());
        handshaker.handshake(ctx.channel(), full).addListener(done -> {
            full.release();
            if (!done.isSuccess()) {
                ctx.channel().close();
                return;
            }
            // the process may take a moment to start: not on the event loop
            Thread.ofVirtual().name("dashboard-ws").start(() -> {
                try {
                    socket.connect(exec ? bridges.exec(id, rows, cols) : bridges.attach(id));
                } catch (RuntimeException e) {
                    socket.fail(ClientMessage.of(e));
                }
            });
        });
        return true;
    }

    private static int number(QueryStringDecoder uri, String name) {
        List<String> v = uri.parameters().get(name);
        if (v == null || v.isEmpty()) return 0;
        try {
            int n = Integer.parseInt(v.getLast());
            return n > 0 && n < 10_000 ? n : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
