package io.custodia.rights;

import io.custodia.access.AccessRequest;
import io.custodia.access.PersonalDataGateway;
import io.custodia.audit.AuditAction;
import io.custodia.audit.AuditEvent;
import io.custodia.audit.AuditLedger;
import io.custodia.audit.AuditOutcome;
import io.custodia.consent.Choice;
import io.custodia.consent.ChoiceKind;
import io.custodia.consent.ChoiceSource;
import io.custodia.consent.ConsentLedger;
import io.custodia.consent.PrivacyMailer;
import io.custodia.consent.PrivacyProperties;
import io.custodia.crypto.LinkSeals;
import io.custodia.datamap.DataMap;
import io.custodia.datamap.LegalBasis;
import io.custodia.datamap.Purpose;
import io.custodia.identity.Actor;
import io.custodia.identity.Role;
import io.custodia.people.InvalidInputException;
import io.custodia.people.Jurisdiction;
import io.custodia.people.NotFoundException;
import io.custodia.people.Person;
import io.custodia.people.PersonField;
import io.custodia.people.PersonService;
import io.custodia.retention.LegalHold;
import io.custodia.retention.LegalHolds;
import io.custodia.shared.Ids;
import io.custodia.shared.SubjectId;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Data subject requests from receipt to answer. Each gets its legal clock at receipt ({@link Deadlines}),
 * is verified in proportion to what it asks (an emailed link; none for an opt-out), and is answered by email
 * in the person's language at each step. The privacy centre's answer is the same whether or not the address
 * is known (the email says the rest, to the mailbox's owner only). Everything that happens is recorded with
 * the request, and each act in the audit ledger; a failed email undoes the step it belonged to, but for what must stand
 * whatever the mail server does: a request staff enter (its clock runs from receipt) and a person's confirmation (with
 * an objection it applied) are kept, their history saying the email could not go.
 */
@Service
public class RightsRequests {

    /** The purpose under which requests are handled (legal obligation, GDPR Art. 12-22). */
    public static final String PURPOSE = "data-subject-rights";
    static final int MAX_REASON = 2000;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Deadlines deadlines;
    private final RightsProperties properties;
    private final PersonService persons;
    private final PersonalDataGateway gateway;
    private final ConsentLedger ledger;
    private final DataMap dataMap;
    private final PrivacyMailer mailer;
    private final PrivacyProperties privacy;
    private final LinkSeals seals;
    private final AuditLedger audit;
    private final AccessPackages packages;
    private final RecipientNotices notices;
    private final RequestHistory history;
    private final io.custodia.crypto.ArchiveBox archives;
    private final LegalHolds holds;
    private final KeptErasures kept;

    RightsRequests(JdbcClient jdbc, Clock clock, Deadlines deadlines, RightsProperties properties, PersonService persons,
            PersonalDataGateway gateway, ConsentLedger ledger, DataMap dataMap, PrivacyMailer mailer, PrivacyProperties privacy, LinkSeals seals,
            AuditLedger audit, AccessPackages packages, RecipientNotices notices, io.custodia.crypto.ArchiveBox archives, RequestHistory history,
            LegalHolds holds, KeptErasures kept) {
        this.history = history;
        this.archives = archives;
        this.holds = holds;
        this.kept = kept;
        this.notices = notices;
        this.packages = packages;
        this.jdbc = jdbc;
        this.clock = clock;
        this.deadlines = deadlines;
        this.properties = properties;
        this.persons = persons;
        this.gateway = gateway;
        this.ledger = ledger;
        this.dataMap = dataMap;
        this.mailer = mailer;
        this.privacy = privacy;
        this.seals = seals;
        this.audit = audit;
    }

    /** Custodia acting for the controller on a person's request: the DPO's purpose, no one's account. */
    private static Actor system() {
        return Actor.system(Set.of(Role.DPO));
    }

    /**
     * The day it is now under each law's calendar (its time zone, as the due days were set): what time left and
     * what may still be done count from.
     */
    public Today today() {
        return deadlines.today(clock.instant());
    }

    /** A request due within this many days is nearly due. */
    public int soonDays() {
        return properties.soonDays();
    }

    // ------------------------------------------------------------------ intake

    /**
     * A request made on the privacy centre, by email address. Whatever the address, the caller learns the
     * same; the person learns the rest by email: a link to confirm, that no data is held under it, or (an
     * opt-out, which needs no verification) that it is done.
     *
     * @throws InvalidInputException naming each bad field
     * @throws io.custodia.consent.MailUnavailableException when the email cannot be sent: nothing is recorded
     */
    @Transactional
    public UUID submit(RequestType type, String email, Jurisdiction jurisdiction, String language) {
        return submit(type, email, jurisdiction, language, null, null, false);
    }

    /**
     * The same, with what the form may add:
     * <ul>
     * <li>{@code proposal}: the correction a rectification request proposes (GDPR Art. 16), kept sealed with the
     *     request for the DPO's review, never shown before the request is confirmed;</li>
     * <li>{@code agent}: the request is made by an authorised agent for the person (CCPA §1798.135(c), regs §7063),
     *     with their proof of permission, kept sealed for the DPO. The person still confirms, from the email sent to
     *     their own address: that confirms both who they are and that they gave the agent permission (§7063(a)).
     *     Answers go to the person, never to the agent; the agent is told the request is received;</li>
     * <li>{@code categoriesOnly}: a Californian asks to know only the categories of personal information held about
     *     them, their sources, purposes and recipients (CCPA §1798.110(a)(1)-(4)). That needs two data points, not
     *     three and a declaration (regs §7062(b)), and is answered with the categories, never the values.</li>
     * </ul>
     *
     * @throws InvalidInputException also when {@code categoriesOnly} is asked of anything but a Californian's access request
     */
    @Transactional
    public UUID submit(RequestType type, String email, Jurisdiction jurisdiction, String language, @Nullable String proposal,
            @Nullable Agent agent, boolean categoriesOnly) {
        requireCategoriesFitting(categoriesOnly, type, jurisdiction);
        // checked before anyone is looked up: the answer never depends on whether the address is known
        requireProposal(type, proposal);
        String address = email == null ? "" : email.strip();
        Optional<String> digest = gateway.emailDigest(address);
        if (digest.isEmpty() || address.length() > 254 || !address.matches(EMAIL)) {
            throw InvalidInputException.of("email", "invalid", "an email address such as name@example.com");
        }
        Instant now = clock.instant();
        List<SubjectId> subjects = persons.findByEmail(new AccessRequest(system(), PURPOSE), address);
        UUID id = insert(type, jurisdiction, RequestChannel.PRIVACY_CENTRE, language(language), digest.get(), now, subjects, categoriesOnly);
        if (type == RequestType.RECTIFICATION && !subjects.isEmpty()) propose(id, subjects.getFirst(), proposal);
        Locale locale = Locale.forLanguageTag(language(language));
        if (agent != null) keepAgent(id, subjects.isEmpty() ? null : subjects.getFirst(), agent, type, locale);
        if (subjects.isEmpty()) {
            close(id, Outcome.NO_DATA, null, system(), now);
            mailer.send(address, locale, "rights.mail.no-data", label(type, locale));
        } else if (!type.needsVerification()) {
            verified(id, system(), now, "no verification: an opt-out (CCPA §7026(d), §7027(e))");
            applyChoices(type, subjects, ChoiceSource.PRIVACY_CENTRE);
            close(id, Outcome.COMPLIED, null, system(), now);
            mailer.send(address, locale, "rights.mail.done", label(type, locale), day(now, locale));
        } else {
            String token = seals.seal(String.join("|", "r1", id.toString(), Long.toString(now.plus(properties.verificationTtl()).getEpochSecond())));
            String link = privacy.link("/privacy/requests/verify", token, locale.getLanguage());
            String until = day(now.plus(properties.verificationTtl()), locale);
            if (agent != null) {
                mailer.send(address, locale, "rights.mail.verify-agent", label(type, locale), agent.name(), link, until);
            } else {
                mailer.send(address, locale, "rights.mail.verify", label(type, locale), link, until);
            }
            event(id, "EMAILED", system(), "verification link");
        }
        return id;
    }

