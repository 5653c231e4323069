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

    DoubleOptIn(ConsentLedger ledger, PrivacyLinks links, PrivacyMailer mailer, PrivacyNotices notices, PersonService persons,
            PrivacyProperties properties, DataMap dataMap) {
        this.ledger = ledger;
        this.links = links;
        this.mailer = mailer;
        this.notices = notices;
        this.persons = persons;
        this.properties = properties;
        this.dataMap = dataMap;
    }

    /** The person acting for themself through the privacy centre. */
    public static Actor subjectActor(SubjectId subject) {
        return new Actor(Actor.Kind.SUBJECT, subject.value().toString(), subject.value().toString(), Set.of());
    }

    /**
     * Asks the person to confirm their consent to an email purpose: records the request and emails the
     * confirmation link. Nothing is recorded if the email cannot be sent.
     *
     * @param language the language of the email and of the notice shown; null for the person's own, else English
     */
    @Transactional
    public ChoiceEvent request(Actor actor, SubjectId subject, String purposeId, @Nullable String language, ChoiceSource source,
            @Nullable String formId, @Nullable String userAgent, @Nullable String ipAddress) {
        Purpose purpose = dataMap.purpose(purposeId).filter(p -> p.legalBasis() == LegalBasis.CONSENT)
                .orElseThrow(() -> InvalidInputException.of("purpose", "not-consent-based", "double opt-in asks for consent: name a consent purpose, one of "
                        + dataMap.purposes().values().stream().filter(p -> p.legalBasis() == LegalBasis.CONSENT).map(Purpose::id).toList()));
        Person person = persons.get(new AccessRequest(actor, PURPOSE), subject).orElseThrow(() -> new NotFoundException("person", subject));
        List<String> emails = person.values(PersonField.EMAILS);
        if (emails.isEmpty()) throw InvalidInputException.of("emails", "required", "the person has no email address to confirm with");
        String lang = language != null ? language : "fr".equals(person.value(PersonField.LANGUAGE)) ? "fr" : "en";
        PrivacyNotice notice = notices.current(lang);
        ChoiceEvent requested = ledger.record(actor, new Choice(subject, ChoiceKind.REQUESTED, purpose.id(), Channel.EMAIL, source, lang,
                notice.version(), formId, userAgent, ipAddress)).getFirst();
        Locale locale = Locale.forLanguageTag(lang);
        String first = person.value(PersonField.FIRST_NAME);
        mailer.send(emails.getFirst(), locale, "consent.mail.confirm", first == null ? "" : " " + first, purpose.name().in(locale),
                properties.link("/privacy/confirm", links.confirmation(subject, purpose.id(), Channel.EMAIL, notice.version(), lang)),
                properties.confirmationTtl().toDays(), properties.url("/privacy/notice?lang=" + lang));
        return requested;
    }

    /**
     * Emails the person the sealed link to their preference centre (the other email of the privacy
     * centre), in their language.
     */
    @Transactional(readOnly = true)
    public void emailPreferenceLink(Actor actor, SubjectId subject) {
        Person person = persons.get(new AccessRequest(actor, PURPOSE), subject).orElseThrow(() -> new NotFoundException("person", subject));
        List<String> emails = person.values(PersonField.EMAILS);
        if (emails.isEmpty()) throw InvalidInputException.of("emails", "required", "the person has no email address to send the link to");
        String lang = "fr".equals(person.value(PersonField.LANGUAGE)) ? "fr" : "en";
        String first = person.value(PersonField.FIRST_NAME);
        mailer.send(emails.getFirst(), Locale.forLanguageTag(lang), "consent.mail.preferences", first == null ? "" : " " + first,
                properties.link("/privacy/preferences", links.preferences(subject)), properties.linkTtl().toDays(),
                properties.url("/privacy/notice?lang=" + lang));
    }

    /**
     * What a confirmation link asks the person to confirm, before they do (opening the link changes
     * nothing: mail scanners open links too).
     */
    public PrivacyLinks.Link pending(@Nullable String token) {
        return links.open(token, PrivacyLinks.Kind.CONFIRM);
    }

    /** The person confirms: consent is given under the notice they were shown, with their browser as evidence. */
    @Transactional
    public Confirmed confirm(@Nullable String token, @Nullable String userAgent, @Nullable String ipAddress) {
        PrivacyLinks.Link link = links.open(token, PrivacyLinks.Kind.CONFIRM);
        var state = ledger.state(link.subject()).stream().filter(s -> s.purpose().equals(link.purpose())).findFirst();
        var channel = state.map(s -> s.channels().get(link.channel())).orElse(null);
        if (channel != null && channel.status().givesConsent()) {
            return Confirmed.ALREADY_GIVEN;
        }
        ledger.record(subjectActor(link.subject()), new Choice(link.subject(), ChoiceKind.GIVEN, link.purpose(), link.channel(),
                ChoiceSource.EMAIL_LINK, link.language(), link.noticeVersion(), null, userAgent, ipAddress));
        return Confirmed.RECORDED;
    }
}
