package io.custodia.rights;

import io.custodia.people.Jurisdiction;
import java.time.LocalDate;

/**
 * The day it is now under each law's calendar: the day a request's time left, lateness and extension count
 * from. A request's due day is a day in its law's time zone (set at receipt, {@link Deadlines#dayOf}), so
 * between midnight in Paris and midnight in Los Angeles a Californian's request still has the day the EU's
 * calendar has already left behind.
 *
 * @param eu         today in the controller's (EU) time zone: GDPR requests, and persons under neither law
 * @param california today in California's time zone: CCPA requests
 */
public record Today(LocalDate eu, LocalDate california) {

    /** Today for a person under this law (any law but California's counts by the EU's calendar, as their clock does). */
    public LocalDate under(Jurisdiction jurisdiction) {
        return jurisdiction == Jurisdiction.US_CA ? california : eu;
    }
}
