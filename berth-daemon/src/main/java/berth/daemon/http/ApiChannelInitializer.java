package berth.daemon.http;

import berth.daemon.route.Router;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.ssl.SslContext;
import java.util.List;

/** The pipeline of every API connection: HTTP codec, then version handling, then the dispatcher. */
public final class ApiChannelInitializer extends ChannelInitializer<Channel> {
    public static final String CODEC = "http-codec";
    public static final String CONTINUE = "expect-continue";
    public static final String VERSION = "api-version";
    public static final String DISPATCHER = "dispatcher";
    /** What a hijack removes: after 101 the connection carries raw bytes. */
    static final List<String> HTTP_HANDLERS = List.of(VERSION, CONTINUE, CODEC);

    private final Router router;
    private final SslContext ssl;

    /** {@code ssl} null: plain HTTP. */
    public ApiChannelInitializer(Router router, SslContext ssl) {
        this.router = router;
        this.ssl = ssl;
    }

    @Override
    protected void initChannel(Channel channel) {
        configure(channel, new RequestDispatcher(router));
        if (ssl != null) channel.pipeline().addFirst("tls", ssl.newHandler(channel.alloc()));
    }

    static void configure(Channel channel, RequestDispatcher dispatcher) {
        // A client that half-closes an attach (no more stdin) still reads the container's output
        channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        channel.pipeline()
                // headers up to 1 MiB, as Go's http.Server allows dockerd (build secrets travel in one); body pieces
                // up to 64 KiB, so that an upload's chunks (Go writes 32 KiB ones) each reach the reader whole, not
                // cut in four, and a 50 MB build context wakes the reading thread a few hundred times, not thousands
                .addLast(CODEC, new HttpServerCodec(4096, 1 << 20, 64 << 10))
                .addLast(CONTINUE, new HttpServerExpectContinueHandler())
                .addLast(VERSION, new ApiVersionHandler())
                .addLast(DISPATCHER, dispatcher);
    }

    /** The API's handlers behind another front (the dashboard's): what reaches them is served as on the socket. */
    public static void addApiHandlers(ChannelPipeline pipeline, Router router) {
        pipeline.addLast(VERSION, new ApiVersionHandler()).addLast(DISPATCHER, new RequestDispatcher(router));
    }
}
