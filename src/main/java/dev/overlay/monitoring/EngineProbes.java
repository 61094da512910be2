package dev.overlay.monitoring;

import dev.overlay.engine.NodeStatus;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Container probes: liveness follows the engine's event loops (a node with dead event loops must be
 * restarted), readiness follows the peer port (a node that does not listen cannot serve peers). Peer
 * counts are deliberately in neither: too few peers is a state to report, not a reason to restart.
 */
@Configuration(proxyBeanMethods = false)
class EngineProbes {

    @Bean("overlayEventLoops")
    HealthIndicator overlayEventLoops(NodeStatus status) {
        return () -> (status.eventLoopsAlive() ? Health.up() : Health.down()).build();
    }

    @Bean("overlayListener")
    HealthIndicator overlayListener(NodeStatus status) {
        return () -> (status.isListening() ? Health.up() : Health.down())
                .withDetail("peerPort", status.peerPort()).build();
    }
}
