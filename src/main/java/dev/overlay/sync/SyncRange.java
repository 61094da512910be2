package dev.overlay.sync;

import dev.overlay.relay.MessageId;
import java.util.List;
import java.util.Optional;

/**
 * One range of a {@link SyncMessage}: it starts where the previous range ended (the first at the
 * message's lower bound) and ends before {@code upper}.
 *
 * @param upper exclusive upper bound
 * @param mode what the range carries
 * @param fingerprint the sender's fingerprint of the range, for {@link Mode#FINGERPRINT}
 * @param ids ids in the range, for {@link Mode#ID_LIST}
 */
public record SyncRange(SyncItem upper, Mode mode, Optional<Fingerprint> fingerprint, List<MessageId> ids) {

    /** What a range says; the numbers are the wire codes. */
    public enum Mode {
        /** Nothing to do: the range is settled. */
        SKIP(0),
        /** The sender's fingerprint of the range; a receiver whose own differs splits the range. */
        FINGERPRINT(1),
        /** Ids the sender has in the range (all of them, or those the receiver's list lacked). */
        ID_LIST(2);

        private final int code;

        Mode(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        public static Mode ofCode(int code) {
            for (Mode mode : values()) {
                if (mode.code == code) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("unknown range mode " + Integer.toUnsignedString(code));
        }
    }

    public SyncRange {
        ids = List.copyOf(ids);
        if ((mode == Mode.FINGERPRINT) != fingerprint.isPresent()) {
            throw new IllegalArgumentException("a fingerprint belongs to, and only to, a FINGERPRINT range");
        }
        if (mode != Mode.ID_LIST && !ids.isEmpty()) {
            throw new IllegalArgumentException("ids belong only to an ID_LIST range");
        }
    }

    static SyncRange skip(SyncItem upper) {
        return new SyncRange(upper, Mode.SKIP, Optional.empty(), List.of());
    }

    static SyncRange fingerprint(SyncItem upper, Fingerprint fingerprint) {
        return new SyncRange(upper, Mode.FINGERPRINT, Optional.of(fingerprint), List.of());
    }

    static SyncRange idList(SyncItem upper, List<MessageId> ids) {
        return new SyncRange(upper, Mode.ID_LIST, Optional.empty(), ids);
    }

    /** Bytes this range takes on the wire, about: bound, mode, and fingerprint or ids. */
    int wireSize() {
        return 12 + SyncItem.ID_LENGTH / 4 + (mode == Mode.FINGERPRINT ? Fingerprint.LENGTH + 2 : 0)
                + ids.size() * (SyncItem.ID_LENGTH + 2);
    }
}
