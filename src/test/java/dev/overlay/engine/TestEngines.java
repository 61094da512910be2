package dev.overlay.engine;

import dev.overlay.discovery.AddressBook;
import dev.overlay.discovery.Backoff;
import dev.overlay.discovery.DiscoverySettings;
import dev.overlay.handshake.TlsProvider;
import dev.overlay.identity.NodeKey;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.SlotLimits;
import dev.overlay.relay.RelaySettings;
import dev.overlay.resource.BanStore;
import dev.overlay.resource.ResourceManager;
import dev.overlay.resource.ResourceSettings;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts engines on loopback with ephemeral ports and short timers, and stops them after each test.
 * Register with {@code @RegisterExtension}.
 */
public final class TestEngines implements AfterEachCallback {

    static final String NETWORK = "test-net";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final List<OverlayEngine> started = new ArrayList<>();

    /** Test defaults, adjustable field by field before {@link #build()}. */
    public static final class Settings {
        public String host = "127.0.0.1";
        public int peerPort = 0;
        public String networkId = NETWORK;
        public int maxPeers = 21;
        public int outboundTarget = 0;
        public int maxInboundPerIp = 1000;
        /** When set, replaces the three fields above, for limits built as the configuration builds them. */
        public SlotLimits slots;
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

        DiscoverySettings discovery() {
            return new DiscoverySettings(bootstrap, fixedPeers, new Backoff(Duration.ofMillis(50), Duration.ofMillis(500)),
                    new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2)), Duration.ofMillis(100), gossipInterval,
                    Duration.ofSeconds(30), 1000, 6, 8);
        }

        ResourceManager resources() {
            return new ResourceManager(new ResourceSettings(warningThreshold, dropThreshold, Duration.ofSeconds(32),
                    banDuration, exemptLoopback, Set.of(), Set.of()), clock);
        }

        RelaySettings relay() {
            return new RelaySettings(squelch, selectedPeers, selectionThreshold, minSquelch, maxSquelch, idleTimeout,
                    Duration.ofSeconds(30),
                    100_000, Duration.ofMinutes(5), Duration.ofMinutes(2), 16, 64 * 1024, 10_000);
        }

        EngineSettings build() {
            return new EngineSettings(host, peerPort, networkId,
                    slots != null ? slots : new SlotLimits(maxPeers, outboundTarget, maxInboundPerIp), 0, 1024 * 1024,
                    handshakeTimeout, Duration.ofSeconds(5), Duration.ofSeconds(30), pingInterval, pingTimeout,
                    100, Duration.ofMinutes(10), Duration.ofSeconds(5), "overlay-node/test",
                    new ResourceGuard.ConnectionQuotas(maxHandshakes, maxConnectionsPerIp),
                    new SendQueueLimits(sendQueueHighWater / 2, sendQueueHighWater, slowPeerTimeout), bandwidth,
                    ioThreads, tlsProvider, advertised);
        }
    }

    public OverlayEngine start() {
        return start(settings -> { });
    }

    public OverlayEngine start(Consumer<Settings> customizer) {
        Settings settings = new Settings();
        customizer.accept(settings);
        OverlayEngine engine = new OverlayEngine(settings.build(), settings.relay(), settings.discovery(),
                settings.addressBook, settings.resources(), settings.banStore, settings.key, settings.clock, RANDOM);
        engine.start();
        started.add(engine);
        return engine;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(OverlayEngine::stop);
        started.clear();
    }
}
