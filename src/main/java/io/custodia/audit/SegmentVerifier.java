package io.custodia.audit;

import io.custodia.audit.VerificationReport.Problem;
import io.custodia.crypto.LedgerSignatures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The offline verifier: checks an exported segment ({@link AuditExport}) with nothing but the ledger's
 * public key, no database and no master key (an auditor's own machine). Every checkpoint's signature is
 * checked, then the chain is walked with the rules of {@link AuditVerifier}. The segment's start is
 * <em>anchored</em> when it begins at entry 1 or at a checkpoint included in it; its entries after the
 * last included checkpoint are <em>unsealed</em>: intact as a chain, but a cut there cannot be seen.
 */
public final class SegmentVerifier {

    private SegmentVerifier() {
    }

    /**
     * The verdict on a segment, with what it covers.
     *
     * @param startAnchored whether the first entry links to the genesis or to a signed checkpoint
     * @param sealedUpTo    the last entry a signed checkpoint in the segment covers, or null if none
     */
    public record SegmentReport(VerificationReport chain, long from, long to, boolean startAnchored, @Nullable Long sealedUpTo) {
    }

    /**
     * @throws IllegalArgumentException when the input is not an export (with the line number) or the key is not a public keyset
     */
    public static SegmentReport verify(BufferedReader lines, String publicKeysetJson) {
        LedgerSignatures.Verifier keys = LedgerSignatures.verifier(publicKeysetJson);
        List<StoredEntry> entries = new ArrayList<>();
        List<Checkpoint> checkpoints = new ArrayList<>();
        long from = -1;
        long to = -1;
        int number = 0;
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) continue;
                JsonNode node = parse(line, number);
                String type = text(node, "type", number);
                switch (type) {
                    case "segment" -> {
                        if (number != 1) throw new IllegalArgumentException("line " + number + ": the segment line must come first");
                        if (!AuditExport.FORMAT.equals(text(node, "format", number))) {
                            throw new IllegalArgumentException("line 1: not a " + AuditExport.FORMAT + " export");
                        }
                        from = number(node, "from", number);
                        to = number(node, "to", number);
                    }
                    case "entry" -> entries.add(entry(node, number));
                    case "checkpoint" -> checkpoints.add(new Checkpoint(number(node, "seq", number), text(node, "hash", number),
                            instant(node, "at", number), text(node, "keyId", number), text(node, "signature", number)));
                    default -> throw new IllegalArgumentException("line " + number + ": unknown type '" + abbreviate(type) + "'");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (from < 1) throw new IllegalArgumentException("the export does not start with a segment line");
        Map<Long, String> sealed = new HashMap<>();
        for (Checkpoint c : checkpoints) {
            if (!keys.verify(c.signedBytes(), c.signature())) {
                return new SegmentReport(VerificationReport.broken(0, c.seq(), Problem.CHECKPOINT_INVALID, "the checkpoint at entry "
                        + c.seq() + " does not carry a valid signature of key " + keys.keyId()), from, to, false, null);
            }
            sealed.put(c.seq(), c.hash());
        }
        boolean anchored = from == 1 || sealed.containsKey(from - 1);
        String startHash = from == 1 ? AuditHashes.GENESIS
                : sealed.getOrDefault(from - 1, entries.isEmpty() ? AuditHashes.GENESIS : entries.getFirst().prevHash());
        ChainWalk walk = new ChainWalk(from - 1, startHash, null, from, to, sealed);
        long start = from;
        Long sealedUpTo = sealed.keySet().stream().filter(s -> s >= start).max(Long::compare).orElse(null);
        for (StoredEntry e : entries) {
            VerificationReport broken = walk.check(e);
            if (broken != null) return new SegmentReport(broken, from, to, anchored, sealedUpTo);
        }
        VerificationReport cut = walk.tailAgainstCheckpoints();
        if (cut == null && walk.lastSeq() < to) {
            cut = VerificationReport.broken(walk.checked(), walk.lastSeq() + 1, Problem.TAIL_CUT, "the segment declares entries up to "
                    + to + " but ends at entry " + walk.lastSeq() + ": entries " + (walk.lastSeq() + 1) + " to " + to + " were removed");
        }
        return new SegmentReport(cut != null ? cut : VerificationReport.ok(walk.checked()), from, to, anchored, sealedUpTo);
    }

    private static StoredEntry entry(JsonNode node, int line) {
        String subject = optional(node, "subjectId");
        UUID subjectId;
        try {
            subjectId = subject == null ? null : UUID.fromString(subject);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("line " + line + ": subjectId is not a UUID");
        }
        return new StoredEntry(number(node, "seq", line), instant(node, "at", line), text(node, "actorKind", line),
                text(node, "actorId", line), text(node, "action", line), optional(node, "purpose"), subjectId,
                text(node, "outcome", line), text(node, "detail", line), optional(node, "correlationId"),
                text(node, "prevHash", line), text(node, "hash", line));
    }

    private static JsonNode parse(String line, int number) {
        try {
            JsonNode node = AuditExport.JSON.readTree(line);
            if (node == null || !node.isObject()) throw new IllegalArgumentException("line " + number + ": not a JSON object");
            return node;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("line " + number + ": not JSON (" + e.getOriginalMessage() + ")");
        }
    }

    private static String text(JsonNode node, String field, int line) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) throw new IllegalArgumentException("line " + line + ": '" + field + "' is missing or not text");
        return value.asString();
    }

    private static @Nullable String optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static long number(JsonNode node, String field, int line) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber()) throw new IllegalArgumentException("line " + line + ": '" + field + "' is missing or not a whole number");
        return value.asLong();
    }

    private static Instant instant(JsonNode node, String field, int line) {
        try {
            return Instant.parse(text(node, field, line));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("line " + line + ": '" + field + "' is not an ISO-8601 instant");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
