package dev.overlay.identity;

import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * Verifies that a peer's TLS certificate is bound to a node key (see {@link IdentityCertificate}) and
 * returns the proven node id. There is no CA and no trust on first use: the binding signature is the
 * whole proof. Stateless and thread-safe.
 */
public final class CertificateBindingVerifier {

    private static final int MAX_EXTENSION_BYTES = 512;

    private final Clock clock;

    public CertificateBindingVerifier(Clock clock) {
        this.clock = clock;
    }

    public NodeId verify(Certificate[] chain) throws CertificateBindingException {
        if (chain == null || chain.length != 1 || !(chain[0] instanceof X509Certificate certificate)) {
            throw new CertificateBindingException("expected exactly one self-signed X.509 certificate");
        }
        return verify(certificate);
    }

    public NodeId verify(X509Certificate certificate) throws CertificateBindingException {
        try {
            certificate.checkValidity(Date.from(clock.instant()));
            certificate.verify(certificate.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new CertificateBindingException("certificate is not a valid self-signed certificate: " + e.getMessage());
        }
        byte[] extension = certificate.getExtensionValue(IdentityCertificate.BINDING_EXTENSION.getId());
        if (extension == null) {
            throw new CertificateBindingException("certificate has no node identity extension");
        }
        if (extension.length > MAX_EXTENSION_BYTES) {
            throw new CertificateBindingException("node identity extension is too large");
        }
        byte[] publicKey;
        byte[] signature;
        try {
            ASN1OctetString wrapper = ASN1OctetString.getInstance(extension);
            ASN1Primitive content = ASN1Primitive.fromByteArray(wrapper.getOctets());
            if (content == null) {
                throw new CertificateBindingException("node identity extension is empty");
            }
            ASN1Sequence binding = ASN1Sequence.getInstance(content);
            if (binding.size() != 2) {
                throw new CertificateBindingException("node identity extension must hold a key and a signature");
            }
            publicKey = ASN1OctetString.getInstance(binding.getObjectAt(0)).getOctets();
            signature = ASN1OctetString.getInstance(binding.getObjectAt(1)).getOctets();
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new CertificateBindingException("node identity extension is malformed");
        }
        if (publicKey.length != NodeId.PUBLIC_KEY_LENGTH) {
            throw new CertificateBindingException("node public key must be " + NodeId.PUBLIC_KEY_LENGTH + " bytes");
        }
        byte[] signed = IdentityCertificate.signedContent(certificate.getPublicKey().getEncoded());
        if (!NodeKey.verify(publicKey, signed, signature)) {
            throw new CertificateBindingException("node key signature over the certificate key does not verify");
        }
        return NodeId.fromPublicKey(publicKey);
    }
}
