package dev.overlay.config;

import dev.overlay.discovery.AddressBook;
import dev.overlay.engine.OverlayEngine;
import dev.overlay.identity.NodeId;
import dev.overlay.identity.NodeKey;
import dev.overlay.identity.NodeKeyFile;
import dev.overlay.peer.SlotLimits;
import dev.overlay.resource.BanStore;
import dev.overlay.resource.ResourceManager;
import java.security.SecureRandom;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the node: identity, engine, fixed peers, API token. */
@Configuration(proxyBeanMethods = false)
public class NodeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(NodeConfiguration.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SecureRandom secureRandom() {
        return new SecureRandom();
    }

    @Bean
    NodeKey nodeKey(OverlayProperties properties, SecureRandom random) {
        return new NodeKeyFile(properties.dataDir()).loadOrCreate(random);
    }

    @Bean
    ApiToken apiToken(OverlayProperties properties, SecureRandom random) {
        return ApiTokenStore.resolve(properties.apiToken(), properties.dataDir(), random);
    }

    @Bean
    OverlaySettings overlaySettings(OverlayProperties properties, ObjectProvider<BuildProperties> build) {
        String version = build.getIfAvailable() == null ? "dev" : build.getIfAvailable().getVersion();
        OverlaySettings settings = OverlaySettings.from(properties, "overlay-node/" + version);
        SlotLimits slots = settings.engine().slots();
        if (slots.maxInbound() == 0 && !slots.outboundOnly()) {
            log.warn("No inbound slot: an outbound target of {} keeps all {} of overlay.max-peers for outbound, so"
                    + " this node accepts no peers. Raise overlay.max-peers, lower overlay.outbound-peers or leave it"
                    + " unset (it is then derived from max-peers), or set overlay.max-inbound-peers=0 if the node is"
                    + " meant to only dial out.", slots.outboundTarget(), slots.maxPeers());
        }
        return settings;
    }

    @Bean
    ResourceManager resourceManager(OverlaySettings settings, Clock clock) {
        return new ResourceManager(settings.resources(), clock);
    }

    @Bean
    OverlayEngine overlayEngine(OverlaySettings settings, OverlayProperties properties, NodeKey nodeKey,
                                AddressBook addressBook, ResourceManager resources, BanStore banStore, Clock clock,
                                SecureRandom random) {
        OverlayEngine engine = new OverlayEngine(settings.engine(), settings.relay(), settings.discovery(), addressBook,
                resources, banStore, nodeKey, clock, random);
        properties.reservedPeers().forEach(id -> engine.registry().reserved().add(NodeId.parse(id)));
        return engine;
    }

    @Bean
    EngineLifecycle engineLifecycle(OverlayEngine engine) {
        return new EngineLifecycle(engine);
    }
}
