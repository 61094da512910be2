package dev.overlay.engine;

import com.google.protobuf.ByteString;
import dev.overlay.protocol.proto.SyncRanges;
import dev.overlay.relay.MessageId;
import dev.overlay.sync.Fingerprint;
import dev.overlay.sync.SyncItem;
import dev.overlay.sync.SyncMessage;
import dev.overlay.sync.SyncRange;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Converts reconciliation messages between the core's records and the wire (PROTOCOL.md 3.7). Stateless. */
public final class SyncFrames {

    static final int ID_LENGTH = 32;

    private SyncFrames() {
    }

    public static SyncRanges toWire(long session, boolean reply, SyncMessage message) {
        SyncRanges.Builder frame = SyncRanges.newBuilder().setSession(session).setReply(reply)
                .setLowerTimestamp(message.lower().timestamp())
                .setLowerId(ByteString.copyFrom(message.lower().idPrefix()));
        for (SyncRange range : message.ranges()) {
            SyncRanges.Range.Builder wire = SyncRanges.Range.newBuilder()
                    .setUpperTimestamp(range.upper().timestamp())
                    .setUpperId(ByteString.copyFrom(range.upper().idPrefix()))
                    .setMode(range.mode().code());
            range.fingerprint().ifPresent(f -> wire.setFingerprint(ByteString.copyFrom(f.bytes())));
            if (!range.ids().isEmpty()) {
                wire.setIds(ids(range.ids()));
            }
            frame.addRanges(wire);
        }
        return frame.build();
    }

    /**
     * Reads a {@code SyncRanges} body.
     *
     * @throws IllegalArgumentException naming the malformed field
     */
    static SyncMessage fromWire(SyncRanges frame) {
        SyncItem lower = bound(frame.getLowerTimestamp(), frame.getLowerId());
        List<SyncRange> ranges = new ArrayList<>(frame.getRangesCount());
        for (SyncRanges.Range wire : frame.getRangesList()) {
            SyncRange.Mode mode = SyncRange.Mode.ofCode(wire.getMode());
            Optional<Fingerprint> fingerprint = mode == SyncRange.Mode.FINGERPRINT
                    ? Optional.of(new Fingerprint(wire.getFingerprint().toByteArray()))
                    : Optional.empty();
            if (mode != SyncRange.Mode.FINGERPRINT && !wire.getFingerprint().isEmpty()) {
                throw new IllegalArgumentException("a fingerprint outside a fingerprint range");
            }
            if (mode != SyncRange.Mode.ID_LIST && !wire.getIds().isEmpty()) {
                throw new IllegalArgumentException("ids outside an id-list range");
            }
            ranges.add(new SyncRange(bound(wire.getUpperTimestamp(), wire.getUpperId()), mode, fingerprint,
                    ids(wire.getIds())));
        }
        return new SyncMessage(lower, ranges);
    }

    private static SyncItem bound(long timestamp, ByteString prefix) {
        if (prefix.size() > ID_LENGTH) {
            throw new IllegalArgumentException("a bound's id prefix has at most 32 bytes");
        }
        return SyncItem.ofPrefix(timestamp, prefix.toByteArray());
    }

    public static ByteString ids(Collection<MessageId> ids) {
        ByteBuffer buffer = ByteBuffer.allocate(ids.size() * ID_LENGTH);
        ids.forEach(id -> buffer.putLong(id.a()).putLong(id.b()).putLong(id.c()).putLong(id.d()));
        return ByteString.copyFrom(buffer.flip());
    }

    /**
     * Splits concatenated 32-byte ids.
     *
     * @throws IllegalArgumentException if the length is not a multiple of 32
     */
    static List<MessageId> ids(ByteString bytes) {
        if (bytes.size() % ID_LENGTH != 0) {
            throw new IllegalArgumentException("ids must be 32 bytes each");
        }
        ByteBuffer buffer = bytes.asReadOnlyByteBuffer();
        List<MessageId> ids = new ArrayList<>(bytes.size() / ID_LENGTH);
        while (buffer.hasRemaining()) {
            ids.add(new MessageId(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong()));
        }
        return ids;
    }
}
