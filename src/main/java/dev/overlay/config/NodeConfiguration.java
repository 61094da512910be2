package dev.overlay.config;

import dev.overlay.discovery.AddressBook;
import dev.overlay.engine.OverlayEngine;
import dev.overlay.identity.NodeId;
import dev.overlay.identity.NodeKey;
import dev.overlay.identity.NodeKeyFile;
import dev.overlay.resource.BanStore;
import dev.overlay.resource.ResourceManager;
import dev.overlay.sync.MessageLog;
import dev.overlay.sync.MessageLogStore;
import java.security.SecureRandom;
import java.time.Clock;
import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the node: identity, engine, fixed peers, API token. */
@Configuration(proxyBeanMethods = false)
public class NodeConfiguration {

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
        return OverlaySettings.from(properties, "overlay-node/" + version);
    }

    @Bean
    ResourceManager resourceManager(OverlaySettings settings, Clock clock) {
        return new ResourceManager(settings.resources(), clock);
    }

    /** The message log, loaded from the database at start. */
    @Bean
    MessageLog messageLog(MessageLogStore store, OverlaySettings settings, Clock clock) {
        return MessageLog.open(store, settings.sync().log(), clock);
    }

    @Bean
    OverlayEngine overlayEngine(OverlaySettings settings, OverlayProperties properties, NodeKey nodeKey,
                                AddressBook addressBook, ResourceManager resources, BanStore banStore,
                                MessageLog messageLog, Clock clock, SecureRandom random) {
        OverlayEngine engine = new OverlayEngine(settings.engine(), settings.relay(), settings.discovery(),
                settings.sync(), messageLog, addressBook, resources, banStore, nodeKey, clock, random);
        properties.reservedPeers().forEach(id -> engine.registry().reserved().add(NodeId.parse(id)));
        return engine;
    }

    @Bean
    EngineLifecycle engineLifecycle(OverlayEngine engine) {
        return new EngineLifecycle(engine);
    }
}
