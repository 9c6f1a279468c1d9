package berth.daemon.dashboard;

import berth.daemon.http.ApiChannelInitializer;
import berth.daemon.route.Router;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard's TCP listener on 127.0.0.1 (never another address: the token is the only lock, and only local
 * processes should get to try it). Each connection: HTTP codec, {@link DashboardGate}, then the API's own handlers.
 */
final class DashboardServer implements AutoCloseable {
    static final String GATE = "dashboard-gate";

    private final EventLoopGroup group;
    private final Channel listener;

    private DashboardServer(EventLoopGroup group, Channel listener) {
        this.group = group;
        this.listener = listener;
    }

    static DashboardServer start(int port, Router router, DashboardAccess access, StaticAssets assets,
                                 DashboardGate.WebSocketOpener sockets) throws IOException {
        OriginPolicy origins = new OriginPolicy(port);
        // one thread: the dashboard's traffic is one person's browser; requests themselves run on virtual threads
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        io.netty.channel.ChannelFuture bound = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline()
                                .addLast(ApiChannelInitializer.CODEC, new HttpServerCodec())
                                .addLast(ApiChannelInitializer.CONTINUE, new HttpServerExpectContinueHandler())
                                .addLast(GATE, new DashboardGate(access, origins, assets, sockets));
                        ApiChannelInitializer.addApiHandlers(channel.pipeline(), router);
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port))
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            Throwable cause = bound.cause();
            throw new IOException("127.0.0.1:" + port + ": " + (cause == null ? "bind failed" : cause.getMessage()), cause);
        }
        return new DashboardServer(group, bound.channel());
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
