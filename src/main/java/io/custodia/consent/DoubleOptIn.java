package io.custodia.consent;

import io.custodia.access.AccessRequest;
import io.custodia.datamap.DataMap;
import io.custodia.datamap.LegalBasis;
import io.custodia.datamap.Purpose;
import io.custodia.identity.Actor;
import io.custodia.people.InvalidInputException;
import io.custodia.people.NotFoundException;
import io.custodia.people.Person;
import io.custodia.people.PersonField;
import io.custodia.people.PersonService;
import io.custodia.shared.SubjectId;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Double opt-in for email (CNIL: prior, specific consent for B2C email prospecting): the request is
 * recorded and a sealed, expiring link is emailed to the person; consent counts only once they open it
 * and confirm. The email address is read through the gateway under {@link #PURPOSE}.
 */
@Service
public class DoubleOptIn {

    /** The data map's purpose for asking, confirming and proving consent (self-service for the person). */
    public static final String PURPOSE = "consent-management";

    /** What a confirmation did. */
    public enum Confirmed { RECORDED, ALREADY_GIVEN }

    private final ConsentLedger ledger;
    private final PrivacyLinks links;
    private final PrivacyMailer mailer;
    private final PrivacyNotices notices;
    private final PersonService persons;
    private final PrivacyProperties properties;
    private final DataMap dataMap;
    private final PurposeChanges purposeChanges;

    DoubleOptIn(ConsentLedger ledger, PrivacyLinks links, PrivacyMailer mailer, PrivacyNotices notices, PersonService persons,
            PrivacyProperties properties, DataMap dataMap, PurposeChanges purposeChanges) {
        this.purposeChanges = purposeChanges;
        this.ledger = ledger;
        this.links = links;
        this.mailer = mailer;
        this.notices = notices;
        this.persons = persons;
        this.properties = properties;
        this.dataMap = dataMap;
    }

    /**
     * Custodia's privacy mailer: reads a person's address under {@link #PURPOSE} to write to them when staff
     * ask it to. The staff member never sees the address; the read is audited as the system's.
     */
    private static final Actor MAILER = Actor.system(Set.of(io.custodia.identity.Role.DPO));

    /** The person acting for themself through the privacy centre. */
    public static Actor subjectActor(SubjectId subject) {
        return new Actor(Actor.Kind.SUBJECT, subject.value().toString(), subject.value().toString(), Set.of());
    }

    /**
     * Asks the person to confirm their consent to an email purpose: records the request and emails the
     * confirmation link. Nothing is recorded if the email cannot be sent. A restricted person, or one who
     * objected to the purpose, is not asked (asking would itself be the processing they stopped).
     *
     * @param language the language of the email and of the notice shown; null for the person's own, else English
     * @throws io.custodia.policy.BasisRefusedException when the person is restricted or objected
     */
    @Transactional
    public ChoiceEvent request(Actor actor, SubjectId subject, String purposeId, @Nullable String language, ChoiceSource source,
            @Nullable String formId, @Nullable String userAgent, @Nullable String ipAddress) {
        Purpose purpose = dataMap.purpose(purposeId).filter(p -> p.legalBasis() == LegalBasis.CONSENT)
                .orElseThrow(() -> InvalidInputException.of("purpose", "not-consent-based", "double opt-in asks for consent: name a consent purpose, one of "
                        + dataMap.purposes().values().stream().filter(p -> p.legalBasis() == LegalBasis.CONSENT).map(Purpose::id).toList()));
        Person person = persons.get(new AccessRequest(reader(actor), PURPOSE), subject).orElseThrow(() -> new NotFoundException("person", subject));
        refuseIfStopped(actor, subject, purpose);
        List<String> emails = person.values(PersonField.EMAILS);
        if (emails.isEmpty()) throw InvalidInputException.of("emails", "required", "the person has no email address to confirm with");
        String lang = language != null ? language : "fr".equals(person.value(PersonField.LANGUAGE)) ? "fr" : "en";
        PrivacyNotice notice = notices.current(lang);
        ChoiceEvent requested = ledger.record(actor, new Choice(subject, ChoiceKind.REQUESTED, purpose.id(), Channel.EMAIL, source, lang,
                notice.version(), formId, userAgent, ipAddress)).getFirst();
        Locale locale = Locale.forLanguageTag(lang);
        String first = person.value(PersonField.FIRST_NAME);
        mailer.send(emails.getFirst(), locale, "consent.mail.confirm", first == null ? "" : " " + first, purpose.name().in(locale),
                properties.link("/privacy/confirm", links.confirmation(subject, purpose.id(), Channel.EMAIL, notice.version(), lang, requested.id()), lang),
                properties.confirmationTtl().toDays(), properties.url("/privacy/notice?lang=" + lang));
        return requested;
    }

    /** The person themself reads their own record; for staff, Custodia's mailer does. */
    private static Actor reader(Actor actor) {
        return actor.kind() == Actor.Kind.SUBJECT ? actor : MAILER;
    }

    /**
     * Staff do not ask a person who stopped the processing; the person may ask themself (a sign-up after an
     * objection is their change of mind, and confirming lifts the objection), but not while restricted.
     */
    private void refuseIfStopped(Actor actor, SubjectId subject, Purpose purpose) {
        var restricted = ledger.restrictedSince(subject);
        if (restricted != null) {
            refuse(actor, subject, new io.custodia.policy.BasisRefusal("RESTRICTED", purpose.id(), restricted,
                    "processing of this person is restricted (GDPR Art. 18): they are not asked for consent"));
        }
        if (actor.kind() == Actor.Kind.SUBJECT) return;
        var objected = ledger.state(subject).stream().filter(s -> s.purpose().equals(purpose.id()) && "OBJECTED".equals(s.status())).findFirst();
        if (objected.isPresent()) {
            refuse(actor, subject, new io.custodia.policy.BasisRefusal("OBJECTED", purpose.id(), objected.get().since(),
                    "the person objected to " + purpose.id() + " (GDPR Art. 21): they are not asked for consent"));
        }
    }

    /** Records the refusal to ask (the reason's code and day, as the gateway records its own), then refuses. */
    private void refuse(Actor actor, SubjectId subject, io.custodia.policy.BasisRefusal refusal) {
        ledger.denied(actor, subject, refusal.purpose(), "attempted=CONSENT; kind=REQUESTED; reason=BASIS_" + refusal.reason()
                + (refusal.since() == null ? "" : "; since=" + java.time.LocalDate.ofInstant(refusal.since(), java.time.ZoneOffset.UTC)));
        throw new io.custodia.policy.BasisRefusedException(subject, refusal);
    }

    /**
     * Emails the person the sealed link to their preference centre (the other email of the privacy
     * centre), in their language.
     */
    @Transactional(readOnly = true)
    public void emailPreferenceLink(Actor actor, SubjectId subject) {
        Person person = persons.get(new AccessRequest(reader(actor), PURPOSE), subject).orElseThrow(() -> new NotFoundException("person", subject));
        List<String> emails = person.values(PersonField.EMAILS);
        if (emails.isEmpty()) throw InvalidInputException.of("emails", "required", "the person has no email address to send the link to");
        String lang = "fr".equals(person.value(PersonField.LANGUAGE)) ? "fr" : "en";
        String first = person.value(PersonField.FIRST_NAME);
        mailer.send(emails.getFirst(), Locale.forLanguageTag(lang), "consent.mail.preferences", first == null ? "" : " " + first,
                properties.link("/privacy/preferences", links.preferences(subject), lang), properties.linkTtl().toDays(),
                properties.url("/privacy/notice?lang=" + lang));
    }

    /**
     * What a confirmation link asks the person to confirm, before they do (opening the link changes
     * nothing: mail scanners open links too).
     *
     * @throws PrivacyLinks.LinkRefusedException when the link is invalid, expired, already used or superseded
     *         by a later choice, or its purpose changed since it was sent
     */
    @Transactional(readOnly = true)
    public PrivacyLinks.Link pending(@Nullable String token) {
        PrivacyLinks.Link link = links.open(token, PrivacyLinks.Kind.CONFIRM);
        spent(link); // throws when the link can no longer be used; an already confirmed one still shows its page
        return link;
    }

    /** The person confirms: consent is given under the notice they were shown, with their browser as evidence. */
    @Transactional
    public Confirmed confirm(@Nullable String token, @Nullable String userAgent, @Nullable String ipAddress) {
        PrivacyLinks.Link link = links.open(token, PrivacyLinks.Kind.CONFIRM);
        persons.lock(link.subject());
        if (spent(link) == Confirmed.ALREADY_GIVEN) {
            return Confirmed.ALREADY_GIVEN;
        }
        Actor self = subjectActor(link.subject());
        if (ledger.state(link.subject()).stream().anyMatch(s -> s.purpose().equals(link.purpose()) && "OBJECTED".equals(s.status()))) {
            // the person asked for it and confirms it: their own objection to it is lifted by them (GDPR Art. 21)
            ledger.record(self, Choice.of(link.subject(), ChoiceKind.OBJECTION_LIFTED, link.purpose(), null, ChoiceSource.EMAIL_LINK));
        }
        ledger.record(self, new Choice(link.subject(), ChoiceKind.GIVEN, link.purpose(), link.channel(),
                ChoiceSource.EMAIL_LINK, link.language(), link.noticeVersion(), null, userAgent, ipAddress));
        return Confirmed.RECORDED;
    }

    /**
     * Whether the link can still give consent: its request must be on record, with no later choice for the
     * same purpose and channel (a confirmation gives {@link Confirmed#ALREADY_GIVEN}; anything else spends
     * it), and the purpose must not have changed since.
     *
     * @return null when the link may be used now
     */
    private @Nullable Confirmed spent(PrivacyLinks.Link link) {
        List<ChoiceEvent> history = ledger.history(link.subject());
        ChoiceEvent request = history.stream().filter(e -> e.id().equals(link.request()) && e.kind() == ChoiceKind.REQUESTED).findFirst()
                .orElseThrow(() -> new PrivacyLinks.LinkRefusedException(PrivacyLinks.LinkRefusedException.Reason.INVALID, "this link is not valid"));
        ChoiceEvent later = null;
        for (ChoiceEvent e : history.subList(history.indexOf(request) + 1, history.size())) {
            if (e.kind().changesConsent() && request.purpose().equals(e.purpose()) && e.channel() == request.channel()) later = e;
        }
        if (later != null) {
            if (later.kind().givesConsent() && later.source() == ChoiceSource.EMAIL_LINK) return Confirmed.ALREADY_GIVEN;
            throw new PrivacyLinks.LinkRefusedException(PrivacyLinks.LinkRefusedException.Reason.USED,
                    "a later choice replaced this request: ask for a new link");
        }
        java.time.Instant changed = purposeChanges.changedSince(request.purpose());
        if (changed != null && changed.isAfter(request.at())) {
            throw new PrivacyLinks.LinkRefusedException(PrivacyLinks.LinkRefusedException.Reason.PURPOSE_CHANGED,
                    "the purpose changed after this link was sent: ask for a new one");
        }
        return null;
    }
}