    /**
     * Someone acting for the person: their name and address, and the proof that the person permitted it (a signed
     * letter or power of attorney: PDF, PNG or JPEG, at most {@link #MAX_PERMISSION} bytes).
     */
    public record Agent(String name, String email, byte[] permission, String contentType) {

        /**
         * The agent as a staff or public form sends them, the proof as an uploaded file (read only when not too large).
         *
         * @throws InvalidInputException naming each bad field
         */
        public static Agent of(@Nullable String name, @Nullable String email, org.springframework.web.multipart.@Nullable MultipartFile upload)
                throws java.io.IOException {
            if (upload != null && upload.getSize() > MAX_PERMISSION) return of(name, email, null, upload.getSize());
            return of(name, email, upload == null || upload.isEmpty() ? null : upload.getBytes(), 0);
        }

        /**
         * @throws InvalidInputException naming each bad field
         */
        public static Agent of(@Nullable String name, @Nullable String email, byte @Nullable [] permission) {
            return of(name, email, permission, 0);
        }

        /** @param tooLarge the size of a proof refused unread for its size, or 0 */
        private static Agent of(@Nullable String name, @Nullable String email, byte @Nullable [] permission, long tooLarge) {
            List<InvalidInputException.FieldError> errors = new ArrayList<>();
            String who = name == null ? "" : name.strip();
            String address = email == null ? "" : email.strip();
            // a name only: it is quoted in our email to the person, so no digits, links or addresses (no phishing through it)
            if (who.isEmpty() || who.length() > 200 || !who.matches("[\\p{L}\\p{M} .,'’&-]+")) {
                errors.add(new InvalidInputException.FieldError("agentName", "required", "the agent's name: letters, spaces and . , ' - &, at most"
                        + " 200 characters", 0));
            }
            if (address.length() > 254 || !address.matches(EMAIL)) {
                errors.add(new InvalidInputException.FieldError("agentEmail", "invalid", "the agent's email address", 0));
            }
            String type = permission == null ? null : typeOf(permission);
            if (tooLarge > 0 || (permission != null && permission.length > MAX_PERMISSION)) {
                errors.add(new InvalidInputException.FieldError("permission", "too-large", "at most " + MAX_PERMISSION / (1024 * 1024) + " MB", 0));
            } else if (permission == null || permission.length == 0) {
                errors.add(new InvalidInputException.FieldError("permission", "required", "the permission the person signed (PDF, PNG or JPEG)", 0));
            } else if (type == null) {
                errors.add(new InvalidInputException.FieldError("permission", "type", "a PDF, PNG or JPEG file", 0));
            }
            if (!errors.isEmpty()) throw new InvalidInputException(errors);
            return new Agent(who, address, permission, type);
        }

        /** The file's type by its first bytes, whatever its name says; null when not one we take. */
        static @Nullable String typeOf(byte[] file) {
            if (file.length >= 4 && file[0] == '%' && file[1] == 'P' && file[2] == 'D' && file[3] == 'F') return "application/pdf";
            if (file.length >= 8 && (file[0] & 0xff) == 0x89 && file[1] == 'P' && file[2] == 'N' && file[3] == 'G') return "image/png";
            if (file.length >= 3 && (file[0] & 0xff) == 0xFF && (file[1] & 0xff) == 0xD8 && (file[2] & 0xff) == 0xFF) return "image/jpeg";
            return null;
        }

        @Override
        public String toString() {
            return "Agent[" + contentType + ", " + permission.length + " bytes]";
        }
    }

    /** What an email address must look like: a local part, an @, a domain with a dot. */
    static final String EMAIL = "[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+";

    /** The largest proof of permission taken: 5 MB. */
    public static final int MAX_PERMISSION = 5 * 1024 * 1024;

    /**
     * Keeps who acted for the person and their proof with the request, sealed under the person's own key (erasing
     * them makes every copy unreadable, backups included; nothing is kept when no one matched), and tells the agent
     * the request is received.
     */
    private void keepAgent(UUID id, @Nullable SubjectId owner, Agent agent, RequestType type, Locale locale) {
        if (owner != null) {
            jdbc.sql("UPDATE rights_request SET agent = ?, agent_permission = ?, agent_permission_type = ? WHERE id = ?")
                    .params(sealed(owner, id, "agent", (agent.name() + "\n" + agent.email()).getBytes(StandardCharsets.UTF_8)),
                            sealed(owner, id, "agent_permission", agent.permission()), agent.contentType(), id).update();
        }
        event(id, "AGENT", system(), "made by an authorised agent; proof of permission " + agent.contentType() + ", "
                + Math.max(1, agent.permission().length / 1024) + " KB");
        mailer.send(agent.email(), locale, "rights.mail.agent", label(type, locale));
    }

    /** An attachment of a request, sealed under its person's own data key, bound to the request and column. */
    private byte[] sealed(SubjectId owner, UUID id, String column, byte[] content) {
        return gateway.seal(owner, "rights_request", column, id, content);
    }

    /** An attachment sealed by {@link #sealed}, opened with the key of the request's (first) person. */
    private byte[] opened(RightsRequest request, String column, byte[] sealed) {
        return gateway.open(request.subjects().getFirst(), "rights_request", column, request.id(), sealed);
    }

    /** A sealed column of a request, or null. */
    private byte @Nullable [] attachment(UUID id, String column) {
        List<byte[]> found = jdbc.sql("SELECT " + column + " FROM rights_request WHERE id = ? AND " + column + " IS NOT NULL").param(id)
                .query((rs, n) -> rs.getBytes(1)).list();
        return found.isEmpty() ? null : found.getFirst();
    }

    /** Who acted for the person, for the DPO (their name and address: a read recorded in the ledger); empty when no agent did. */
    @Transactional
    public Optional<String[]> agent(Actor actor, UUID id) {
        RightsRequest request = get(id);
        byte[] sealed = attachment(id, "agent");
        if (sealed == null || request.subjects().isEmpty()) return Optional.empty();
        audited(actor, request, "step=agent-read");
        return Optional.of(new String(opened(request, "agent", sealed), StandardCharsets.UTF_8).split("\n", 2));
    }

    /** The agent's proof of permission, for the DPO: its bytes and type (a read recorded in the ledger); empty when none. */
    @Transactional
    public Optional<Map.Entry<String, byte[]>> permission(Actor actor, UUID id) {
        RightsRequest request = get(id);
        byte[] sealed = attachment(id, "agent_permission");
        if (sealed == null || request.subjects().isEmpty()) return Optional.empty();
        String type = jdbc.sql("SELECT agent_permission_type FROM rights_request WHERE id = ?").param(id).query(String.class).single();
        audited(actor, request, "step=permission-read");
        return Optional.of(Map.entry(type, opened(request, "agent_permission", sealed)));
    }

    /**
     * A request taken by staff on the person's behalf (phone, letter, in person) or sent by an integration:
     * the person is known and identified by whoever enters it, so it is open at once; an opt-out is applied at once.
     *
     * @throws InvalidInputException naming each bad field
     * @throws NotFoundException when there is no such person
     */
    @Transactional
    public UUID enter(Actor actor, RequestType type, SubjectId subject, RequestChannel channel, @Nullable String language) {
        return enter(actor, type, subject, channel, language, null);
    }

    /** The same, with the correction a rectification request proposes, as the person gave it. */
    @Transactional
    public UUID enter(Actor actor, RequestType type, SubjectId subject, RequestChannel channel, @Nullable String language,
            @Nullable String proposal) {
        return enter(actor, type, subject, channel, language, proposal, null, false);
    }

