package io.custodia.people;

/** The sales pipeline, in order. */
public enum DealStage {
    LEAD, QUALIFIED, PROPOSAL, NEGOTIATION, WON, LOST;

    public boolean closed() {
        return this == WON || this == LOST;
    }
}
