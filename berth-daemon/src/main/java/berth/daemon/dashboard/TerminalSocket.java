package berth.daemon.dashboard;

import berth.api.Json;
import berth.daemon.log.Log;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.Map;

/**
 * One terminal WebSocket: binary frames are keystrokes in and output out, text frames are JSON control messages
 * ({@code {"type":"resize","cols":C,"rows":R}} in; {@code {"type":"exit","code":N}} and
 * {@code {"type":"error","message":"..."}} out, each followed by the close). Keystrokes that arrive before the
 * process is connected are kept and delivered in order.
 */
final class TerminalSocket extends ChannelInboundHandlerAdapter implements TerminalSession.Viewer {
    private final Bridges bridges;
    private final boolean exec;
    private final String id;
    private volatile Channel channel;
    private volatile TerminalSession session;
    private final java.util.List<byte[]> early = new java.util.ArrayList<>();

    TerminalSocket(Bridges bridges, boolean exec, String id) {
        this.bridges = bridges;
        this.exec = exec;
        this.id = id;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    /** Called once the process's terminal is there; runs off the event loop. */
    void connect(TerminalSession terminal) {
        synchronized (early) {
            session = terminal;
            early.forEach(terminal.stdin()::offer);
            early.clear();
        }
        if (!channel.isActive()) {
            if (!exec) terminal.stdin().close();
            return;
        }
        terminal.attach(this);
        // the socket may have closed while attaching: do not leave the terminal thinking it has a viewer
        if (!channel.isActive()) terminal.detach(this, System.nanoTime());
    }

    void fail(String message) {
        sendControl("{\"type\":\"error\",\"message\":" + quoted(message) + "}");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            switch (msg) {
                case BinaryWebSocketFrame frame -> input(ByteBufUtil.getBytes(frame.content()));
                case TextWebSocketFrame frame -> control(frame.text());
                case PingWebSocketFrame ping -> ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
                case CloseWebSocketFrame close ->
                        ctx.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
                default -> { } // the upgrade request's end, pongs
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void input(byte[] bytes) {
        synchronized (early) {
            if (session == null) {
                early.add(bytes);
                return;
            }
        }
        session.stdin().offer(bytes);
    }

    private void control(String text) {
        Map<?, ?> message;
        try {
            message = Json.mapper().readValue(text, Map.class);
        } catch (IOException e) {
            return; // not a message of ours
        }
        if (message == null || !"resize".equals(message.get("type"))) return;
        if (!(message.get("cols") instanceof Integer cols) || !(message.get("rows") instanceof Integer rows)) return;
        if (cols < 1 || rows < 1 || cols > 9999 || rows > 9999) return;
        // a FIFO write to conmon: off the event loop
        Thread.ofVirtual().name("dashboard-resize").start(() -> {
            try {
                if (exec) bridges.resizeExec(id, rows, cols);
                else bridges.resizeContainer(id, rows, cols);
            } catch (RuntimeException e) {
                Log.debug("dashboard resize refused", "id", id, "error", String.valueOf(e.getMessage()));
            }
        });
    }

    @Override
    public void output(byte[] data) {
        channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(data)));
    }

    @Override
    public void exit(int code) {
        sendControl("{\"type\":\"exit\",\"code\":" + code + "}");
    }

    @Override
    public void replaced() {
        fail("this terminal was opened in another window");
    }

    private static String quoted(String text) {
        try {
            return Json.mapper().writeValueAsString(text);
        } catch (IOException e) {
            return "\"\"";
        }
    }

    /** A control message, then the close: written by hand so that "type" comes first, as the page reads it. */
    private void sendControl(String json) {
        Channel c = channel;
        c.write(new TextWebSocketFrame(json));
        c.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        TerminalSession s = session;
        if (s != null) {
            if (exec) s.detach(this, System.nanoTime());
            else s.stdin().close(); // a container's terminal is this socket's own: it ends with it
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