    /**
     * The same, with what the staff's form may add: {@code agent}, the request was made by an authorised agent for
     * the person (a letter with a signed permission, say: CCPA regs §7063), whose name, address and proof are kept
     * sealed with the request, under the person's key, and who is told the request is received (answers go to the
     * person); {@code categoriesOnly}, a Californian's request to know the categories only (see {@link #submit}).
     */
    @Transactional
    public UUID enter(Actor actor, RequestType type, SubjectId subject, RequestChannel channel, @Nullable String language,
            @Nullable String proposal, @Nullable Agent agent, boolean categoriesOnly) {
        if (!channel.byStaff()) throw InvalidInputException.of("channel", "invalid", "a channel staff take requests through");
        requireProposal(type, proposal);
        if (categoriesOnly && type != RequestType.ACCESS) requireCategoriesFitting(true, type, Jurisdiction.US_CA);
        persons.requireExists(subject);
        Person person = persons.get(new AccessRequest(actor, PURPOSE), subject).orElseThrow(() -> new NotFoundException("person", subject.value()));
        Jurisdiction jurisdiction = Optional.ofNullable(person.value(PersonField.JURISDICTION)).map(Jurisdiction::valueOf).orElse(Jurisdiction.EU);
        requireCategoriesFitting(categoriesOnly, type, jurisdiction);
        String lang = language(language != null ? language : person.value(PersonField.LANGUAGE));
        Instant now = clock.instant();
        UUID id = insert(type, jurisdiction, channel, lang, null, now, List.of(subject), categoriesOnly);
        if (type == RequestType.RECTIFICATION) propose(id, subject, proposal);
        if (agent != null) {
            try {
                keepAgent(id, subject, agent, type, Locale.forLanguageTag(lang));
            } catch (io.custodia.consent.MailUnavailableException e) {
                // the agent is kept with the request; only the email telling them it is received could not go
                event(id, MAIL_FAILED, actor, "the agent could not be emailed: tell them another way");
            }
        }
        verified(id, actor, now, "identified by staff (" + channel.name() + ")");
        if (!type.needsVerification()) {
            applyChoices(type, List.of(subject), ChoiceSource.STAFF_PHONE);
            close(id, Outcome.COMPLIED, null, actor, now);
            RightsRequest done = get(id);
            mailOrNote(done, actor, "rights.mail.done", label(type, locale(done)), day(now, locale(done)));
        } else {
            if (type == RequestType.OBJECTION) objectToDirectMarketing(id, List.of(subject), ChoiceSource.STAFF_PHONE);
            RightsRequest open = get(id);
            mailOrNote(open, actor, "rights.mail.verified", label(type, locale(open)), day(open.due(), locale(open)));
        }
        return id;
    }

    /** The event of a request whose email to the person could not be sent: staff must tell them another way. */
    public static final String MAIL_FAILED = "MAIL_FAILED";
    /** The event of an objection applied to direct marketing as soon as the person was identified (GDPR Art. 21(3)). */
    static final String APPLIED = "APPLIED";

    /**
     * Emails the person about a request staff entered; when no email can be sent (no mail server, or it refuses), the
     * request stands all the same (its legal clock runs from receipt, GDPR Art. 12(3), CCPA §1798.130(a)(2)) and its
     * history says the person was not told, for staff to tell them by the channel the request came through.
     */
    private void mailOrNote(RightsRequest request, Actor actor, String key, Object... args) {
        try {
            mail(request, key, args);
        } catch (io.custodia.consent.MailUnavailableException e) {
            event(request.id(), MAIL_FAILED, actor, "the person could not be emailed: tell them another way");
            org.slf4j.LoggerFactory.getLogger(RightsRequests.class).warn("Request {} recorded; its email to the person could not be sent"
                    + " (no SMTP server configured, or it refused the message)", request.id());
        }
    }

    /** Whether the person could not be emailed about this request (see {@link #MAIL_FAILED}). */
    public boolean mailFailed(UUID id) {
        return history.has(id, MAIL_FAILED);
    }

    /** The scope of a Californian's request to know the categories only; NULL in the column: everything the request may cover. */
    static final String CATEGORIES = "CATEGORIES";

    private static void requireCategoriesFitting(boolean categoriesOnly, RequestType type, Jurisdiction jurisdiction) {
        if (categoriesOnly && (type != RequestType.ACCESS || jurisdiction != Jurisdiction.US_CA)) {
            throw InvalidInputException.of("scope", "invalid", "only a Californian's request to know (ACCESS) may ask for the categories alone");
        }
    }

    private UUID insert(RequestType type, Jurisdiction jurisdiction, RequestChannel channel, String language, @Nullable String digest,
            Instant now, List<SubjectId> subjects, boolean categoriesOnly) {
        UUID id = Ids.next();
        LegalClock legal = deadlines.clockFor(jurisdiction, type, now);
        jdbc.sql("INSERT INTO rights_request (id, type, jurisdiction, channel, language, email_digest, status, law, received_at, received_on,"
                + " acknowledge_by, due_on, extendable_to, verification, scope) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, type.name(), jurisdiction.name(), channel.name(), language, digest,
                        (type.needsVerification() && channel == RequestChannel.PRIVACY_CENTRE ? RequestStatus.AWAITING_VERIFICATION
                                : RequestStatus.OPEN).name(), legal.law(), utc(now), legal.receivedOn(), legal.acknowledgeBy(), legal.dueOn(),
                        legal.extendableTo(), channel == RequestChannel.PRIVACY_CENTRE ? Verification.required(type, jurisdiction, categoriesOnly).name()
                                : null, categoriesOnly ? CATEGORIES : null)
                .update();
        for (SubjectId subject : subjects) {
            jdbc.sql("INSERT INTO rights_request_subject (request_id, subject_id) VALUES (?, ?)").params(id, subject.value()).update();
        }
        event(id, "RECEIVED", system(), type.name() + (categoriesOnly ? " (categories only)" : "") + " through " + channel.name() + ", "
                + subjects.size() + " person(s) matched");
        for (SubjectId subject : subjects.isEmpty() ? List.<SubjectId>of() : subjects) {
            recordAudit(system(), subject.value(), "request=" + id + "; type=" + type.name() + "; step=received; channel=" + channel.name());
        }
        if (subjects.isEmpty()) recordAudit(system(), null, "request=" + id + "; type=" + type.name() + "; step=received; matched=0");
        return id;
    }

    // ------------------------------------------------------------------ verification

    /** What a verification link opens, when it is valid: the request it confirms. */
    public RightsRequest opened(@Nullable String token) {
        RightsRequest request = get(requestOf(token));
        if (request.status() == RequestStatus.EXPIRED) throw new LinkRefused("expired");
        return request;
    }

    /**
     * The person confirms from the emailed link (a POST: opening the link changes nothing, as mail scanners open
     * links). A request already confirmed stays as it is.
     *
     * @throws LinkRefused when the link is not valid, has expired, or its request is no longer waiting
     */
    @Transactional
    public RightsRequest verify(@Nullable String token) {
        return confirm(token, new DataPoints(null, null, null, null), false, null).request();
    }

    /** Whether the request was refused because the person's details did not match after every try. */
    static boolean refusedUnverified(RightsRequest request, int tried) {
        return request.outcome() == Outcome.DENIED && tried >= MAX_ATTEMPTS;
    }

    /** Whether the request was refused because the person's details did not match after every try. */
    @Transactional(readOnly = true)
    public boolean refusedUnverified(RightsRequest request) {
        return refusedUnverified(request, jdbc.sql("SELECT verification_attempts FROM rights_request WHERE id = ?").param(request.id())
                .query(Integer.class).single());
    }

    /** At most this many tries at the data points; then the request is refused. */
    static final int MAX_ATTEMPTS = 3;

    /**
     * What a confirmation came to.
     *
     * @param problem      null when confirmed (or already was); {@code points-missing}, {@code declaration-missing} (nothing
     *                     counted: ask again), {@code mismatch} (a try counted), {@code refused} (the last try failed: refused)
     * @param attemptsLeft tries left at the data points
     */
    public record Confirmation(RightsRequest request, @Nullable String problem, int attemptsLeft) {
    }

