package io.custodia.shared;

/**
 * A person was erased: their data key is destroyed and their rows deleted. Published inside the erasure's
 * transaction, so every module that keeps something of the person removes it in the same commit
 * (invariant 6). Carries the id only.
 */
public record SubjectErased(SubjectId subject) {
}
