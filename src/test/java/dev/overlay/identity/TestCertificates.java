package dev.overlay.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.Function;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds TLS certificates shaped like {@link IdentityCertificate}'s, with one thing at a time made
 * wrong, for the verifier's tests. Each builder generates its own ephemeral P-256 certificate key.
 */
final class TestCertificates {

    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair certificateKey = newP256KeyPair();
    private PrivateKey issuerKey = certificateKey.getPrivate();
    private Instant notBefore = NOW.minus(Duration.ofHours(1));
    private Instant notAfter = NOW.plus(Duration.ofDays(1));
    /** Computes the DER bytes of the binding extension from the certificate key's SubjectPublicKeyInfo; null = none. */
    private Function<byte[], byte[]> extension = spki -> null;

    private TestCertificates() {
    }

    static TestCertificates certificate() {
        return new TestCertificates();
    }

    static NodeKey newNodeKey() {
        return NodeKey.generate(RANDOM);
    }

    static KeyPair newP256KeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A correct binding: {@code nodeKey} signs this certificate's key. */
    TestCertificates boundTo(NodeKey nodeKey) {
        return bindingClaiming(nodeKey.publicKey(), nodeKey);
    }

    /** The extension names {@code claimedPublicKey} but the signature over the certificate key is by {@code signer}. */
    TestCertificates bindingClaiming(byte[] claimedPublicKey, NodeKey signer) {
        extension = spki -> der(new DERSequence(new ASN1Encodable[] {
            new DEROctetString(claimedPublicKey),
            new DEROctetString(signer.sign(IdentityCertificate.signedContent(spki)))
        }));
        return this;
    }

    /** The extension holds {@code value} as its DER content. */
    TestCertificates extension(ASN1Encodable value) {
        byte[] encoded = der(value);
        extension = spki -> encoded;
        return this;
    }

    /** The extension holds {@code bytes} as its content, whether or not they are DER. */
    TestCertificates rawExtension(byte[] bytes) {
        extension = spki -> bytes.clone();
        return this;
    }

    /** The binding is correct, but for another certificate key than the one this certificate carries. */
    TestCertificates bindingCopiedFromAnotherCertificate(NodeKey nodeKey) {
        byte[] otherSpki = newP256KeyPair().getPublic().getEncoded();
        extension = spki -> der(new DERSequence(new ASN1Encodable[] {
            new DEROctetString(nodeKey.publicKey()),
            new DEROctetString(nodeKey.sign(IdentityCertificate.signedContent(otherSpki)))
        }));
        return this;
    }

    TestCertificates validity(Instant from, Instant until) {
        notBefore = from;
        notAfter = until;
        return this;
    }

    /** The certificate is signed by {@code issuer} instead of its own key, so it is not self-signed. */
    TestCertificates signedBy(PrivateKey issuer) {
        issuerKey = issuer;
        return this;
    }

    X509Certificate build() {
        try {
            X500Name subject = new X500Name("CN=test");
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    BigInteger.valueOf(RANDOM.nextInt(Integer.MAX_VALUE)).add(BigInteger.ONE),
                    Date.from(notBefore), Date.from(notAfter), subject, certificateKey.getPublic());
            byte[] value = extension.apply(certificateKey.getPublic().getEncoded());
            if (value != null) {
                builder.addExtension(IdentityCertificate.BINDING_EXTENSION, false, value);
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot build test certificate", e);
        }
    }

    private static byte[] der(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded("DER");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
