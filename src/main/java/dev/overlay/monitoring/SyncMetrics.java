package dev.overlay.monitoring;

import dev.overlay.engine.SyncBridge;
import dev.overlay.engine.SyncPeerStats;
import dev.overlay.sync.MessageLog;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToLongFunction;
import org.springframework.stereotype.Component;

/**
 * Exports reconciliation and message-log figures to Micrometer: {@code overlay.sync.rounds},
 * {@code overlay.sync.bytes} and {@code overlay.sync.messages}, each tagged by {@code direction}, and the
 * log's gauges.
 */
@Component
class SyncMetrics implements MeterBinder {

    private final SyncBridge sync;
    private final MessageLog log;

    SyncMetrics(SyncBridge sync) {
        this.sync = sync;
        this.log = sync.log();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "overlay.sync.rounds", "initiated", "Reconciliation messages sent in our sessions",
                SyncPeerStats.View::roundsInitiated);
        counter(registry, "overlay.sync.rounds", "answered", "Reconciliation messages of peers' sessions answered",
                SyncPeerStats.View::roundsAnswered);
        counter(registry, "overlay.sync.bytes", "in", "Sync frame bytes received", SyncPeerStats.View::bytesIn);
        counter(registry, "overlay.sync.bytes", "out", "Sync frame bytes sent", SyncPeerStats.View::bytesOut);
        counter(registry, "overlay.sync.messages", "recovered", "Messages fetched from peers and delivered",
                SyncPeerStats.View::messagesRecovered);
        counter(registry, "overlay.sync.messages", "served", "Messages sent to peers that fetched them",
                SyncPeerStats.View::messagesServed);
        Gauge.builder("overlay.messagelog.messages", log, MessageLog::size).description("Messages in the log")
                .register(registry);
        Gauge.builder("overlay.messagelog.bytes", log, MessageLog::bytes).description("Bytes the log counts")
                .baseUnit("bytes").register(registry);
    }

    private void counter(MeterRegistry registry, String name, String direction, String description,
                         ToLongFunction<SyncPeerStats.View> figure) {
        FunctionCounter.builder(name, sync, s -> figure.applyAsLong(s.totals())).tag("direction", direction)
                .description(description).register(registry);
    }
}
