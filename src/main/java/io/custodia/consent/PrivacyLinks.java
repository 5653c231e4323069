package io.custodia.consent;

import io.custodia.crypto.LinkSeals;
import io.custodia.shared.SubjectId;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The links emailed to a person: to their preference centre, or to confirm a consent (double opt-in).
 * Sealed ({@link LinkSeals}: nothing readable, nothing forgeable) and expiring; the person needs no
 * password, the link is the proof that they hold the mailbox.
 */
@Service
public class PrivacyLinks {

    /** What a link lets its holder do. */
    public enum Kind { PREFERENCES, CONFIRM, UNSUBSCRIBE }

    /** How long the unsubscribe link of a message keeps working: a person may act on an old message. */
    static final java.time.Duration UNSUBSCRIBE_TTL = java.time.Duration.ofDays(400);

    /**
     * An opened link.
     *
     * @param purpose        the purpose to confirm (CONFIRM only)
     * @param noticeVersion  the notice version in force when the confirmation was asked (CONFIRM only)
     * @param language       the notice's language (CONFIRM only)
     * @param request        the REQUESTED event the link answers (CONFIRM only): the link is spent once a later
     *                       choice for the same purpose and channel exists
     */
    public record Link(Kind kind, SubjectId subject, @Nullable String purpose, @Nullable Channel channel, Instant expires,
            @Nullable Integer noticeVersion, @Nullable String language, @Nullable UUID request) {
    }

    /** Why a link does not open. */
    public static class LinkRefusedException extends RuntimeException {
        public enum Reason { INVALID, EXPIRED, WRONG_KIND, USED, PURPOSE_CHANGED }

        private final Reason reason;

        public LinkRefusedException(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    private final LinkSeals seals;
    private final Clock clock;
    private final PrivacyProperties properties;

    PrivacyLinks(LinkSeals seals, Clock clock, PrivacyProperties properties) {
        this.seals = seals;
        this.clock = clock;
        this.properties = properties;
    }

    /** A preference-centre link for this person, valid for {@code custodia.privacy.link-ttl}. */
    public String preferences(SubjectId subject) {
        return seal(new Link(Kind.PREFERENCES, subject, null, null, clock.instant().plus(properties.linkTtl()), null, null, null));
    }

    /** The one-click unsubscribe link of a message sent for this purpose (RFC 8058). */
    public String unsubscribe(SubjectId subject, String purpose) {
        return seal(new Link(Kind.UNSUBSCRIBE, subject, purpose, null, clock.instant().plus(UNSUBSCRIBE_TTL), null, null, null));
    }

    /** A confirmation link for a consent asked now, valid for {@code custodia.privacy.confirmation-ttl}. */
    String confirmation(SubjectId subject, String purpose, Channel channel, int noticeVersion, String language, UUID request) {
        return seal(new Link(Kind.CONFIRM, subject, purpose, channel, clock.instant().plus(properties.confirmationTtl()), noticeVersion, language,
                request));
    }

    private String seal(Link link) {
        return seals.seal(String.join("|", "v1", link.kind().name(), link.subject().value().toString(), nz(link.purpose()),
                link.channel() == null ? "" : link.channel().name(), Long.toString(link.expires().getEpochSecond()),
                link.noticeVersion() == null ? "" : link.noticeVersion().toString(), nz(link.language()),
                link.request() == null ? "" : link.request().toString()));
    }

    /**
     * Opens a link of the expected kind.
     *
     * @throws LinkRefusedException when it was not made here, was altered, is of another kind or has expired
     */
    public Link open(@Nullable String token, Kind expected) {
        String payload = token == null ? null : seals.open(token).orElse(null);
        if (payload == null) throw new LinkRefusedException(LinkRefusedException.Reason.INVALID, "this link is not valid");
        String[] parts = payload.split("\\|", -1);
        if (parts.length != 9 || !parts[0].equals("v1")) {
            throw new LinkRefusedException(LinkRefusedException.Reason.INVALID, "this link is not valid");
        }
        Link link = new Link(Kind.valueOf(parts[1]), new SubjectId(UUID.fromString(parts[2])), parts[3].isEmpty() ? null : parts[3],
                parts[4].isEmpty() ? null : Channel.valueOf(parts[4]), Instant.ofEpochSecond(Long.parseLong(parts[5])),
                parts[6].isEmpty() ? null : Integer.valueOf(parts[6]), parts[7].isEmpty() ? null : parts[7],
                parts[8].isEmpty() ? null : UUID.fromString(parts[8]));
        if (link.kind() != expected) throw new LinkRefusedException(LinkRefusedException.Reason.WRONG_KIND, "this link is for something else");
        if (!clock.instant().isBefore(link.expires())) {
            throw new LinkRefusedException(LinkRefusedException.Reason.EXPIRED, "this link expired on " + link.expires());
        }
        return link;
    }

    private static String nz(@Nullable String value) {
        return value == null ? "" : value;
    }
}
