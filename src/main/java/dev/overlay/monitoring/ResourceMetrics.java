package dev.overlay.monitoring;

import dev.overlay.engine.RelayBridge;
import dev.overlay.engine.ResourceGuard;
import dev.overlay.resource.Fee;
import dev.overlay.resource.ResourceCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/** Exports resource management counters as {@code overlay.resource.*}; tags are fee and reason names only. */
@Component
class ResourceMetrics implements MeterBinder {

    private final ResourceGuard resources;
    private final RelayBridge relay;

    ResourceMetrics(ResourceGuard resources, RelayBridge relay) {
        this.resources = resources;
        this.relay = relay;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        ResourceCounters counters = resources.manager().counters();
        for (Fee fee : Fee.values()) {
            counter(registry, "overlay.resource.charges", "Charges by fee", counters.charges(fee), "fee", fee.name());
        }
        counter(registry, "overlay.resource.warnings", "Load warnings sent", counters.warnings);
        counter(registry, "overlay.resource.drops", "Peers dropped for load", counters.drops);
        counter(registry, "overlay.resource.bans", "Bans added", counters.bans);
        counter(registry, "overlay.resource.refused", "Connections refused at accept", counters.refusedBanned,
                "reason", "banned");
        counter(registry, "overlay.resource.refused", "Connections refused at accept",
                counters.refusedHandshakeQuota, "reason", "handshake-quota");
        counter(registry, "overlay.resource.refused", "Connections refused at accept",
                counters.refusedAddressQuota, "reason", "address-quota");
        counter(registry, "overlay.resource.handshakes.evicted",
                "Pending handshakes closed to make room for a newcomer while the table was full",
                counters.handshakesEvicted);
        counter(registry, "overlay.relay.shed", "Relayed copies not sent because the send queue was full",
                relay.counters().shed);
        Gauge.builder("overlay.resource.bans.active", resources, r -> r.manager().bans().size())
                .description("Bans in force").register(registry);
        Gauge.builder("overlay.resource.handshakes.pending", resources, ResourceGuard::pendingHandshakes)
                .description("Connections accepted and not yet upgraded").register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, LongAdder adder,
                                String... tags) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(description).tags(tags).register(registry);
    }
}
