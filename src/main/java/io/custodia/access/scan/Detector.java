package io.custodia.access.scan;

import java.util.List;

/** One detection rule. Implementations are immutable and thread-safe. */
interface Detector {

    /** Appends the candidates found in {@code text}; they may overlap those of other detectors. */
    void detect(String text, List<Finding> out);
}
