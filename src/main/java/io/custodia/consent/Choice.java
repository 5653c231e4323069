package io.custodia.consent;

import io.custodia.shared.SubjectId;
import org.jspecify.annotations.Nullable;

/**
 * A choice to record. Consent kinds name a purpose and a channel; an objection names a purpose; a
 * restriction names neither.
 *
 * @param noticeLanguage the language of the notice the person was shown ({@code en}, {@code fr}); with a
 *                       consent given or renewed, the notice version in force in it is recorded with its hash
 * @param noticeVersion  the version of that notice the person was shown, when it is not the one in force now
 *                       (a confirmation link carries the version shown when consent was asked)
 * @param formId         the web form or campaign that collected it, if any
 * @param userAgent      the person's browser, when they acted themselves (kept to 256 characters)
 * @param ipAddress      their IP address: only its keyed hash is stored
 */
public record Choice(SubjectId subject, ChoiceKind kind, @Nullable String purpose, @Nullable Channel channel, ChoiceSource source,
        @Nullable String noticeLanguage, @Nullable Integer noticeVersion, @Nullable String formId, @Nullable String userAgent, @Nullable String ipAddress) {

    /** A choice made through staff or the API, with no browser evidence. */
    public static Choice of(SubjectId subject, ChoiceKind kind, @Nullable String purpose, @Nullable Channel channel, ChoiceSource source) {
        return new Choice(subject, kind, purpose, channel, source, null, null, null, null, null);
    }
}
