package dev.prescale.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 server whose connections cost no thread until a whole request has arrived: the API's transport.
 *
 * <p>The JDK's server reads a request's headers on a worker thread, so a client that sends half a request holds a
 * worker until the read times out, and a few such connections, renewed, stop every answer (slowloris). Here Netty's
 * one event-loop thread reads every connection without blocking; a request reaches a worker only when its headers and
 * body (at most {@code maxBody} bytes, 413 past it) are complete, and a {@code gate} may refuse it on its head
 * alone (an unauthenticated client cannot make the server hold a body). A connection must deliver each request within
 * {@code requestTime} of opening or of its previous answer, or it is closed, and read each answer within three times
 * that. At most {@code maxConnections} are open at
 * once: at the limit the server stops accepting, so further clients wait in the kernel's backlog rather than being
 * refused; each connection's requests are answered in turn, and a worker queue as long as the connection limit
 * answers 503 only to a client that pipelines.
 */
public final class NonBlockingHttpServer implements AutoCloseable {

    /** A whole request: method, URI as sent, headers by lower-case name (the first of repeated ones), body. */
    public record Request(String method, URI uri, Map<String, String> headers, byte[] body) {

        /** A header's value, or null; {@code name} in any case. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** An answer: status, headers, body. */
    public record Response(int status, Map<String, String> headers, byte[] body) {

        public static Response json(int status, byte[] body) {
            return new Response(status, Map.of("Content-Type", "application/json"), body);
        }

        public Response withHeader(String name, String value) {
            Map<String, String> more = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            more.putAll(headers);
            more.put(name, value);
            return new Response(status, more, body);
        }
    }

    /**
     * What may refuse a request on its method, URI and headers, before its body is read (runs on the event loop: it
     * must not block). Null lets the request through.
     */
    @FunctionalInterface
    public interface Gate {
        Response refuse(Request head);
    }

    /** What answers a request; it may block (it runs on a worker). A throw is answered 500 without its detail. */
    @FunctionalInterface
    public interface Handler {
        Response handle(Request request) throws Exception;
    }

    private final EventLoopGroup loop;
    private final ExecutorService workers;
    private final Channel channel;

    private NonBlockingHttpServer(EventLoopGroup loop, ExecutorService workers, Channel channel) {
        this.loop = loop;
        this.workers = workers;
        this.channel = channel;
    }