    /**
     * The person confirms from the emailed link, with what their request's {@link Verification} asks besides: data
     * points that must match our record (never shown back; a contradicting one fails), and for a Californian's
     * request for specific pieces a declaration signed under penalty of perjury (CCPA regs §7062(c)), kept sealed
     * as evidence. After {@link #MAX_ATTEMPTS} failed tries the request is refused, with the reason and the right
     * to complain: a request whose author cannot be verified is not acted on (CCPA regs §7060-7062).
     *
     * @throws LinkRefused when the link is not valid, or has expired
     */
    @Transactional
    public Confirmation confirm(@Nullable String token, DataPoints points, boolean declared, @Nullable String signature) {
        UUID id = requestOf(token);
        // one confirmation at a time per request: tries are counted, not raced
        jdbc.sql("SELECT id FROM rights_request WHERE id = ? FOR UPDATE").param(id).query(UUID.class).optional();
        RightsRequest request = get(id);
        if (request.status() == RequestStatus.EXPIRED) throw new LinkRefused("expired");
        int tried = jdbc.sql("SELECT verification_attempts FROM rights_request WHERE id = ?").param(id).query(Integer.class).single();
        if (request.status() != RequestStatus.AWAITING_VERIFICATION) {
            return new Confirmation(request, refusedUnverified(request, tried) ? "refused" : null, Math.max(0, MAX_ATTEMPTS - tried));
        }
        Verification needed = request.verification() == null ? Verification.EMAIL : request.verification();
        String signed = signature == null ? "" : signature.strip();
        Instant now = clock.instant();
        if (needed.extraPoints() > 0) {
            if (needed.declaration() && (!declared || signed.isEmpty() || signed.length() > 200)) {
                return new Confirmation(request, "declaration-missing", MAX_ATTEMPTS - tried);
            }
            // a detail no record could hold (too long, a control character, a direction override) is said, and costs no try
            if (!points.wellFormed() || io.custodia.shared.Texts.unsafe(signed) != null) {
                return new Confirmation(request, "points-malformed", MAX_ATTEMPTS - tried);
            }
            if (points.count() < needed.extraPoints()) return new Confirmation(request, "points-missing", MAX_ATTEMPTS - tried);
            boolean matches = !request.subjects().isEmpty();
            for (SubjectId subject : request.subjects()) {
                // a read of the person's record, under the rights purpose: in the ledger like any other
                Person person = persons.get(new AccessRequest(system(), PURPOSE), subject).orElse(null);
                if (person == null || points.matchIn(person) < needed.extraPoints()) matches = false;
            }
            if (!matches) {
                jdbc.sql("UPDATE rights_request SET verification_attempts = verification_attempts + 1 WHERE id = ?").param(id).update();
                event(id, "NOT_VERIFIED", system(), "the details given did not match (try " + (tried + 1) + " of " + MAX_ATTEMPTS + ")");
                // a failed identity check is a refusal: in the ledger with the try, never the details given
                audited(system(), request, AuditOutcome.DENIED, "step=not-verified; try=" + (tried + 1) + "/" + MAX_ATTEMPTS);
                if (tried + 1 < MAX_ATTEMPTS) return new Confirmation(request, "mismatch", MAX_ATTEMPTS - tried - 1);
                Locale locale = locale(request);
                String why = mailer.message("rights.verify.refused", locale);
                close(id, Outcome.DENIED, why, system(), now);
                RightsRequest refused = get(id);
                try {
                    mail(refused, "rights.mail.denied", label(refused.type(), locale), why, dataMap.controller().supervisoryAuthority());
                } catch (io.custodia.consent.MailUnavailableException e) {
                    // the refusal stands (the page says it): a mail server down must not give more tries
                    org.slf4j.LoggerFactory.getLogger(RightsRequests.class).warn("Request {} refused after failed verification; its email could not"
                            + " be sent: {}", id, e.getMessage());
                }
                return new Confirmation(refused, "refused", 0);
            }
            if (needed.declaration()) {
                // the declaration as the person read it (in their language), their signature, the time: the evidence
                String declaration = mailer.message("rights.verify.declaration", locale(request)) + "\nSigned: " + signed + "\nAt: " + now;
                jdbc.sql("UPDATE rights_request SET declaration = ? WHERE id = ?")
                        .params(sealed(request.subjects().getFirst(), id, "declaration", declaration.getBytes(StandardCharsets.UTF_8)), id).update();
            }
        }
        verified(id, system(), now, switch (needed) {
            case EMAIL_AND_ONE -> "confirmed from the emailed link, and one more detail matched (CCPA regs §7062(b), (d))";
            case EMAIL_AND_TWO_SIGNED -> "confirmed from the emailed link, two more details matched and a declaration signed under penalty"
                    + " of perjury (CCPA regs §7062(c))";
            default -> "confirmed from the emailed link";
        } + (request.byAgent() ? "; the person confirmed they gave the agent permission (CCPA regs §7063(a))" : ""));
        jdbc.sql("UPDATE rights_request SET status = ? WHERE id = ?").params(RequestStatus.OPEN.name(), id).update();
        RightsRequest open = get(id);
        // one person behind the address: their objection to direct marketing holds at once; several records sharing it
        // (duplicates, a shared mailbox) are the DPO's to tell apart before anything is applied to any of them
        if (open.type() == RequestType.OBJECTION) {
            if (open.subjects().size() == 1) {
                objectToDirectMarketing(id, open.subjects(), ChoiceSource.PRIVACY_CENTRE);
            } else {
                event(id, "NOT_APPLIED", system(), open.subjects().size() + " persons share this address: the objection waits for the DPO");
            }
        }
        // the confirmation stands, and with it an objection applied, even when its acknowledgement cannot be emailed
        mailOrNote(open, system(), "rights.mail.verified", label(open.type(), locale(open)), day(open.due(), locale(open)));
        return new Confirmation(open, null, MAX_ATTEMPTS - tried);
    }

    /** Why a verification link does not open. */
    public static class LinkRefused extends RuntimeException {
        LinkRefused(String reason) {
            super(reason);
        }
    }

    private UUID requestOf(@Nullable String token) {
        String payload = token == null ? null : seals.open(token).orElse(null);
        String[] parts = payload == null ? new String[0] : payload.split("\\|", -1);
        if (parts.length != 3 || !parts[0].equals("r1")) throw new LinkRefused("invalid");
        if (!clock.instant().isBefore(Instant.ofEpochSecond(Long.parseLong(parts[2])))) throw new LinkRefused("expired");
        return UUID.fromString(parts[1]);
    }

    private void verified(UUID id, Actor actor, Instant now, String how) {
        jdbc.sql("UPDATE rights_request SET verified_at = ? WHERE id = ?").params(utc(now), id).update();
        event(id, "VERIFIED", actor, how);
        audited(actor, get(id), "step=verified");
    }

    // ------------------------------------------------------------------ the DPO's acts

    /**
     * Extends the period, once, before it ends, where the law allows it (GDPR Art. 12(3): two further months;
     * CCPA §7021(b): 45 more days), and tells the person why.
     *
     * @throws InvalidInputException when the reason is missing, too long or holds personal data, or the request cannot be extended
     */
    @Transactional
    public RightsRequest extend(Actor actor, UUID id, @Nullable String reason) {
        RightsRequest request = get(id);
        String why = reason(reason, true);
        if (!request.extendable(today())) {
            throw InvalidInputException.of("request", "not-extendable", request.clock().extendableTo() == null
                    ? "the law allows no extension of this request (" + request.clock().law() + ")"
                    : "only an open request, once, before its deadline (" + request.clock().dueOn() + ")");
        }
        jdbc.sql("UPDATE rights_request SET status = ?, extended_at = ?, extension_reason = ? WHERE id = ?")
                .params(RequestStatus.EXTENDED.name(), utc(clock.instant()), why, id).update();
        event(id, "EXTENDED", actor, "to " + request.clock().extendableTo());
        audited(actor, request, "step=extended; to=" + request.clock().extendableTo());
        RightsRequest extended = get(id);
        mail(extended, "rights.mail.extended", label(extended.type(), locale(extended)), day(extended.due(), locale(extended)), why);
        return extended;
    }

