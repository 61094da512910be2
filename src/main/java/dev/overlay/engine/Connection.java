package dev.overlay.engine;

import com.google.protobuf.MessageLite;
import dev.overlay.peer.Disconnect;
import dev.overlay.peer.DisconnectOrigin;
import dev.overlay.peer.DisconnectReason;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerLink;
import dev.overlay.peer.PeerState;
import dev.overlay.protocol.Frame;
import dev.overlay.protocol.MessageType;
import dev.overlay.protocol.proto.Close;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds a {@link Peer} to its channel and carries out disconnects.
 *
 * <p>Threading: {@link #disconnect}, {@link #send} and {@link #offer} may be called from any thread
 * (writes go through the {@link WriteBatcher} to the event loop); everything else runs on the
 * channel's event loop, the only writer of {@link #framing}.
 */
final class Connection implements PeerLink {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    /** A peer that does not take our {@code Close} within this time is cut off anyway. */
    private static final long CLOSE_FLUSH_MILLIS = 1_000;
    private static final int MAX_CLOSE_TEXT_BYTES = 256;

    private final Channel channel;
    private final Clock clock;
    private final TrafficCounters traffic;
    private final WriteBatcher batcher;
    private final IntSupplier highWater;
    private Peer peer;
    private volatile boolean framing;

    /**
     * @param highWater the send-queue high-water mark in force, read at each offer
     * @param shed counts a relayed copy shed when its turn came, this peer having fallen behind meanwhile
     */
    Connection(Channel channel, Clock clock, TrafficCounters traffic, IntSupplier highWater, Runnable shed) {
        this.channel = channel;
        this.clock = clock;
        this.traffic = traffic;
        this.highWater = highWater;
        this.batcher = new WriteBatcher(channel, new WriteBatcher.BulkOutcome() {
            @Override
            public void written(Object body, int bytes) {
                count((MessageLite) body);
            }

            @Override
            public void shed(Object body) {
                shed.run();
            }
        });
    }

    void attach(Peer peer) {
        this.peer = peer;
    }

    Peer peer() {
        return peer;
    }

    Channel channel() {
        return channel;
    }

    /** From now on the channel speaks frames, so a disconnect can tell the peer why. */
    void startFraming() {
        framing = true;
    }

    @Override
    public void send(MessageLite body) {
        if (framing && peer.state() == PeerState.ACTIVE) {
            batcher.offer(body, count(body));
        }
    }

    private int count(MessageLite body) {
        int size = Frame.wireSize(body);
        peer.recordMessageOut();
        traffic.outbound(MessageType.of(body), size);
        return size;
    }

    /**
     * Queues a relayed or locally published message unless this peer is behind: its socket has left
     * more than the low-water mark in Netty's buffer, and the bytes queued for it (waiting for the
     * event loop and in Netty's buffer together) pass the high-water mark for relayed traffic, twice
     * that for our own messages. Returns whether the message was queued. A relayed copy queued here is
     * still shed when its turn comes if the channel is unwritable then ({@link WriteBatcher#offerBulk}):
     * that keeps Netty's buffer bounded when a burst queued up before the peer fell behind.
     *
     * <p>Bytes waiting for the event loop alone say nothing about the peer: an event loop busy with
     * other channels (a slow peer's, say) lets them pile up for a healthy peer too, and shedding on
     * them dropped a healthy peer's copies under another peer's overload. Netty's buffer is the
     * peer's own backlog, since {@link WriteBatcher} flushes in pieces smaller than the low-water mark.
     */
    @Override
    public boolean offer(MessageLite body, boolean originatedHere) {
        if (!framing || peer.state() != PeerState.ACTIVE) {
            return false;
        }
        long unsent = unsentBytes();
        boolean behind = unsent > channel.config().getWriteBufferLowWaterMark();
        long queued = unsent + batcher.pendingBytes();
        int mark = highWater.getAsInt();
        if (behind && queued > (originatedHere ? 2L * mark : mark)) {
            return false;
        }
        if (originatedHere) {
            batcher.offer(body, count(body));
        } else {
            batcher.offerBulk(body, Frame.wireSize(body));
        }
        return true;
    }

    /** Bytes handed to Netty (TLS and the channel's buffer) that the socket has not taken yet. */
    long unsentBytes() {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    /** Outbound bytes queued for this peer, here or in Netty, not yet taken by the socket. */
    @Override
    public long queuedBytes() {
        return batcher.pendingBytes() + unsentBytes();
    }

    @Override
    public void disconnect(DisconnectReason reason, String detail) {
        channel.eventLoop().execute(() -> closeLocally(reason, detail));
    }

    void closeLocally(DisconnectReason reason, String detail) {
        if (!peer.markClosing(new Disconnect(reason, DisconnectOrigin.LOCAL, detail, clock.instant()))) {
            return;
        }
        log.info("Disconnecting {}: {}{}", peer, reason.description(), detail == null ? "" : " (" + detail + ")");
        if (framing && channel.isActive()) {
            Close close = Close.newBuilder().setCode(reason.code()).setText(truncate(detail)).build();
            count(close);
            // Closing the socket at once would answer anything the peer sends before it has read our
            // Close (a ping, say) with a reset, and a reset makes the peer's kernel discard the Close
            // unread: the peer would record a lost connection instead of our reason. So TLS waits for
            // the peer's close_notify, which it sends once it has read the Close.
            channel.pipeline().get(SslHandler.class).setCloseNotifyReadTimeoutMillis(CLOSE_FLUSH_MILLIS);
            channel.writeAndFlush(close).addListener(ChannelFutureListener.CLOSE);
            channel.eventLoop().schedule(() -> channel.close(), CLOSE_FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            channel.close();
        }
    }

    void closedByRemote(Close close) {
        DisconnectReason reason = DisconnectReason.ofCode(close.getCode());
        if (peer.markClosing(new Disconnect(reason, DisconnectOrigin.REMOTE, truncate(close.getText()), clock.instant()))) {
            log.info("{} closed the connection: {}{}", peer, reason.description(),
                    close.getText().isEmpty() ? "" : " (" + truncate(close.getText()) + ")");
        }
        channel.close();
    }

    /**
     * Cuts a Close text to its first {@value #MAX_CLOSE_TEXT_BYTES} UTF-8 bytes at a character
     * boundary: cutting inside a character would decode to a replacement character, which is three
     * bytes and could take the text over the limit again.
     */
    private static String truncate(String text) {
        if (text == null) {
            return "";
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_CLOSE_TEXT_BYTES) {
            return text;
        }
        int end = MAX_CLOSE_TEXT_BYTES;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
