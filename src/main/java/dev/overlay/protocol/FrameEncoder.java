package dev.overlay.protocol;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToByteEncoder;
import java.io.IOException;

/** Writes protobuf bodies as frames. Stateless, so one instance may serve every channel. */
@Sharable
public final class FrameEncoder extends MessageToByteEncoder<MessageLite> {

    private final int maxBodySize;

    public FrameEncoder(int maxBodySize) {
        super(MessageLite.class);
        this.maxBodySize = maxBodySize;
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, MessageLite body, boolean preferDirect) {
        return ctx.alloc().ioBuffer(Frame.wireSize(body));
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, MessageLite body, ByteBuf out) throws IOException {
        int length = body.getSerializedSize();
        if (length > maxBodySize) {
            throw new EncoderException("frame body of " + length + " bytes exceeds the limit of " + maxBodySize);
        }
        out.writeInt(length);
        out.writeShort(MessageType.of(body).code());
        out.writeByte(0);
        int bodyStart = out.writerIndex();
        CodedOutputStream output = CodedOutputStream.newInstance(out.nioBuffer(bodyStart, length));
        body.writeTo(output);
        output.checkNoSpaceLeft();
        out.writerIndex(bodyStart + length);
    }
}
