package dev.overlay.engine;

import dev.overlay.handshake.HandshakeException;
import dev.overlay.handshake.HandshakeHeaders;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Writes the peer port's plain HTTP answers: JSON bodies, then close. Stateless. */
final class HttpReplies {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private HttpReplies() {
    }

    static void json(ChannelHandlerContext ctx, HttpResponseStatus status, Object body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(JSON.writeValueAsBytes(body)));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** The machine-readable rejection of an upgrade: status, reason header and JSON body. */
    static void reject(ChannelHandlerContext ctx, HandshakeException rejection, String serverName) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", rejection.failure().code());
        body.put("message", rejection.getMessage());
        if (rejection.detail() != null) {
            body.put("detail", rejection.detail());
        }
        if (!rejection.alternatives().isEmpty()) {
            body.put("alternatives", rejection.alternatives().stream().map(Object::toString).toList());
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(rejection.failure().httpStatus()),
                Unpooled.wrappedBuffer(JSON.writeValueAsBytes(body)));
        response.headers()
                .set(HandshakeHeaders.REJECT_REASON, rejection.failure().code())
                .set(HttpHeaderNames.SERVER, serverName)
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
