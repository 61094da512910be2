package dev.overlay.identity;

/** A peer certificate does not prove a node identity; the message says which check failed. */
public class CertificateBindingException extends Exception {

    public CertificateBindingException(String message) {
        super(message);
    }
}