    /**
     * Carries out what the request asks, where Custodia can do it itself: erasure (the person's key destroyed,
     * their rows deleted, in every module), restriction, objection to every direct-marketing and
     * legitimate-interest purpose, opt-out of sale, limit on sensitive information. Then closes it as complied
     * with and tells the person.
     *
     * @throws InvalidInputException when the request is not open, or asks for what the DPO answers by hand
     */
    @Transactional
    public RightsRequest fulfil(Actor actor, UUID id) {
        RightsRequest request = get(id);
        if (!request.status().open()) throw InvalidInputException.of("request", "not-open", "only an open request can be fulfilled");
        if (!fulfillable(request.type())) {
            throw InvalidInputException.of("request", "by-hand", request.type().name() + " is answered by the DPO: close it with its outcome");
        }
        if (request.subjects().isEmpty()) throw InvalidInputException.of("request", "no-person", "no person is linked to this request");
        // the answer goes to the address on record, read before an erasure removes it
        List<String> addresses = addresses(actor, request.subjects());
        Instant now = clock.instant();
        if (request.type() == RequestType.ACCESS || request.type() == RequestType.PORTABILITY) {
            // the copy goes by an emailed link: with no address to send it to, it would be "complied with" and never delivered
            for (SubjectId subject : request.subjects()) {
                if (addresses(actor, List.of(subject)).isEmpty()) {
                    throw InvalidInputException.of("request", "no-address", "no email address is recorded for a person this request is about,"
                            + " so the link to their copy cannot be sent: add their address to their record, or prepare the copy for a letter,"
                            + " send it, and record the outcome");
                }
            }
            return deliverPackages(actor, request, now);
        }
        if (request.type() == RequestType.ERASURE || request.type() == RequestType.RESTRICTION) {
            // GDPR Art. 19: every recipient that received their data is told, through the outbox, in this transaction
            for (SubjectId subject : request.subjects()) notices.enqueue(id, subject, request.type().name(), notices.recipientsOf(subject));
        }
        List<String> keptBecause = new ArrayList<>();
        if (request.type() == RequestType.ERASURE) {
            for (SubjectId subject : request.subjects()) {
                List<LegalHold> active = holds.active(subject);
                if (active.isEmpty()) {
                    persons.delete(new AccessRequest(actor, PURPOSE), subject);
                } else {
                    // GDPR Art. 17(3)(b): what a legal obligation requires is kept, only that, until its day; the rest goes now
                    Set<String> fields = holds.keptFields(active);
                    LocalDate until = active.stream().map(LegalHold::until).max(LocalDate::compareTo).orElseThrow();
                    Set<String> keptFields = kept.keepOnly(actor, id, subject, fields, until);
                    if (!keptFields.isEmpty()) {
                        keptBecause.add(keptReason(active, keptFields, locale(request)));
                        event(id, "KEPT", actor, "erased except " + keptFields + " under legal hold until " + until);
                    }
                }
            }
        } else {
            // an objection already applied to direct marketing: the DPO's act reaches the other legitimate interests only, so
            // a person who has since lifted it from their preference centre is not objected again against their later choice
            applyChoices(request.type(), request.subjects(), ChoiceSource.API, history.has(id, APPLIED));
        }
        event(id, "FULFILLED", actor, request.type().name());
        Locale locale = locale(request);
        if (!keptBecause.isEmpty()) {
            String why = mailer.message("rights.kept.intro", locale) + "\n" + String.join("\n", keptBecause);
            if (why.length() > MAX_REASON) why = why.substring(0, MAX_REASON - 1) + "…";
            close(id, Outcome.PARTLY, why, actor, now);
            RightsRequest done = get(id);
            for (String address : addresses) {
                mailer.send(address, locale, "rights.mail.partly", label(done.type(), locale), why, dataMap.controller().supervisoryAuthority());
            }
            return done;
        }
        close(id, Outcome.COMPLIED, null, actor, now);
        RightsRequest done = get(id);
        for (String address : addresses) mailer.send(address, locale, "rights.mail.done", label(done.type(), locale), day(now, locale));
        return done;
    }

    /**
     * What the person is told of each hold that kept part of their record: which fields, for which purpose, why,
     * until when (GDPR Art. 12(4), 17(3)(b)). Field and purpose names in their language; the reason as staff wrote it.
     */
    private String keptReason(List<LegalHold> active, Set<String> fields, Locale locale) {
        List<String> lines = new ArrayList<>();
        for (LegalHold hold : active) {
            Purpose purpose = dataMap.purpose(hold.purpose()).orElse(null);
            if (purpose == null) continue;
            List<String> names = fields.stream().filter(purpose.fields()::contains).map(f -> PersonField.ofFieldId(f)
                    .map(p -> mailer.message("person.field." + p.json(), locale)).orElse(f)).toList();
            lines.add(mailer.message("rights.kept.line", locale, String.join(", ", names), purpose.name().in(locale), hold.reason(),
                    day(hold.until(), locale)));
        }
        return String.join("\n", lines);
    }

    /**
     * Access and portability: one package per person the request is about, kept encrypted until it expires;
     * each person is emailed a sealed link to theirs. The request is then complied with.
     */
    private RightsRequest deliverPackages(Actor actor, RightsRequest request, Instant now) {
        Locale locale = locale(request);
        for (SubjectId subject : request.subjects()) {
            List<String> address = addresses(actor, List.of(subject));
            AccessPackages.Built built = packages.build(request.id(), subject, request.type() == RequestType.PORTABILITY, request.categoriesOnly(),
                    request.language());
            UUID id = built.id();
            Instant expires = now.plus(properties.packageTtl());
            String token = seals.seal(String.join("|", "k1", id.toString(), Long.toString(expires.getEpochSecond())));
            event(request.id(), "PACKAGED", actor, "package " + id + " until " + day(expires));
            // an export of everything every module holds on the person (their choices, who read their data, …): one entry names it all
            recordAudit(actor, AuditAction.EXPORT, subject.value(), "request=" + request.id() + "; type=" + request.type().name()
                    + "; step=package; package=" + id + "; sections=" + String.join(",", built.sections()));
            for (String to : address) {
                mailer.send(to, locale, "rights.mail.package", label(request.type(), locale), privacy.link("/privacy/requests/package", token, locale.getLanguage()),
                        day(expires, locale));
            }
        }
        close(request.id(), Outcome.COMPLIED, null, actor, now);
        return get(request.id());
    }

    /**
     * Access or portability for someone who is answered by letter or in person (no email address, or they asked for
     * paper: GDPR Art. 12(1) "in writing, or by other means"): the same packages, kept for the DPO to download and send.
     * The request stays open until the DPO records the outcome once the copy is sent.
     *
     * @throws InvalidInputException when the request is not open, not an access or portability request, or has no person
     */
    @Transactional
    public RightsRequest prepareForLetter(Actor actor, UUID id) {
        RightsRequest request = get(id);
        if (!request.status().open()) throw InvalidInputException.of("request", "not-open", "only an open request can be answered");
        if (request.type() != RequestType.ACCESS && request.type() != RequestType.PORTABILITY) {
            throw InvalidInputException.of("request", "not-a-copy", "only an access or portability request is answered with a copy of the data");
        }
        if (request.subjects().isEmpty()) throw InvalidInputException.of("request", "no-person", "no person is linked to this request");
        Instant expires = clock.instant().plus(properties.packageTtl());
        for (SubjectId subject : request.subjects()) {
            AccessPackages.Built built = packages.build(request.id(), subject, request.type() == RequestType.PORTABILITY, request.categoriesOnly(),
                    request.language());
            event(request.id(), "PACKAGED", actor, "package " + built.id() + " until " + day(expires) + " for a letter");
            recordAudit(actor, AuditAction.EXPORT, subject.value(), "request=" + request.id() + "; type=" + request.type().name()
                    + "; step=package-for-letter; package=" + built.id() + "; sections=" + String.join(",", built.sections()));
        }
        return get(request.id());
    }

    /** The request's packages that have not expired (what the DPO may still download and send). */
    public List<AccessPackages.Stored> packagesOf(UUID id) {
        return packages.ofRequest(id);
    }

    /**
     * One of the request's packages, for the DPO to send by letter or hand over: recorded with the request and in
     * the ledger, as the person's own download is.
     */
    @Transactional
    public byte[] downloadForLetter(Actor actor, UUID id, UUID packageId) {
        // once answered, the copy went out (or the person has their own link): staff have nothing more to send
        if (!get(id).status().open()) throw InvalidInputException.of("request", "not-open", "only an open request's copy can be downloaded to send");
        AccessPackages.Stored stored = packages.find(packageId).filter(p -> p.request().equals(id))
                .orElseThrow(() -> new NotFoundException("package", packageId));
        byte[] zip = packages.download(stored.id());
        event(id, "DOWNLOADED", actor, "package " + stored.id() + " by staff");
        recordAudit(actor, AuditAction.EXPORT, stored.subject().value(), "request=" + id + "; step=downloaded-by-staff; package=" + stored.id());
        return zip;
    }

