package dev.overlay.engine;

import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;

/**
 * The send-queue bounds and bandwidth caps in force, adjustable at runtime: a change applies at once
 * to every open connection and to new ones.
 *
 * <p>Threading: setters may be called from any thread (the API's); every field is volatile. The
 * engine attaches its channel group and shapers once, at start, on the lifecycle thread.
 */
public final class TransportLimits {

    private volatile SendQueueLimits sendQueue;
    private volatile Bandwidth bandwidth;
    private volatile ChannelGroup channels;
    private volatile BandwidthShaping shaping;

    TransportLimits(SendQueueLimits sendQueue, Bandwidth bandwidth) {
        this.sendQueue = sendQueue;
        this.bandwidth = bandwidth;
    }

    void attach(ChannelGroup channels, BandwidthShaping shaping) {
        this.channels = channels;
        this.shaping = shaping;
    }

    public SendQueueLimits sendQueue() {
        return sendQueue;
    }

    /** New water marks apply to every open connection and to new ones. */
    public void setSendQueue(SendQueueLimits limits) {
        this.sendQueue = limits;
        ChannelGroup open = channels;
        if (open != null) {
            WriteBufferWaterMark mark = waterMark();
            open.forEach(ch -> ch.config().setWriteBufferWaterMark(mark));
        }
    }

    int highWater() {
        return sendQueue.highWater();
    }

    WriteBufferWaterMark waterMark() {
        SendQueueLimits limits = sendQueue;
        return new WriteBufferWaterMark(limits.lowWater(), limits.highWater());
    }

    public Bandwidth bandwidth() {
        return bandwidth;
    }

    /** New caps apply at once to every connection. */
    public void setBandwidth(Bandwidth caps) {
        this.bandwidth = caps;
        BandwidthShaping shapers = shaping;
        if (shapers != null) {
            shapers.update(caps);
        }
    }
}
