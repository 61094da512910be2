package dev.overlay.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.junit.jupiter.api.Test;

class RecentSignersTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static NodeKey signer() {
        return NodeKey.generate(RANDOM);
    }

    private static Ed25519PublicKeyParameters decoded(NodeKey key) {
        return new Ed25519PublicKeyParameters(key.publicKey(), 0);
    }

    @Test
    void aSignerIsUnknownUntilItsKeyVerifiedASignature() {
        RecentSigners signers = new RecentSigners(8);
        NodeKey key = signer();

        assertThat(signers.keyOf(key.nodeId())).isNull();
        signers.verified(key.nodeId(), decoded(key));
        assertThat(signers.keyOf(key.nodeId()).getEncoded()).isEqualTo(key.publicKey());
    }

    @Test
    void aFullCacheStartsOverInsteadOfGrowing() {
        RecentSigners signers = new RecentSigners(3);
        NodeKey first = signer();
        signers.verified(first.nodeId(), decoded(first));
        for (int i = 0; i < 2; i++) {
            NodeKey key = signer();
            signers.verified(key.nodeId(), decoded(key));
        }

        NodeKey fourth = signer();
        signers.verified(fourth.nodeId(), decoded(fourth));

        assertThat(signers.size()).isEqualTo(1);
        assertThat(signers.keyOf(first.nodeId())).isNull();
        assertThat(signers.keyOf(fourth.nodeId())).isNotNull();
    }
}