    /** The package an emailed download link opens, when it is valid and the package has not expired. */
    public AccessPackages.Stored packageOf(@Nullable String token) {
        String payload = token == null ? null : seals.open(token).orElse(null);
        String[] parts = payload == null ? new String[0] : payload.split("\\|", -1);
        if (parts.length != 3 || !parts[0].equals("k1")) throw new LinkRefused("invalid");
        if (!clock.instant().isBefore(Instant.ofEpochSecond(Long.parseLong(parts[2])))) throw new LinkRefused("expired");
        return packages.find(UUID.fromString(parts[1])).orElseThrow(() -> new LinkRefused("expired"));
    }

    /** The zip of the package an emailed link opens; the download is recorded with the request and in the ledger. */
    @Transactional
    public byte[] download(@Nullable String token) {
        AccessPackages.Stored stored = packageOf(token);
        byte[] zip = packages.download(stored.id());
        event(stored.request(), "DOWNLOADED", system(), "package " + stored.id());
        recordAudit(system(), stored.subject().value(), "request=" + stored.request() + "; step=downloaded; package=" + stored.id());
        return zip;
    }

    /** Keeps the person's proposed correction with the request, sealed under their key; a blank one is not kept. */
    /**
     * A correction proposed is the person's own words about their data, so it may name them; but it is bounded, holds
     * no control character or direction override, and no payment card number (which Custodia never keeps).
     */
    private void requireProposal(RequestType type, @Nullable String proposal) {
        if (type != RequestType.RECTIFICATION || proposal == null) return;
        String text = proposal.strip();
        proposalProblem(text).ifPresent(code -> {
            throw InvalidInputException.of("proposal", code, switch (code) {
                case "length" -> "at most " + MAX_REASON + " characters";
                case "card-number" -> "holds a payment card number, which is never kept: leave it out";
                default -> java.util.Objects.requireNonNull(io.custodia.shared.Texts.unsafe(text)).message();
            });
        });
    }

    /** What is wrong with a proposed correction, as a code ({@code length}, {@code card-number}, {@code control-character}, {@code invalid-text}); empty when it is fine. */
    public Optional<String> proposalProblem(@Nullable String proposal) {
        String text = proposal == null ? "" : proposal.strip();
        if (text.isEmpty()) return Optional.empty();
        if (text.length() > MAX_REASON) return Optional.of("length");
        if (io.custodia.shared.Texts.unsafe(text) instanceof io.custodia.shared.Texts.Unsafe unsafe) return Optional.of(unsafe.code());
        if (gateway.holdsCardNumber(text)) return Optional.of("card-number");
        return Optional.empty();
    }

    private void propose(UUID id, SubjectId owner, @Nullable String proposal) {
        String text = proposal == null ? "" : proposal.strip();
        if (text.isEmpty()) return;
        if (text.length() > MAX_REASON) throw InvalidInputException.of("proposal", "length", "at most " + MAX_REASON + " characters");
        jdbc.sql("UPDATE rights_request SET proposal = ? WHERE id = ?").params(sealed(owner, id, "proposal", text.getBytes(StandardCharsets.UTF_8)), id)
                .update();
    }

    /**
     * The correction the person proposed, for the DPO's review of an open rectification request (a read of
     * their data: recorded in the ledger); empty when there is none.
     */
    @Transactional
    public Optional<String> proposal(Actor actor, UUID id) {
        RightsRequest request = get(id);
        if (request.type() != RequestType.RECTIFICATION || !request.status().open() || request.subjects().isEmpty()) return Optional.empty();
        byte[] sealed = attachment(id, "proposal");
        if (sealed == null) return Optional.empty();
        audited(actor, request, "step=proposal-read");
        try {
            return Optional.of(new String(opened(request, "proposal", sealed), StandardCharsets.UTF_8));
        } catch (io.custodia.crypto.TamperedCiphertextException legacy) {
            // a proposal made before version 19 was sealed under the archive key; it is cleared once its request closes
            return Optional.of(new String(archives.open("rectification-proposal:" + id, sealed), StandardCharsets.UTF_8));
        }
    }

    /**
     * Applies a correction the DPO reviewed (GDPR Art. 16; CCPA §7023): the given fields of the person's record
     * (API names: {@code firstName}, {@code emails}, …) change through the gateway under the rights purpose; the
     * recipients that received their data are told (Art. 19); the request is closed as complied with and the
     * person told.
     *
     * @throws InvalidInputException when the request is not an open rectification, no field is given, or a value is refused
     */
    @Transactional
    public RightsRequest rectify(Actor actor, UUID id, Map<String, ?> changes) {
        RightsRequest request = get(id);
        if (request.type() != RequestType.RECTIFICATION || !request.status().open()) {
            throw InvalidInputException.of("request", "not-open", "only an open rectification request can be applied");
        }
        if (request.subjects().isEmpty()) throw InvalidInputException.of("request", "no-person", "no person is linked to this request");
        if (changes.isEmpty()) throw InvalidInputException.of("changes", "required", "the corrected fields, e.g. {\"lastName\": \"…\"}");
        io.custodia.people.PersonInput input = io.custodia.people.PersonInput.fromJson(changes, 0);
        Instant now = clock.instant();
        for (SubjectId subject : request.subjects()) {
            persons.update(new AccessRequest(actor, PURPOSE), subject, input);
            notices.enqueue(id, subject, RequestType.RECTIFICATION.name(), notices.recipientsOf(subject));
        }
        event(id, "FULFILLED", actor, "corrected " + new java.util.TreeSet<>(changes.keySet()));
        close(id, Outcome.COMPLIED, null, actor, now);
        RightsRequest done = get(id);
        mail(done, "rights.mail.done", label(done.type(), locale(done)), day(now, locale(done)));
        return done;
    }

    /** An erased person's proposed corrections go with them, in the erasure's transaction. */
    @org.springframework.context.event.EventListener
    void erased(io.custodia.shared.SubjectErased event) {
        jdbc.sql("UPDATE rights_request SET proposal = NULL, declaration = NULL, agent = NULL, agent_permission = NULL"
                + " WHERE id IN (SELECT request_id FROM rights_request_subject WHERE subject_id = ?)")
                .param(event.subject().value()).update();
    }

    /** The types Custodia carries out itself (the rest the DPO answers by hand and records). */
    public static boolean fulfillable(RequestType type) {
        return switch (type) {
            case ACCESS, PORTABILITY, ERASURE, RESTRICTION, OBJECTION, OPT_OUT_OF_SALE, LIMIT_SENSITIVE -> true;
            case RECTIFICATION -> false;
        };
    }

    /**
     * Closes an open request with its outcome and tells the person; a refusal gives its reasons and the right
     * to complain to the supervisory authority (GDPR Art. 12(4)).
     *
     * @throws InvalidInputException when the request is not open, the outcome is not one staff give, or a refusal has no reason
     */
    @Transactional
    public RightsRequest answer(Actor actor, UUID id, Outcome outcome, @Nullable String reason) {
        RightsRequest request = get(id);
        if (!request.status().open()) throw InvalidInputException.of("request", "not-open", "only an open request can be answered");
        if (outcome != Outcome.COMPLIED && outcome != Outcome.PARTLY && outcome != Outcome.DENIED) {
            throw InvalidInputException.of("outcome", "invalid", "one of COMPLIED, PARTLY, DENIED");
        }
        String why = reason(reason, outcome != Outcome.COMPLIED);
        close(id, outcome, why, actor, clock.instant());
        RightsRequest closed = get(id);
        Locale locale = locale(closed);
        switch (outcome) {
            case DENIED -> mail(closed, "rights.mail.denied", label(closed.type(), locale), why, dataMap.controller().supervisoryAuthority());
            case PARTLY -> mail(closed, "rights.mail.partly", label(closed.type(), locale), why, dataMap.controller().supervisoryAuthority());
            default -> mail(closed, "rights.mail.done", label(closed.type(), locale), day(clock.instant(), locale));
        }
        return closed;
    }

