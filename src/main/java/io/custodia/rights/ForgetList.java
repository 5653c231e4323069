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
import java.util.LinkedHashSet;
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

    ForgetList(@Value("${custodia.rights.forget-list-file:./data/forget-list.log}") Path file, Clock clock, PersonService persons) {
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
            append("ERASED " + subject);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                append("ERASED " + subject);
            }

            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_ROLLED_BACK) append("CANCELLED " + subject);
            }
        });
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

    /** Everyone erased, in order (a cancelled erasure is not). */
    public synchronized Set<SubjectId> erased() {
        Set<SubjectId> erased = new LinkedHashSet<>();
        if (!Files.exists(file)) return erased;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.split(" ");
                if (parts.length < 2) continue;
                try {
                    SubjectId subject = new SubjectId(UUID.fromString(parts[1]));
                    if (parts[0].equals("ERASED")) erased.add(subject);
                    if (parts[0].equals("CANCELLED")) erased.remove(subject);
                } catch (IllegalArgumentException e) {
                    log.warn("Forget list {}: a line that is not an id is skipped", file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the forget list " + file, e);
        }
        return erased;
    }

    /**
     * Erases again every listed person the database holds (after a restore from a backup taken before their
     * erasure). Returns how many were found and erased.
     */
    public int replay() {
        int again = 0;
        AccessRequest request = new AccessRequest(Actor.system(Set.of(Role.DPO)), RightsRequests.PURPOSE);
        for (SubjectId subject : erased()) {
            if (persons.exists(subject)) {
                persons.delete(request, subject);
                again++;
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
