package dev.overlay.protocol;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import dev.overlay.protocol.proto.Close;
import dev.overlay.protocol.proto.Endpoints;
import dev.overlay.protocol.proto.LoadWarning;
import dev.overlay.protocol.proto.Ping;
import dev.overlay.protocol.proto.Pong;
import dev.overlay.protocol.proto.Publish;
import dev.overlay.protocol.proto.Squelch;
import dev.overlay.protocol.proto.SyncFetch;
import dev.overlay.protocol.proto.SyncMessages;
import dev.overlay.protocol.proto.SyncRanges;
import java.util.Optional;

/** Frame types of protocol OVL/1.0 and the protobuf body each one carries. */
public enum MessageType {
    PING(1, Ping.class, Ping.parser()),
    PONG(2, Pong.class, Pong.parser()),
    CLOSE(3, Close.class, Close.parser()),
    ENDPOINTS(4, Endpoints.class, Endpoints.parser()),
    PUBLISH(5, Publish.class, Publish.parser()),
    SQUELCH(6, Squelch.class, Squelch.parser()),
    LOAD_WARNING(7, LoadWarning.class, LoadWarning.parser()),
    SYNC_RANGES(8, SyncRanges.class, SyncRanges.parser()),
    SYNC_FETCH(9, SyncFetch.class, SyncFetch.parser()),
    SYNC_MESSAGES(10, SyncMessages.class, SyncMessages.parser());

    private static final MessageType[] BY_CODE = new MessageType[16];

    static {
        for (MessageType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;
    private final Class<? extends MessageLite> bodyType;
    private final Parser<? extends MessageLite> parser;

    MessageType(int code, Class<? extends MessageLite> bodyType, Parser<? extends MessageLite> parser) {
        this.code = code;
        this.bodyType = bodyType;
        this.parser = parser;
    }

    public int code() {
        return code;
    }

    Parser<? extends MessageLite> parser() {
        return parser;
    }

    public static Optional<MessageType> ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? Optional.ofNullable(BY_CODE[code]) : Optional.empty();
    }

    public static MessageType of(MessageLite body) {
        for (MessageType type : values()) {
            if (type.bodyType.isInstance(body)) {
                return type;
            }
        }
        throw new IllegalArgumentException("no frame type for " + body.getClass().getName());
    }
}