    /** Requests never confirmed within {@code custodia.rights.verification-ttl} expire, recorded as unverified. */
    @Scheduled(fixedDelayString = "${custodia.rights.expiry-interval:PT1H}", initialDelayString = "${custodia.rights.expiry-interval:PT1H}")
    @Transactional
    public int expireUnverified() {
        Instant cutoff = clock.instant().minus(properties.verificationTtl());
        List<UUID> stale = jdbc.sql("SELECT id FROM rights_request WHERE status = ? AND received_at < ?")
                .params(RequestStatus.AWAITING_VERIFICATION.name(), utc(cutoff)).query(UUID.class).list();
        int expired = 0;
        for (UUID id : stale) {
            // confirmed in the meantime: not expired, and nothing said of it
            if (jdbc.sql("UPDATE rights_request SET status = ?, closed_at = ?, outcome = ?, proposal = NULL WHERE id = ? AND status = ?")
                    .params(RequestStatus.EXPIRED.name(), utc(clock.instant()), Outcome.UNVERIFIED.name(), id,
                            RequestStatus.AWAITING_VERIFICATION.name()).update() == 0) continue;
            event(id, "EXPIRED", system(), "not confirmed within " + properties.verificationTtl());
            audited(system(), get(id), "step=expired; outcome=" + Outcome.UNVERIFIED.name());
            expired++;
        }
        return expired;
    }

    /**
     * Tells the DPO, by email, how many requests are overdue or due within {@code soon-days}: once a day
     * ({@code custodia.rights.alert-interval}), and only when there are some. Returns how many it counted.
     */
    @Scheduled(fixedDelayString = "${custodia.rights.alert-interval:P1D}", initialDelayString = "${custodia.rights.alert-first:PT5M}")
    public int alertDpo() {
        Today today = today();
        List<RightsRequest> open = queue(false, 500);
        long overdue = open.stream().filter(r -> "overdue".equals(r.urgency(today, soonDays()))).count();
        long soon = open.stream().filter(r -> "soon".equals(r.urgency(today, soonDays()))).count();
        if (overdue + soon == 0) return 0;
        String to = dataMap.controller().dpo();
        try {
            mailer.send(to, Locale.forLanguageTag(properties.dpoLanguage()), "rights.mail.alert", overdue, soon, soonDays(), privacy.url("/rights"));
        } catch (io.custodia.consent.MailUnavailableException e) {
            org.slf4j.LoggerFactory.getLogger(RightsRequests.class).warn("Could not email the DPO about {} overdue and {} nearly due requests: {}",
                    overdue, soon, e.getMessage());
        }
        return (int) (overdue + soon);
    }

    /**
     * Answered and expired requests are kept {@code custodia.rights.records-retention} (24 months, CCPA §7101)
     * after they closed, then deleted with their history and notices. Returns how many were deleted.
     */
    @Scheduled(fixedDelayString = "${custodia.rights.expiry-interval:PT1H}", initialDelayString = "${custodia.rights.expiry-interval:PT1H}")
    @Transactional
    public int deleteOldRecords() {
        OffsetDateTime cutoff = utc(clock.instant().atZone(ZoneOffset.UTC).minus(properties.recordsRetention()).toInstant());
        List<UUID> old = jdbc.sql("SELECT id FROM rights_request WHERE closed_at < ?").param(cutoff).query(UUID.class).list();
        for (UUID id : old) {
            // the ledger keeps that the request's records were deleted, and when (its own entries stay: ids only)
            audited(system(), get(id), "step=records-deleted; retention=" + properties.recordsRetention());
            jdbc.sql("DELETE FROM recipient_notice WHERE request_id = ?").param(id).update();
            jdbc.sql("DELETE FROM access_package WHERE request_id = ?").param(id).update();
            jdbc.sql("DELETE FROM rights_request_event WHERE request_id = ?").param(id).update();
            jdbc.sql("DELETE FROM rights_request_subject WHERE request_id = ?").param(id).update();
            jdbc.sql("DELETE FROM rights_request WHERE id = ?").param(id).update();
        }
        return old.size();
    }

    // ------------------------------------------------------------------ reading

    /** @throws NotFoundException when there is no such request */
    @Transactional(readOnly = true)
    public RightsRequest get(UUID id) {
        List<SubjectId> subjects = jdbc.sql("SELECT subject_id FROM rights_request_subject WHERE request_id = ? ORDER BY subject_id").param(id)
                .query((rs, n) -> new SubjectId(rs.getObject(1, UUID.class))).list();
        return jdbc.sql("SELECT " + COLUMNS + " FROM rights_request WHERE id = ?").param(id).query((rs, n) -> row(rs, subjects)).optional()
                .orElseThrow(() -> new NotFoundException("request", id));
    }

    /** The queue: every open or unverified request, the nearest deadline first; or every request when {@code all}. */
    @Transactional(readOnly = true)
    public List<RightsRequest> queue(boolean all, int limit) {
        String where = all ? "" : " WHERE status IN ('AWAITING_VERIFICATION', 'OPEN', 'EXTENDED')";
        List<RightsRequest> found = jdbc.sql("SELECT " + COLUMNS + " FROM rights_request" + where
                + " ORDER BY COALESCE(CASE WHEN extended_at IS NOT NULL THEN extendable_to END, due_on), received_at LIMIT " + Math.max(1, Math.min(limit, 500)))
                .query((rs, n) -> row(rs, List.of())).list();
        if (found.isEmpty()) return found;
        Map<UUID, List<SubjectId>> subjects = new LinkedHashMap<>();
        jdbc.sql("SELECT request_id, subject_id FROM rights_request_subject WHERE request_id IN (:ids)")
                .param("ids", found.stream().map(RightsRequest::id).toList())
                .query(rs -> {
                    subjects.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(new SubjectId(rs.getObject(2, UUID.class)));
                });
        return found.stream().map(r -> r.about(subjects.getOrDefault(r.id(), List.of()))).toList();
    }

    /** A person's requests, the latest first (at most 50). */
    @Transactional(readOnly = true)
    public List<RightsRequest> ofPerson(SubjectId subject) {
        // the columns are the request's own: the subject table has none of their names
        return jdbc.sql("SELECT " + COLUMNS + " FROM rights_request r"
                + " JOIN rights_request_subject s ON s.request_id = r.id WHERE s.subject_id = ? ORDER BY r.received_at DESC LIMIT 50")
                .param(subject.value()).query((rs, n) -> row(rs, List.of(subject))).list();
    }

    /** What happened to a request, in order. */
    @Transactional(readOnly = true)
    public List<Map<String, Object>> history(UUID id) {
        return jdbc.sql("SELECT seq, at, kind, actor_kind, actor_id, note FROM rights_request_event WHERE request_id = ? ORDER BY seq").param(id)
                .query((rs, n) -> {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("at", rs.getObject(2, OffsetDateTime.class).toInstant().toString());
                    e.put("kind", rs.getString(3));
                    e.put("actorKind", rs.getString(4));
                    e.put("actorId", rs.getString(5));
                    e.put("note", rs.getString(6));
                    return e;
                }).list();
    }

    private static final String COLUMNS = "id, type, jurisdiction, channel, language, status, law, received_at, acknowledge_by, due_on,"
            + " extendable_to, verified_at, extended_at, extension_reason, closed_at, outcome, outcome_reason, received_on, verification,"
            + " CASE WHEN agent IS NULL THEN 0 ELSE 1 END, scope";

    private static RightsRequest row(ResultSet rs, List<SubjectId> subjects) throws SQLException {
        Instant received = rs.getObject(8, OffsetDateTime.class).toInstant();
        LegalClock legal = new LegalClock(rs.getString(7), date(rs, 18), date(rs, 9), date(rs, 10), date(rs, 11));
        OffsetDateTime extendedAt = rs.getObject(13, OffsetDateTime.class);
        OffsetDateTime verified = rs.getObject(12, OffsetDateTime.class);
        OffsetDateTime closed = rs.getObject(15, OffsetDateTime.class);
        String outcome = rs.getString(16);
        return new RightsRequest(rs.getObject(1, UUID.class), RequestType.valueOf(rs.getString(2)), Jurisdiction.valueOf(rs.getString(3)),
                RequestChannel.valueOf(rs.getString(4)), rs.getString(5), RequestStatus.valueOf(rs.getString(6)), legal, received,
                verified == null ? null : verified.toInstant(), extendedAt == null ? null : legal.extendableTo(), rs.getString(14),
                closed == null ? null : closed.toInstant(), outcome == null ? null : Outcome.valueOf(outcome), rs.getString(17), subjects,
                rs.getString(19) == null ? null : Verification.valueOf(rs.getString(19)), rs.getInt(20) == 1, CATEGORIES.equals(rs.getString(21)));
    }

