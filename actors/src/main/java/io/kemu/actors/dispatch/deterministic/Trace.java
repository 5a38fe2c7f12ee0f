package io.kemu.actors.dispatch.deterministic;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;
import scala.Product;

/**
 * The ordered sequence of messages a deterministic run delivered, one line per delivery:
 * {@code <virtual nanos> <receiver path> <message type>}, folded into a SHA-256 digest as it grows
 * (so a long run costs no memory) and optionally handed line by line to a sink ({@code --trace FILE}).
 *
 * <p>Message types are class names; Akka's message-adapter wrappers show the adapted message's type
 * in parentheses; lambda and hidden class names (which differ between JVM runs) are cut to their
 * declaring class, so the digest depends only on the run.
 */
public final class Trace {
    private static final String ADAPTER_WRAPPERS = "akka.actor.typed.internal.Adapt";

    private static final ClassValue<byte[]> PLAIN_TYPES = new ClassValue<>() {
        @Override
        protected byte[] computeValue(Class<?> type) {
            return stableName(type).getBytes(StandardCharsets.UTF_8);
        }
    };

    private final MessageDigest digest;
    private final Consumer<String> sink;
    private long deliveries;

    Trace(Consumer<String> sink) {
        this.sink = sink;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /**
     * Folds in the line {@code nanos receiver type}; the receiver comes already encoded (once per
     * mailbox) and plain types' names are encoded once per class, so a delivery allocates little.
     */
    void record(long nanos, String receiver, byte[] receiverUtf8, Object message) {
        deliveries++;
        final String wrapped = wrappedType(message);
        digest.update(Long.toString(nanos).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ' ');
        digest.update(receiverUtf8);
        digest.update((byte) ' ');
        digest.update(wrapped == null ? PLAIN_TYPES.get(message.getClass()) : wrapped.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
        if (sink != null) {
            sink.accept(nanos + " " + receiver + " " + typeOf(message));
        }
    }

    /** Messages delivered so far. */
    public long deliveries() {
        return deliveries;
    }

    /** The digest of the lines so far, in hex (the digest state itself is kept, so recording may go on). */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests are cloneable in every JDK", e);
        }
    }

    static String typeOf(Object message) {
        final String wrapped = wrappedType(message);
        return wrapped != null ? wrapped : stableName(message.getClass());
    }

    /** An adapter wrapper's type with the adapted message's in parentheses; null for any other message. */
    private static String wrappedType(Object message) {
        if (message.getClass().getName().startsWith(ADAPTER_WRAPPERS) && message instanceof Product product
                && product.productArity() > 0) {
            final Object inner = product.productElement(0);
            return stableName(message.getClass()) + "(" + (inner == null ? "null" : stableName(inner.getClass())) + ")";
        }
        return null;
    }

    private static String stableName(Class<?> type) {
        final String name = type.getName();
        final int lambda = name.indexOf("$$Lambda");
        final int hidden = name.indexOf('/');
        final int cut = lambda >= 0 ? lambda : hidden;
        return cut >= 0 ? name.substring(0, cut) + "$lambda" : name;
    }
}
