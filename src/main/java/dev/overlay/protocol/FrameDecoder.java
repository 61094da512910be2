package dev.overlay.protocol;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Optional;

/**
 * Splits the post-upgrade byte stream into {@link Frame}s and parses their protobuf bodies.
 *
 * <p>Limits are checked from the header alone, before any body byte is buffered, so an oversized or
 * unknown frame costs the node nothing. After the first violation the decoder discards all further
 * input: the connection is being closed and nothing more from this peer is trusted.
 *
 * <p>Threading: confined to its channel's event loop, like every Netty handler instance.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    /** Flag bits that OVL/1.0 defines; none are negotiated yet, so any set bit is a violation. */
    private static final int KNOWN_FLAGS = 0;

    private final int maxBodySize;
    private boolean failed;

    public FrameDecoder(int maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < Frame.HEADER_SIZE) {
            return;
        }
        int start = in.readerIndex();
        long length = in.getUnsignedInt(start);
        int typeCode = in.getUnsignedShort(start + 4);
        int flags = in.getUnsignedByte(start + 6);
        if (length > maxBodySize) {
            throw violation(ProtocolViolation.FRAME_TOO_LARGE,
                    "frame body of " + length + " bytes exceeds the limit of " + maxBodySize);
        }
        Optional<MessageType> type = MessageType.ofCode(typeCode);
        if (type.isEmpty()) {
            throw violation(ProtocolViolation.UNKNOWN_MESSAGE_TYPE, "unknown frame type " + typeCode);
        }
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw violation(ProtocolViolation.MALFORMED_FRAME, "unsupported frame flags 0x" + Integer.toHexString(flags));
        }
        int frameSize = Frame.HEADER_SIZE + (int) length;
        if (in.readableBytes() < frameSize) {
            return;
        }
        MessageLite body = parse(type.get(), in, start + Frame.HEADER_SIZE, (int) length);
        in.skipBytes(frameSize);
        out.add(new Frame(type.get(), body, frameSize));
    }

    private MessageLite parse(MessageType type, ByteBuf in, int offset, int length) {
        try {
            CodedInputStream input = in.nioBufferCount() == 1
                    ? CodedInputStream.newInstance(in.nioBuffer(offset, length))
                    : CodedInputStream.newInstance(copy(in, offset, length));
            MessageLite body = type.parser().parseFrom(input);
            input.checkLastTagWas(0);
            return body;
        } catch (InvalidProtocolBufferException e) {
            throw violation(ProtocolViolation.MALFORMED_BODY, "undecodable " + type + " body: " + e.getMessage());
        }
    }

    private static byte[] copy(ByteBuf in, int offset, int length) {
        byte[] bytes = new byte[length];
        in.getBytes(offset, bytes);
        return bytes;
    }

    private ProtocolViolationException violation(ProtocolViolation violation, String detail) {
        failed = true;
        return new ProtocolViolationException(violation, detail);
    }
}