    private static @Nullable LocalDate date(ResultSet rs, int column) throws SQLException {
        java.sql.Date d = rs.getDate(column);
        return d == null ? null : d.toLocalDate();
    }

    // ------------------------------------------------------------------ helpers

    private void applyChoices(RequestType type, List<SubjectId> subjects, ChoiceSource source) {
        applyChoices(type, subjects, source, false);
    }

    /** @param directMarketingDone an objection was already applied to direct marketing: only the other legitimate interests now */
    private void applyChoices(RequestType type, List<SubjectId> subjects, ChoiceSource source, boolean directMarketingDone) {
        for (SubjectId subject : subjects) {
            switch (type) {
                case OPT_OUT_OF_SALE -> {
                    if (ledger.optedOutOfSaleSince(subject) == null) ledger.record(system(), Choice.of(subject, ChoiceKind.OPTED_OUT_OF_SALE, null, null, source));
                }
                case LIMIT_SENSITIVE -> {
                    if (ledger.limitedSensitiveSince(subject) == null) ledger.record(system(), Choice.of(subject, ChoiceKind.LIMITED_SENSITIVE, null, null, source));
                }
                case RESTRICTION -> {
                    if (ledger.restrictedSince(subject) == null) ledger.record(system(), Choice.of(subject, ChoiceKind.RESTRICTED, null, null, source));
                }
                case OBJECTION -> {
                    for (Purpose purpose : dataMap.purposes().values()) {
                        boolean covered = directMarketingDone ? purpose.legalBasis() == LegalBasis.LEGITIMATE_INTEREST && !purpose.directMarketing()
                                : purpose.legalBasis() == LegalBasis.LEGITIMATE_INTEREST || purpose.directMarketing();
                        if (covered && !objectedPurposes(subject).contains(purpose.id())) {
                            ledger.record(system(), Choice.of(subject, ChoiceKind.OBJECTED, purpose.id(), null, source));
                        }
                    }
                }
                default -> throw new IllegalArgumentException(type + " is not a choice");
            }
        }
    }

    /**
     * An objection to direct marketing is absolute (GDPR Art. 21(2)-(3)): once the person is identified (the emailed link
     * confirmed, or staff who took the request), it applies at once to every direct-marketing purpose, without waiting
     * for the DPO, who still weighs it for the other purposes resting on a legitimate interest (Art. 21(1)) when
     * carrying out the request.
     */
    private void objectToDirectMarketing(UUID id, List<SubjectId> subjects, ChoiceSource source) {
        List<String> applied = new ArrayList<>();
        for (SubjectId subject : subjects) {
            for (Purpose purpose : dataMap.purposes().values()) {
                // asked again each time: the ledger records an objection to direct marketing for every such purpose at once
                if (purpose.directMarketing() && !objectedPurposes(subject).contains(purpose.id())) {
                    for (var recorded : ledger.record(system(), Choice.of(subject, ChoiceKind.OBJECTED, purpose.id(), null, source))) {
                        if (recorded.purpose() != null && !applied.contains(recorded.purpose())) applied.add(recorded.purpose());
                    }
                }
            }
        }
        event(id, APPLIED, system(), "the objection to direct marketing applied at once (GDPR Art. 21(3)): "
                + (applied.isEmpty() ? "already in force" : String.join(", ", applied)));
    }

    /** The purposes the person has objected to, as their choices stand now. */
    private Set<String> objectedPurposes(SubjectId subject) {
        return ledger.state(subject).stream().filter(s -> "OBJECTED".equals(s.status())).map(io.custodia.consent.PurposeState::purpose)
                .collect(java.util.stream.Collectors.toSet());
    }

    /** The email addresses on record of these persons, read under the rights purpose (an audited read). */
    private List<String> addresses(Actor actor, List<SubjectId> subjects) {
        List<String> addresses = new ArrayList<>();
        for (SubjectId subject : subjects) {
            persons.get(new AccessRequest(actor, PURPOSE), subject).ifPresent(p -> p.values(PersonField.EMAILS).stream().findFirst()
                    .ifPresent(addresses::add));
        }
        return addresses;
    }

    private void mail(RightsRequest request, String key, Object... args) {
        for (String address : addresses(system(), request.subjects())) mailer.send(address, locale(request), key, args);
    }

    private void close(UUID id, Outcome outcome, @Nullable String reason, Actor actor, Instant now) {
        jdbc.sql("UPDATE rights_request SET status = ?, closed_at = ?, outcome = ?, outcome_reason = ?, proposal = NULL WHERE id = ?")
                .params(RequestStatus.CLOSED.name(), utc(now), outcome.name(), reason, id).update();
        event(id, "CLOSED", actor, outcome.name());
        RightsRequest closed = get(id);
        audited(actor, closed, "step=closed; outcome=" + outcome.name());
    }

    private void audited(Actor actor, RightsRequest request, String detail) {
        audited(actor, request, AuditOutcome.ALLOWED, detail);
    }

    /** One RIGHTS_REQUEST entry per person the request concerns (one with no person when it matched no one). */
    private void audited(Actor actor, RightsRequest request, AuditOutcome outcome, String detail) {
        String said = "request=" + request.id() + "; type=" + request.type().name() + "; " + detail;
        if (request.subjects().isEmpty()) recordAudit(actor, AuditAction.RIGHTS_REQUEST, outcome, null, said);
        for (SubjectId subject : request.subjects()) recordAudit(actor, AuditAction.RIGHTS_REQUEST, outcome, subject.value(), said);
    }

    private void recordAudit(Actor actor, @Nullable UUID subject, String detail) {
        recordAudit(actor, AuditAction.RIGHTS_REQUEST, subject, detail);
    }

    private void recordAudit(Actor actor, AuditAction action, @Nullable UUID subject, String detail) {
        recordAudit(actor, action, AuditOutcome.ALLOWED, subject, detail);
    }

    private void recordAudit(Actor actor, AuditAction action, AuditOutcome outcome, @Nullable UUID subject, String detail) {
        audit.record(new AuditEvent(actor.kind().name(), actor.id(), action, PURPOSE, subject, outcome, actor.auditDetail(detail), null));
    }

    private void event(UUID id, String kind, Actor actor, @Nullable String note) {
        history.append(id, kind, actor, note);
    }

    /** A reason staff write: required where asked, bounded, and free of anyone's personal data. */
    private @Nullable String reason(@Nullable String reason, boolean required) {
        String text = reason == null ? "" : reason.strip();
        if (text.isEmpty()) {
            if (required) throw InvalidInputException.of("reason", "required", "say why: the person is told");
            return null;
        }
        if (text.length() > MAX_REASON) throw InvalidInputException.of("reason", "length", "at most " + MAX_REASON + " characters");
        if (io.custodia.shared.Texts.unsafe(text) instanceof io.custodia.shared.Texts.Unsafe unsafe) {
            throw InvalidInputException.of("reason", unsafe.code(), unsafe.message());
        }
        Set<String> found = gateway.personalDataIn(text);
        if (!found.isEmpty()) throw InvalidInputException.of("reason", "personal-data", "contains personal data " + found + "; write it for anyone to read");
        return text;
    }

    private static String language(@Nullable String language) {
        return "fr".equals(language) ? "fr" : "en";
    }

    /** A day as the person reads one in their language: "30 December 2026", « 30 décembre 2026 » (not 2026-12-30). */
    static String day(java.time.LocalDate day, Locale locale) {
        return day.format(java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy", locale));
    }

    private static Locale locale(RightsRequest request) {
        return Locale.forLanguageTag(request.language());
    }

    private String label(RequestType type, Locale locale) {
        return mailer.message("rights.type." + type.name(), locale);
    }

    /** The day (UTC) of an instant, as the person reads a day in their language. */
    private static String day(Instant at, Locale locale) {
        return day(LocalDate.ofInstant(at, ZoneOffset.UTC), locale);
    }

    private static String day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
