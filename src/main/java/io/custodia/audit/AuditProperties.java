package io.custodia.audit;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the ledger ({@code custodia.audit.*}).
 *
 * @param checkpointEvery    sign a checkpoint once this many entries follow the last one (default 1000)
 * @param checkpointInterval ... or once this long has passed with entries unsealed, whichever comes first (default PT1M)
 * @param checkpointFile     an external sink: each checkpoint is appended to this file as a JSON line (none by default)
 * @param checkpointUrl      an external sink: each checkpoint is POSTed here as JSON (none by default)
 * @param verifyInterval     how often the whole chain is verified in the background for the health endpoint (default PT1H)
 * @param retention          entries older than this are pruned at a signed checkpoint (none by default: kept forever)
 */
@ConfigurationProperties("custodia.audit")
public record AuditProperties(int checkpointEvery, @Nullable Duration checkpointInterval, @Nullable Path checkpointFile,
        @Nullable URI checkpointUrl, @Nullable Duration verifyInterval, @Nullable Duration retention) {

    public AuditProperties {
        if (checkpointEvery <= 0) checkpointEvery = 1_000;
        if (checkpointInterval == null || checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            checkpointInterval = Duration.ofMinutes(1);
        }
        if (verifyInterval == null || verifyInterval.isNegative() || verifyInterval.isZero()) verifyInterval = Duration.ofHours(1);
        if (retention != null && (retention.isNegative() || retention.isZero())) {
            throw new IllegalArgumentException("custodia.audit.retention must be a positive duration such as P6Y, or unset to keep every entry");
        }
    }
}
