package dev.overlay.identity;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The node's long-lived Ed25519 key pair. Immutable and thread-safe: signing creates a fresh signer
 * per call, so any thread may sign.
 */
public final class NodeKey {

    public static final int SIGNATURE_LENGTH = 64;
    /** Signers whose decoded keys are kept; far more origins than a network publishes from at once. */
    static final int RECENT_SIGNERS = 4096;
    private static final RecentSigners recentSigners = new RecentSigners(RECENT_SIGNERS);

    private final Ed25519PrivateKeyParameters privateKey;
    private final byte[] publicKey;
    private final NodeId nodeId;

    NodeKey(Ed25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.publicKey = privateKey.generatePublicKey().getEncoded();
        this.nodeId = NodeId.fromPublicKey(publicKey);
    }

    public static NodeKey generate(SecureRandom random) {
        return new NodeKey(new Ed25519PrivateKeyParameters(random));
    }

    public NodeId nodeId() {
        return nodeId;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /** Verifies an Ed25519 signature by the node whose public key is {@code publicKey}. */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey.length != NodeId.PUBLIC_KEY_LENGTH || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        Ed25519PublicKeyParameters key = decode(publicKey);
        return key != null && verify(key, message, signature);
    }

    /**
     * Verifies an Ed25519 signature by {@code signer}, the way relayed messages are checked: the keys
     * of signers that verified lately are not decoded again.
     */
    public static boolean verify(NodeId signer, byte[] message, byte[] signature) {
        if (signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        Ed25519PublicKeyParameters known = recentSigners.keyOf(signer);
        if (known != null) {
            return verify(known, message, signature);
        }
        Ed25519PublicKeyParameters key = decode(signer.publicKey());
        if (key == null || !verify(key, message, signature)) {
            return false;
        }
        recentSigners.verified(signer, key);
        return true;
    }

    private static Ed25519PublicKeyParameters decode(byte[] publicKey) {
        try {
            return new Ed25519PublicKeyParameters(publicKey, 0);
        } catch (IllegalArgumentException notACurvePoint) {
            return null;
        }
    }

    private static boolean verify(Ed25519PublicKeyParameters key, byte[] message, byte[] signature) {
        // Straight to the curve: Ed25519Signer would first copy the message into a growing buffer.
        return key.verify(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0);
    }

    Ed25519PrivateKeyParameters privateKeyParameters() {
        return privateKey;
    }
}
