package io.custodia.people;

public enum InteractionKind { CALL, MEETING, EMAIL, NOTE }
