package berth.daemon.http;

import berth.daemon.config.ConfigException;
import berth.daemon.config.Host;
import berth.daemon.config.Tls;
import berth.daemon.log.Log;
import berth.daemon.route.Router;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The listening sockets: Unix sockets (root only, 0660) and TCP (with TLS as configured), on one epoll event loop group. */
public final class ApiServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final List<Channel> listeners;
    private final List<Path> sockets;

    private ApiServer(EventLoopGroup group, List<Channel> listeners, List<Path> sockets) {
        this.group = group;
        this.listeners = listeners;
        this.sockets = sockets;
    }

    public static ApiServer start(List<Host> hosts, Tls tls, Router router) throws IOException, ConfigException {
        return start(hosts, tls, router, List.of());
    }

    /**
     * Starts serving {@code hosts}; a Unix host with one of the {@code early} listeners on its path is taken over from
     * it (the socket stays bound throughout) instead of bound anew.
     */
    public static ApiServer start(List<Host> hosts, Tls tls, Router router, List<EarlyListener> early)
            throws IOException, ConfigException {
        SslContext ssl = TlsContexts.server(tls);
        // Two threads do all HTTP framing; requests themselves run on virtual threads
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
        List<Channel> listeners = new ArrayList<>();
        List<Path> sockets = new ArrayList<>();
        ApiServer server = new ApiServer(group, listeners, sockets);
        try {
            for (Host host : hosts) {
                SslContext hostSsl = host instanceof Host.Tcp ? ssl : null;
                ServerBootstrap bootstrap = new ServerBootstrap().group(group)
                        .childHandler(new ApiChannelInitializer(router, hostSsl));
                switch (host) {
                    case Host.Unix unix when earlyOn(early, unix.path()) != null -> {
                        EarlyListener listener = earlyOn(early, unix.path());
                        int bound = listener.handOver((client, pending) ->
                                adopt(group, new ApiChannelInitializer(router, null), client, pending));
                        ChannelFactory<ServerChannel> takeOver = () -> new EpollServerDomainSocketChannel(bound, true);
                        listeners.add(bootstrap.channelFactory(takeOver).register().sync().channel());
                        sockets.add(unix.path());
                    }
                    case Host.Unix unix -> {
                        SocketFile.prepare(unix.path());
                        listeners.add(bootstrap.channel(EpollServerDomainSocketChannel.class)
                                .bind(new DomainSocketAddress(unix.path().toFile())).sync().channel());
                        sockets.add(unix.path());
                        SocketFile.restrict(unix.path());
                    }
                    case Host.Tcp tcp -> listeners.add(bootstrap.channel(EpollServerSocketChannel.class)
                            .bind(new InetSocketAddress(tcp.address(), tcp.port())).sync().channel());
                }
                if (host instanceof Host.Tcp) {
                    Log.info("listening on TCP", "host", host, "tls", tls.mode());
                    if (tls.mode() != Tls.Mode.VERIFY) {
                        Log.warn("this TCP socket does not verify clients: whoever can reach it has root on this machine",
                                "host", host);
                    }
                }
                Log.debug("listening", "host", host);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            throw new IOException("interrupted while binding", e);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static EarlyListener earlyOn(List<EarlyListener> early, Path path) {
        return early.stream().filter(l -> l.path().equals(path)).findFirst().orElse(null);
    }

    /**
     * Serves a connection the early listener accepted: the bytes it already read are the start of what Netty reads,
     * delivered before anything else arrives from the socket.
     */
    private static void adopt(EventLoopGroup group, ApiChannelInitializer initializer, int client, byte[] pending) {
        EpollDomainSocketChannel channel = new EpollDomainSocketChannel(client);
        channel.pipeline().addLast(initializer);
        group.register(channel).addListener(registered -> {
            if (!registered.isSuccess()) {
                channel.unsafe().closeForcibly();
                return;
            }
            if (pending.length > 0) {
                channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer(pending));
                channel.pipeline().fireChannelReadComplete();
            }
        });
    }

    /** Stops accepting, closes open connections, removes the socket files. */
    @Override
    public void close() {
        for (Channel listener : listeners) listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        for (Path socket : sockets) {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                Log.warn("could not remove socket", "path", socket, "error", e.getMessage());
            }
        }
    }
}
