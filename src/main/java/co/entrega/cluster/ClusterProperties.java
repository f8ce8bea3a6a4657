package co.entrega.cluster;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How instances that share a database tell which of them are running.
 *
 * @param lockExpiry what an instance holds (an inbox file, the notify job's run) is renewed while it works; an instance
 *                   whose lock file is not in this data folder and whose heartbeat is older than this is taken for
 *                   stopped (at least 30s); one whose lock file is free is released at once
 * @param heartbeat  how often an instance renews its heartbeat and checks the others
 */
@Validated
@ConfigurationProperties("entrega.cluster")
public record ClusterProperties(
        // shorter, and a slow instance (a long GC pause, a database failover) would be taken for stopped
        @DurationMin(seconds = 30) @DefaultValue("2m") Duration lockExpiry,
        @DurationMin(millis = 1) @DefaultValue("5s") Duration heartbeat) {
}
