package co.entrega.operations;

import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Component;

import co.entrega.ingestion.IngestionActivity;
import co.entrega.notification.MailActivity;

/**
 * Puts the dashboard's {@link BillingNight} together from what ingestion and notification report: a few counts and
 * two GROUP BYs over the last hours, each an index range.
 */
@Component
class BillingNightView {

    static final Duration BUCKET = Duration.ofMinutes(5);
    /** Six hours of 5-minute buckets, the current one last. */
    static final int BUCKETS = 72;
    /** The pace the drain estimate assumes: the last quarter of an hour's. */
    static final Duration PACE_WINDOW = Duration.ofMinutes(15);

    private final IngestionActivity ingestion;
    private final MailActivity mail;

    BillingNightView(IngestionActivity ingestion, MailActivity mail) {
        this.ingestion = ingestion;
        this.mail = mail;
    }

    BillingNight at(Instant now) {
        IngestionActivity.Backlog files = ingestion.backlog();
        long queued = mail.queued();
        Instant paceFrom = now.minus(PACE_WINDOW);
        long filesDone = ingestion.decidedSince(paceFrom);
        long emailsSent = mail.sentSince(paceFrom);
        long bucketSeconds = BUCKET.toSeconds();
        Instant first = Instant.ofEpochSecond((now.getEpochSecond() / bucketSeconds - (BUCKETS - 1)) * bucketSeconds);
        return new BillingNight(files.inInbox(), files.inboxAtLeast(), files.waitingForPair(), queued,
                DrainEstimate.perMinute(filesDone, PACE_WINDOW), DrainEstimate.perMinute(emailsSent, PACE_WINDOW),
                DrainEstimate.text(files.files(), files.inboxAtLeast(), filesDone, PACE_WINDOW),
                DrainEstimate.text(queued, false, emailsSent, PACE_WINDOW),
                RateChart.of("grafico-archivos", "Archivos procesados cada 5 minutos",
                        new String[] {"archivo", "archivos"}, first, BUCKET, BUCKETS, ingestion.decidedPer(BUCKET, first),
                        DashboardPage.ISSUER_ZONE),
                RateChart.of("grafico-correos", "Correos enviados cada 5 minutos",
                        new String[] {"correo", "correos"}, first, BUCKET, BUCKETS, mail.sentPer(BUCKET, first),
                        DashboardPage.ISSUER_ZONE),
                files.files() > 0 || queued > 0);
    }
}
