package dev.overlay.api;

import dev.overlay.identity.CertificateBindingException;
import dev.overlay.identity.CertificateBindingVerifier;
import dev.overlay.identity.NodeId;
import dev.overlay.peer.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a peer's {@code GET /crawl} over its TLS peer port, the way the browser cannot: the peer's
 * certificate is self-signed, and only the node key bound into it says who answered. The answer
 * counts only if that key is the peer's node id.
 *
 * <p>Stateless apart from the HTTP client, which is thread-safe; answers arrive on the client's threads.
 */
final class PeerCrawler {

    /** Crawl answers larger than this are refused; a full node's answer is a few hundred KB at most. */
    static final int MAX_ANSWER_BYTES = 1 << 20;

    private final HttpClient client;
    private final CertificateBindingVerifier verifier;
    private final JsonMapper json;
    private final Duration timeout;

    PeerCrawler(CertificateBindingVerifier verifier, JsonMapper json, Duration timeout) {
        this.verifier = verifier;
        this.json = json;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .sslContext(tls())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The crawled peer's own peers; fails when the answer is missing, too large, or from another node. */
    CompletableFuture<List<CrawledPeer>> crawl(NodeId expected, Endpoint endpoint) {
        URI uri = URI.create("https://" + endpoint + "/crawl");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(response -> read(expected, response));
    }

    private List<CrawledPeer> read(NodeId expected, HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            requireIdentity(expected, response.sslSession().orElseThrow(() -> new CrawlException("no TLS session")));
            if (response.statusCode() != 200) {
                throw new CrawlException("answered " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(MAX_ANSWER_BYTES + 1);
            if (bytes.length > MAX_ANSWER_BYTES) {
                throw new CrawlException("answer larger than " + MAX_ANSWER_BYTES + " bytes");
            }
            JsonNode document = json.readTree(bytes);
            List<CrawledPeer> peers = new ArrayList<>();
            for (JsonNode peer : document.path("peers")) {
                String nodeId = peer.path("nodeId").asString(null);
                if (nodeId != null) {
                    peers.add(new CrawledPeer(nodeId, peer.path("endpoint").asString(null)));
                }
            }
            return List.copyOf(peers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JacksonException e) {
            throw new CrawlException("answer is not JSON");
        }
    }

    private void requireIdentity(NodeId expected, SSLSession session) {
        try {
            NodeId answered = verifier.verify(session.getPeerCertificates());
            if (!answered.equals(expected)) {
                throw new CrawlException("answered as another node, " + answered.shortForm());
            }
        } catch (CertificateBindingException | SSLPeerUnverifiedException e) {
            throw new CrawlException("certificate does not bind a node key: " + e.getMessage());
        }
    }

    /** One of the crawled peer's peers, as its {@code /crawl} lists it. */
    record CrawledPeer(String nodeId, String endpoint) {
    }

    /** Why a crawl answer was not used; the message is shown to the operator. */
    static final class CrawlException extends RuntimeException {
        CrawlException(String message) {
            super(message, null, false, false);
        }
    }

    private static SSLContext tls() {
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(null, new TrustManager[] {new SingleCertificateTrustManager()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS 1.3 is not available: " + e.getMessage(), e);
        }
    }

    /**
     * Accepts one self-signed certificate without a host name check: peers are addressed by IP and
     * identified by the node key in the certificate, which {@link #requireIdentity} checks. Stateless.
     */
    private static final class SingleCertificateTrustManager extends X509ExtendedTrustManager {

        private static void requireSingle(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length != 1) {
                throw new CertificateException("expected exactly one self-signed certificate");
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            requireSingle(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            requireSingle(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            requireSingle(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
