package dev.overlay.engine;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.overlay.protocol.proto.SyncRanges;
import dev.overlay.relay.MessageId;
import dev.overlay.sync.SyncItem;
import dev.overlay.sync.SyncLimits;
import dev.overlay.sync.SyncMessage;
import dev.overlay.sync.SyncResponder;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Runs a {@code SyncRanges} body through what a node does with one from a peer (parse, validate,
 * answer against a small log), for the fuzz test, which lives in another package.
 */
public final class SyncFramesProbe {

    private static final NavigableSet<SyncItem> LOG = new TreeSet<>();

    static {
        for (long i = 0; i < 200; i++) {
            LOG.add(new SyncItem(i * 1000, new MessageId(i * 7919, i, ~i, i * 31)));
        }
    }

    private SyncFramesProbe() {
    }

    /** Answers {@code body}; returns quietly when it is refused as a peer's bad input would be. */
    public static void answer(byte[] body) {
        SyncMessage query;
        try {
            query = SyncFrames.fromWire(SyncRanges.parseFrom(body));
            query.validate(SyncLimits.DEFAULT);
        } catch (InvalidProtocolBufferException | IllegalArgumentException refused) {
            return;
        }
        SyncMessage reply = SyncResponder.reply(LOG, query, SyncLimits.DEFAULT);
        reply.validate(SyncLimits.DEFAULT);
        SyncFrames.toWire(1, true, reply);
    }
}
