package io.custodia.shared;

/**
 * What no stored text may hold, whichever module stores it (a staff member's name, an API token's name): the access
 * gateway's scanner implements it, so modules below the gateway check with the same rule as notes are checked.
 */
public interface ForbiddenText {

    /** Whether the text holds a payment card number (PCI DSS 3.2: never stored). */
    boolean holdsCardNumber(String text);
}
