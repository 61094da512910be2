package dev.overlay.protocol;

import com.google.protobuf.MessageLite;

/**
 * One decoded frame: its type, its parsed body and how many bytes it took on the wire.
 *
 * <p>Header layout (big-endian): body length u32, type u16, flags u8. See docs/PROTOCOL.md.
 */
public record Frame(MessageType type, MessageLite body, int wireSize) {

    public static final int HEADER_SIZE = 7;

    public static int wireSize(MessageLite body) {
        return HEADER_SIZE + body.getSerializedSize();
    }
}