    /**
     * Binds {@code address} and serves {@code handler} on {@code workers} threads named {@code name}.
     *
     * @throws java.io.UncheckedIOException when the address cannot be bound
     */
    public static NonBlockingHttpServer start(InetSocketAddress address, String name, int workers, int maxBody,
                                              int maxConnections, Duration requestTime, Gate gate,
                                              Handler handler) {
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, runnable -> {
            Thread t = new Thread(runnable, name + "-io");
            t.setDaemon(true);
            return t;
        }, NioIoHandler.newFactory());
        ExecutorService pool = HttpServers.workers(name, workers, maxConnections);
        AtomicInteger open = new AtomicInteger();
        try {
            Channel bound = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            Channel server = ch.parent();
                            if (open.incrementAndGet() >= maxConnections) {
                                server.config().setAutoRead(false); // the rest wait in the backlog
                            }
                            ch.closeFuture().addListener(f -> {
                                if (open.decrementAndGet() < maxConnections && !server.config().isAutoRead()) {
                                    server.config().setAutoRead(true);
                                    server.read();
                                }
                            });
                            ch.pipeline().addLast(
                                    // a client that stops reading its answer is dropped, not buffered for
                                    new io.netty.handler.timeout.WriteTimeoutHandler(requestTime.toSeconds() * 3,
                                            TimeUnit.SECONDS),
                                    new HttpServerCodec(4096, 16 * 1024, 16 * 1024),
                                    new Refusal(gate),
                                    new HttpObjectAggregator(maxBody, true),
                                    new Deadline(requestTime.toMillis()),
                                    new Dispatch(pool, handler));
                        }
                    }).bind(address).syncUninterruptibly().channel();
            return new NonBlockingHttpServer(loop, pool, bound);
        } catch (RuntimeException e) {
            loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            pool.shutdownNow();
            throw new java.io.UncheckedIOException("cannot bind " + address + ": " + e.getMessage(),
                    new java.io.IOException(e));
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownNow();
    }

    /** Answers a request the gate refuses on its head and closes the connection, its body never read into memory. */
    private static final class Refusal extends io.netty.channel.ChannelInboundHandlerAdapter {
        private final Gate gate;
        private boolean refused;

        Refusal(Gate gate) {
            this.gate = gate;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (refused) {
                io.netty.util.ReferenceCountUtil.release(msg);
                return;
            }
            if (gate != null && msg instanceof io.netty.handler.codec.http.HttpRequest head
                    && head.decoderResult().isSuccess()) {
                Response answer;
                try {
                    answer = gate.refuse(new Request(head.method().name(), URI.create(head.uri()),
                            Dispatch.headers(head), new byte[0]));
                } catch (IllegalArgumentException badUri) {
                    answer = Response.json(400, Dispatch.error("the request's path is not a valid URI"));
                }
                if (answer != null) {
                    refused = true;
                    io.netty.util.ReferenceCountUtil.release(msg);
                    Dispatch.write(ctx, answer, false);
                    return;
                }
            }
            ctx.fireChannelRead(msg);
        }
    }

    /**
     * Closes a connection that has not delivered a whole request within the limit of opening or of its last answer.
     */
    private static final class Deadline extends ChannelDuplexHandler {
        private final long millis;
        private ScheduledFuture<?> timer;

        Deadline(long millis) {
            this.millis = millis;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            arm(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest) {
                disarm();
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof FullHttpResponse) {
                promise.addListener(f -> {
                    if (ctx.channel().isActive()) {
                        arm(ctx); // the next request on a kept-alive connection has the same time
                    }
                });
            }
            ctx.write(msg, promise);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            disarm();
            ctx.fireChannelInactive();
        }

        private void arm(ChannelHandlerContext ctx) {
            disarm();
            timer = ctx.executor().schedule(() -> ctx.close(), millis, TimeUnit.MILLISECONDS);
        }

        private void disarm() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }
    }

    /** Hands a whole request to a worker and writes its answer back. */
    private static final class Dispatch extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final ExecutorService pool;
        private final Handler handler;

        Dispatch(ExecutorService pool, Handler handler) {
            this.pool = pool;
            this.handler = handler;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
            boolean keepAlive = HttpUtil.isKeepAlive(msg);
            if (msg.decoderResult().isFailure()) {
                write(ctx, Response.json(400, error("the request is not valid HTTP/1.1")), false);
                return;
            }
            URI uri;
            try {
                uri = URI.create(msg.uri());
            } catch (IllegalArgumentException e) {
                write(ctx, Response.json(400, error("the request's path is not a valid URI")), false);
                return;
            }
            Request request = new Request(msg.method().name(), uri, headers(msg), ByteBufUtil.getBytes(msg.content()));
            ctx.channel().config().setAutoRead(false); // one request of a connection at a time, answered in turn
            try {
                pool.execute(() -> {
                    Response answer;
                    try {
                        answer = handler.handle(request);
                    } catch (Exception | StackOverflowError e) {
                        answer = Response.json(500, error("internal error"));
                    }
                    write(ctx, answer, keepAlive);
                });
            } catch (RejectedExecutionException busy) {
                write(ctx, Response.json(503, error("busy: every worker is answering; try again shortly"))
                        .withHeader("Retry-After", "1"), false);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset or a broken connection: nothing to answer
        }

        static Map<String, String> headers(io.netty.handler.codec.http.HttpMessage msg) {
            Map<String, String> headers = new TreeMap<>();
            msg.headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
            return Map.copyOf(headers);
        }

        static byte[] error(String message) {
            return ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        }

        static void write(ChannelHandlerContext ctx, Response answer, boolean keepAlive) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(answer.body()));
            answer.headers().forEach((k, v) -> response.headers().set(k, v));
            HttpUtil.setContentLength(response, answer.body().length);
            if (keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(response).addListener(f -> ctx.channel().config().setAutoRead(true));
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
