package dev.overlay.engine;

import dev.overlay.config.OverlayProperties;
import dev.overlay.config.OverlaySettings;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.Validator;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;
import dev.overlay.discovery.AddressBook;
import dev.overlay.discovery.InMemoryAddressBook;
import dev.overlay.tls.TlsProvider;
import dev.overlay.identity.NodeKey;
import dev.overlay.peer.Endpoint;
import dev.overlay.resource.BanStore;
import dev.overlay.resource.ResourceManager;
import dev.overlay.sync.LoggedMessage;
import dev.overlay.sync.MessageLog;
import dev.overlay.sync.MessageLogStore;
import dev.overlay.sync.VolatileLogStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts engines on loopback with ephemeral ports and short timers, and stops them after each test.
 * The test settings go through the node's own binding and validation ({@link OverlaySettings}), so a
 * test cannot run a configuration an operator could not. Register with {@code @RegisterExtension}.
 */
public final class TestEngines implements AfterEachCallback {

    static final String NETWORK = "test-net";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();
    private final List<OverlayNode> started = new ArrayList<>();

    /** Test defaults, adjustable field by field before {@link #build()}. */
    public static final class Settings {
        public String host = "127.0.0.1";
        public int peerPort = 0;
        public String networkId = NETWORK;
        public int maxPeers = 21;
        /** Null derives it from {@code maxPeers}, as a node without {@code overlay.outbound-peers} does. */
        public Integer outboundTarget = 0;
        /** Null leaves inbound every slot the outbound target leaves. */
        public Integer maxInboundPeers;
        public int maxInboundPerIp = 1000;
        public Endpoint advertised;
        public Duration handshakeTimeout = Duration.ofSeconds(5);
        public Duration pingInterval = Duration.ofMillis(200);
        public Duration pingTimeout = Duration.ofSeconds(10);
        public Clock clock = Clock.systemUTC();
        public NodeKey key = NodeKey.generate(RANDOM);
        public List<Endpoint> bootstrap = List.of();
        public List<Endpoint> fixedPeers = List.of();
        public Duration gossipInterval = Duration.ofMillis(500);
        public AddressBook addressBook = new InMemoryAddressBook();
        public BanStore banStore = new InMemoryBanStore();
        public boolean exemptLoopback = true;
        public int warningThreshold = 5000;
        public int dropThreshold = 25000;
        public Duration banDuration = Duration.ofMinutes(30);
        public int maxHandshakes = 1000;
        public int maxConnectionsPerIp = 1000;
        public int sendQueueHighWater = 1024 * 1024;
        public Duration slowPeerTimeout = Duration.ofSeconds(30);
        public Bandwidth bandwidth = Bandwidth.UNLIMITED;
        public int ioThreads = 2;
        public TlsProvider tlsProvider = TlsProvider.AUTO;
        public boolean squelch = true;
        public int selectedPeers = 3;
        public int selectionThreshold = 5;
        public Duration idleTimeout = Duration.ofSeconds(2);
        public Duration minSquelch = Duration.ofSeconds(300);
        public Duration maxSquelch = Duration.ofSeconds(600);
        public boolean sync = true;
        public Duration syncInterval = Duration.ofSeconds(1);
        public MessageLogStore logStore = new VolatileLogStore();

