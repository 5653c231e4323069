package io.custodia.audit;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Verification on demand for the DPO and auditors (GDPR Art. 5(2); access limited in SecurityConfiguration). */
@RestController
class AuditApi {

    private final AuditVerifier verifier;

    AuditApi(AuditVerifier verifier) {
        this.verifier = verifier;
    }

    @GetMapping("/api/v1/audit/verify")
    VerificationReport verify() {
        return verifier.verify();
    }
}
