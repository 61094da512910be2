package dev.overlay.identity;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A fresh self-signed TLS certificate bound to the node key, the libp2p-TLS construction: the
 * certificate key is an ephemeral ECDSA P-256 key, and an extension carries the node's Ed25519
 * public key plus the node key's signature over {@link #SIGNATURE_PREFIX} followed by the DER
 * SubjectPublicKeyInfo of the certificate key. Whoever completes TLS with this certificate therefore
 * proves control of both keys. Immutable.
 */
public record IdentityCertificate(X509Certificate certificate, PrivateKey privateKey) {

    /** Private-use OID of the binding extension (documented in docs/PROTOCOL.md). */
    public static final ASN1ObjectIdentifier BINDING_EXTENSION = new ASN1ObjectIdentifier("1.3.6.1.4.1.62253.1.1");
    public static final byte[] SIGNATURE_PREFIX = "overlay-tls-binding:".getBytes(StandardCharsets.US_ASCII);

    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final Duration LIFETIME = Duration.ofDays(365);

    public static IdentityCertificate create(NodeKey nodeKey, Clock clock, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair tlsKey = generator.generateKeyPair();

            byte[] spki = tlsKey.getPublic().getEncoded();
            byte[] signature = nodeKey.sign(signedContent(spki));
            DERSequence binding = new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                new DEROctetString(nodeKey.publicKey()), new DEROctetString(signature)
            });

            Instant now = clock.instant();
            X500Name subject = new X500Name("CN=" + nodeKey.nodeId().shortForm());
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject, new BigInteger(64, random).abs().add(BigInteger.ONE),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(LIFETIME)), subject, tlsKey.getPublic());
            builder.addExtension(BINDING_EXTENSION, false, binding);

            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(tlsKey.getPrivate())));
            return new IdentityCertificate(certificate, tlsKey.getPrivate());
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException
                 | java.io.IOException e) {
            throw new IdentityException("Cannot create the TLS identity certificate: " + e.getMessage(), e);
        }
    }

    static byte[] signedContent(byte[] subjectPublicKeyInfo) {
        byte[] content = new byte[SIGNATURE_PREFIX.length + subjectPublicKeyInfo.length];
        System.arraycopy(SIGNATURE_PREFIX, 0, content, 0, SIGNATURE_PREFIX.length);
        System.arraycopy(subjectPublicKeyInfo, 0, content, SIGNATURE_PREFIX.length, subjectPublicKeyInfo.length);
        return content;
    }
}
