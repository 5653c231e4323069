package io.custodia.rights;

import io.custodia.access.AccessRequest;
import io.custodia.identity.Actor;
import io.custodia.identity.Role;
import io.custodia.people.PersonService;
import io.custodia.shared.SubjectErased;
import io.custodia.shared.SubjectId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The forget list (invariant 6): the id of every erased person, kept apart from the database, in an
 * append-only file ({@code custodia.rights.forget-list-file}) that a restore of the database does not roll
 * back. An erasure writes its line, flushed to disk, just before its transaction commits, and a line that
 * cancels it if the transaction then rolls back. After a database is restored from a backup, {@link #replay}
 * erases again everyone on the list the restored copy brought back: their key destroyed, their rows deleted.
 * It runs at every start, and as the {@code replay-forget-list} command. The file holds ids only, no
 * personal value; keep it on storage backed up apart from the database, shared by all nodes.
 */
@Component
public class ForgetList {

    private static final Logger log = LoggerFactory.getLogger(ForgetList.class);

    private final Path file;
    private final Clock clock;
    private final PersonService persons;
    private final io.custodia.access.PersonalDataGateway gateway;
    private final KeptErasures kept;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

    ForgetList(@Value("${custodia.rights.forget-list-file:./data/forget-list.log}") Path file, Clock clock, PersonService persons,
            io.custodia.access.PersonalDataGateway gateway, KeptErasures kept, org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        this.gateway = gateway;
        this.kept = kept;
        this.jdbc = jdbc;
        this.file = file;
        this.clock = clock;
        this.persons = persons;
    }

    /** Where the list lives. */
    public Path file() {
        return file;
    }

    @EventListener
    void erased(SubjectErased event) {
        UUID subject = event.subject().value();
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            append(line(event));
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                append(line(event));
            }

            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_ROLLED_BACK) append("CANCELLED " + subject);
            }
        });
    }

    /**
     * {@code ERASED <id>} for a total erasure; {@code KEPT <id> <fields> <until>} for an erasure that kept what a
     * legal hold requires (the fields by data map id, the last day from the erasure's record, read as it commits).
     */
    private String line(SubjectErased event) {
        UUID subject = event.subject().value();
        if (event.total()) return "ERASED " + subject;
        LocalDate until = jdbc.sql("SELECT kept_until FROM erasure_kept WHERE subject_id = ?").param(subject)
                .query((rs, n) -> rs.getDate(1).toLocalDate()).optional().orElse(LocalDate.now(clock));
        return "KEPT " + subject + " " + String.join(",", new java.util.TreeSet<>(event.kept())) + " " + until;
    }

    /** Appends one line and forces it to disk: an erasure that commits is on the list. */
    private synchronized void append(String line) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                channel.write(ByteBuffer.wrap((line + " " + clock.instant() + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
        } catch (IOException e) {
            // the erasure must not commit without its line: failing here rolls it back
            throw new UncheckedIOException("cannot write the forget list " + file + "; the erasure is not done", e);
        }
    }

    /**
     * What the list says of each person, in order of their first erasure: erased, or erased except some fields
     * kept until a day (the latest line about a person wins; a cancelled erasure is not on it).
     */
    public synchronized Map<SubjectId, Entry> entries() {
        Map<SubjectId, Entry> entries = new LinkedHashMap<>();
        if (!Files.exists(file)) return entries;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.split(" ");
                if (parts.length < 2) continue;
                try {
                    SubjectId subject = new SubjectId(UUID.fromString(parts[1]));
                    switch (parts[0]) {
                        case "ERASED" -> entries.put(subject, new Entry(Set.of(), null));
                        case "KEPT" -> {
                            if (parts.length < 4) throw new IllegalArgumentException("a KEPT line names its fields and last day");
                            entries.put(subject, new Entry(KeptErasures.fields(parts[2]), LocalDate.parse(parts[3])));
                        }
                        case "CANCELLED" -> entries.remove(subject);
                        default -> log.warn("Forget list {}: a line of unknown kind is skipped", file);
                    }
                } catch (RuntimeException e) {
                    log.warn("Forget list {}: a line that cannot be read is skipped ({})", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the forget list " + file, e);
        }
        return entries;
    }

    /**
     * What the list says of one person.
     *
     * @param kept  the fields of their record kept under a legal hold; empty when nothing was kept
     * @param until the last day they are kept; null when nothing was kept
     */
    public record Entry(Set<String> kept, @org.jspecify.annotations.Nullable LocalDate until) {
    }

    /** Everyone erased in full, in order. */
    public Set<SubjectId> erased() {
        Set<SubjectId> erased = new LinkedHashSet<>();
        entries().forEach((subject, entry) -> {
            if (entry.kept().isEmpty()) erased.add(subject);
        });
        return erased;
    }

    /**
     * Erases again every listed person the database holds (after a restore from a backup taken before their
     * erasure): in full, or, for a person erased except what a legal hold required, down to those fields again
     * when the restored copy holds more. Returns how many were found and erased.
     */
    public int replay() {
        int again = 0;
        Actor dpo = Actor.system(Set.of(Role.DPO));
        AccessRequest request = new AccessRequest(dpo, RightsRequests.PURPOSE);
        for (var listed : entries().entrySet()) {
            SubjectId subject = listed.getKey();
            Entry entry = listed.getValue();
            try {
                if (!persons.exists(subject)) continue;
                if (entry.kept().isEmpty()) {
                    persons.forget(request, subject);
                    again++;
                } else if (gateway.holdsMoreThan(subject, entry.kept()) || kept.of(subject).isEmpty()) {
                    kept.keepOnly(dpo, null, subject, entry.kept(), entry.until());
                    again++;
                }
            } catch (RuntimeException e) {
                // one person who cannot be erased again (a field the data map no longer declares, say) must not stop the others
                log.error("FORGET LIST: person {} could not be erased again; the others are: {}", subject, e.toString());
            }
        }
        return again;
    }

    @EventListener(ApplicationReadyEvent.class)
    void replayAtStart() {
        int again = replay();
        if (again > 0) {
            log.warn("FORGET LIST: {} erased person(s) were back in the database (restored from a backup?) and were erased again", again);
        }
    }

    /** For tests: the ids on the list, as text. */
    List<String> lines() throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }
}