        /**
         * The {@code overlay.*} properties these settings stand for, bound and validated as a node's
         * configuration is ({@code @Validated} constraints, then {@link OverlaySettings}' cross checks).
         */
        OverlaySettings validated() {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("peer-host", host);
            p.put("peer-port", Integer.toString(peerPort));
            p.put("network-id", networkId);
            p.put("max-peers", Integer.toString(maxPeers));
            if (outboundTarget != null) {
                p.put("outbound-peers", Integer.toString(outboundTarget));
            }
            if (maxInboundPeers != null) {
                p.put("max-inbound-peers", Integer.toString(maxInboundPeers));
            }
            if (advertised != null) {
                p.put("advertised-endpoint", advertised.toString());
            }
            p.put("max-inbound-per-ip", Integer.toString(maxInboundPerIp));
            p.put("handshake.timeout", handshakeTimeout.toMillis() + "ms");
            p.put("frames.max-size", "1MB");
            p.put("ping.interval", pingInterval.toMillis() + "ms");
            p.put("ping.timeout", pingTimeout.toMillis() + "ms");
            p.put("fixed-peer-backoff.initial", "50ms");
            p.put("fixed-peer-backoff.max", "500ms");
            p.put("io-threads", Integer.toString(ioThreads));
            p.put("tls-provider", tlsProvider.name().toLowerCase(Locale.ROOT));
            list(p, "bootstrap", bootstrap);
            list(p, "fixed-peers", fixedPeers);
            p.put("relay.squelch.enabled", Boolean.toString(squelch));
            p.put("relay.squelch.selected-peers", Integer.toString(selectedPeers));
            p.put("relay.squelch.threshold", Integer.toString(selectionThreshold));
            p.put("relay.squelch.min-duration", minSquelch.toMillis() + "ms");
            p.put("relay.squelch.max-duration", maxSquelch.toMillis() + "ms");
            p.put("relay.squelch.idle-timeout", idleTimeout.toMillis() + "ms");
            p.put("relay.sync.enabled", Boolean.toString(sync));
            p.put("relay.sync.interval", syncInterval.toMillis() + "ms");
            p.put("discovery.tick-interval", "100ms");
            p.put("discovery.gossip-interval", gossipInterval.toMillis() + "ms");
            p.put("discovery.max-dials-in-flight", "8");
            p.put("discovery.dial-backoff.initial", "100ms");
            p.put("discovery.dial-backoff.max", "2s");
            p.put("resource.exempt-loopback", Boolean.toString(exemptLoopback));
            p.put("resource.warning-threshold", Integer.toString(warningThreshold));
            p.put("resource.drop-threshold", Integer.toString(dropThreshold));
            p.put("resource.ban-duration", banDuration.toMillis() + "ms");
            p.put("resource.max-handshakes", Integer.toString(maxHandshakes));
            p.put("resource.max-connections-per-ip", Integer.toString(maxConnectionsPerIp));
            p.put("resource.send-queue-low-water", Integer.toString(sendQueueHighWater / 2) + "B");
            p.put("resource.send-queue-high-water", Integer.toString(sendQueueHighWater) + "B");
            p.put("resource.slow-peer-timeout", slowPeerTimeout.toMillis() + "ms");
            p.put("resource.peer-read-rate", bandwidth.peerRead() + "B");
            p.put("resource.peer-write-rate", bandwidth.peerWrite() + "B");
            p.put("resource.total-read-rate", bandwidth.totalRead() + "B");
            p.put("resource.total-write-rate", bandwidth.totalWrite() + "B");
            Map<String, String> prefixed = new LinkedHashMap<>();
            p.forEach((name, value) -> prefixed.put("overlay." + name, value));
            Validator validator = new SpringValidatorAdapter(VALIDATION.getValidator());
            OverlayProperties properties = new Binder(new MapConfigurationPropertySource(prefixed))
                    .bindOrCreate("overlay", Bindable.of(OverlayProperties.class),
                            new ValidationBindHandler(validator));
            return OverlaySettings.from(properties, "overlay-node/test");
        }

        private static void list(Map<String, String> properties, String name, List<Endpoint> endpoints) {
            for (int i = 0; i < endpoints.size(); i++) {
                properties.put(name + "[" + i + "]", endpoints.get(i).toString());
            }
        }
    }

    /** Where a test node listens: loopback and its bound peer port. */
    public static Endpoint endpointOf(OverlayNode node) {
        return new Endpoint("127.0.0.1", node.peerPort());
    }

    /** What {@code node} delivered on {@code topic}, newest first, as its message log holds it. */
    public static List<LoggedMessage> delivered(OverlayNode node, String topic) {
        return node.sync().log().newest(m -> m.message().topic().equals(topic), Integer.MAX_VALUE);
    }

    public OverlayNode start() {
        return start(settings -> { });
    }

    public OverlayNode start(Consumer<Settings> customizer) {
        Settings settings = new Settings();
        customizer.accept(settings);
        OverlaySettings validated = settings.validated();
        OverlayNode engine = new OverlayNode(validated.engine(), validated.relay(), validated.discovery(),
                validated.sync(), MessageLog.open(settings.logStore, validated.sync().log(), settings.clock),
                settings.addressBook, new ResourceManager(validated.resources(), settings.clock), settings.banStore,
                settings.key, settings.clock, RANDOM);
        engine.start();
        started.add(engine);
        return engine;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(OverlayNode::stop);
        started.clear();
    }
}
