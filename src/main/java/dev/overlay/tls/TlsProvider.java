package dev.overlay.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/**
 * Which TLS implementation seals peer traffic. BoringSSL (through netty-tcnative) costs a fraction
 * of the JDK's CPU per record, which matters because every relayed copy is encrypted by its sender
 * and decrypted by its receiver; the JDK provider is the portable fallback.
 */
public enum TlsProvider {

    /** BoringSSL where its native library loads on this platform, the JDK otherwise. */
    AUTO,
    /** Always the JDK's TLS. */
    JDK,
    /** Always BoringSSL; start-up fails where it cannot load. */
    OPENSSL;

    /** The Netty provider this choice means on this machine. */
    public SslProvider resolve() {
        return switch (this) {
            case JDK -> SslProvider.JDK;
            case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException("TLS provider OPENSSL is not available on this platform: "
                            + OpenSsl.unavailabilityCause());
                }
                yield SslProvider.OPENSSL;
            }
        };
    }
}
