package dev.overlay.tls;

import dev.overlay.identity.IdentityCertificate;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.Socket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS 1.3 contexts for both sides of a peer connection, presenting the node's identity certificate.
 *
 * <p>TLS itself accepts any certificate chain: peers are identified by the node key bound into the
 * certificate, not by a CA or a host name, and the handshake handlers verify that binding right after
 * TLS completes so that a failure can be answered with a specific reason. TLS still proves that the
 * other side holds the certificate's private key. Client authentication is optional at the TLS layer
 * because the peer port also serves {@code /health} and {@code /crawl} to certificate-less clients;
 * the upgrade itself requires a certificate.
 */
public record TlsContexts(SslContext server, SslContext client) {

    private static final String TLS_1_3 = "TLSv1.3";

    public static TlsContexts create(IdentityCertificate identity, TlsProvider provider) {
        SslProvider implementation = provider.resolve();
        try {
            SslContext server = SslContextBuilder.forServer(identity.privateKey(), identity.certificate())
                    .sslProvider(implementation)
                    .protocols(TLS_1_3)
                    .clientAuth(ClientAuth.OPTIONAL)
                    .trustManager(new BindingCheckedLaterTrustManager())
                    .build();
            SslContext client = SslContextBuilder.forClient()
                    .sslProvider(implementation)
                    .protocols(TLS_1_3)
                    .keyManager(identity.privateKey(), identity.certificate())
                    .trustManager(new BindingCheckedLaterTrustManager())
                    // Peers are addressed by IP or any DNS name; their identity is the node key.
                    .endpointIdentificationAlgorithm(null)
                    .build();
            return new TlsContexts(server, client);
        } catch (SSLException e) {
            throw new IllegalStateException("Cannot build the TLS contexts: " + e.getMessage(), e);
        }
    }

    /**
     * Accepts any certificate chain, of any length: {@code CertificateBindingVerifier} judges it once
     * TLS is up, so that a chain of two certificates, say, is refused with
     * {@code certificate-binding-invalid} and a reason instead of a bare TLS alert. Stateless.
     */
    private static final class BindingCheckedLaterTrustManager extends X509ExtendedTrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // Judged after TLS by the binding verifier.
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // Judged after TLS by the binding verifier.
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // Judged after TLS by the binding verifier.
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // Judged after TLS by the binding verifier.
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // Judged after TLS by the binding verifier.
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // Judged after TLS by the binding verifier.
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
