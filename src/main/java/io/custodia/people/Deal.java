package io.custodia.people;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A deal in the pipeline. Business data; the contact is a person id, their name is read through the gateway. */
public record Deal(UUID id, String title, @Nullable UUID organisationId, @Nullable String organisationName,
        @Nullable UUID contactId, DealStage stage, BigDecimal amount, String currency, @Nullable UUID ownerId,
        @Nullable LocalDate expectedClose, Instant createdAt, Instant updatedAt) {

    public Map<String, Object> toJson() {
        Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("id", id.toString());
        json.put("title", title);
        json.put("organisationId", organisationId == null ? null : organisationId.toString());
        json.put("organisationName", organisationName);
        json.put("contactId", contactId == null ? null : contactId.toString());
        json.put("stage", stage.name());
        json.put("amount", amount.toPlainString());
        json.put("currency", currency);
        json.put("ownerId", ownerId == null ? null : ownerId.toString());
        json.put("expectedClose", expectedClose == null ? null : expectedClose.toString());
        json.put("createdAt", createdAt.toString());
        json.put("updatedAt", updatedAt.toString());
        return json;
    }
}
