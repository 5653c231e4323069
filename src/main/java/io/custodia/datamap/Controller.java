package io.custodia.datamap;

/** The controller and its data protection officer (GDPR Art. 30(1)(a), Art. 37). */
public record Controller(String name, String address, String contact, String dpo, String supervisoryAuthority) {
}
