package co.entrega.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class InboxEndpointUriTest {

    private static String effective(String uri) {
        return InboxEndpointUri.effective(new InboxProperties(uri, Duration.ofSeconds(1), Duration.ofSeconds(2), 100));
    }

    @Test
    void aFolderGetsTheReadLockAndTheMoveAfterProcessing() {
        String uri = effective("file:data/inbox");

        assertThat(uri).startsWith("file:data/inbox?readLock=idempotent-changed&")
                .contains("idempotentRepository=#inboxReadLockRepository")
                .contains("readLockMinLength=0")
                .contains("inProgressRepository=#inboxFilesInProgress")
                .contains("readLockMinAge=2000")
                .contains("move=.done/$simple{date:now:yyyyMMdd}/")
                .contains("maxMessagesPerPoll=100")
                .doesNotContain("moveFailed")
                .doesNotContain("strictHostKeyChecking");
    }

    @Test
    void sftpChecksHostKeysByDefaultAndDownloadsToDisk() {
        String uri = effective("sftp://erp@erp.example.co:22/outbox?password=RAW(s3cr3t)");

        assertThat(uri).startsWith("sftp://erp@erp.example.co:22/outbox?password=RAW(s3cr3t)&")
                .contains("exclusiveReadLockStrategy=#remoteInboxReadLock")
                .doesNotContain("readLock=").doesNotContain("readLockMinAge").doesNotContain("idempotentRepository")
                .contains("strictHostKeyChecking=yes")
                .contains("inProgressRepository=#inboxFilesInProgress")
                .contains("stepwise=false")
                .contains("localWorkDirectory=" + InboxEndpointUri.localWorkDirectory());
    }

    @Test
    void anOperatorWhoChoosesCamelsReadLockGetsIt() {
        String uri = effective("sftp://erp@host/outbox?readLock=changed");

        assertThat(uri).contains("readLock=changed").doesNotContain("exclusiveReadLockStrategy");
    }

    @Test
    void whatTheOperatorSetIsKeptAsWritten() {
        String uri = effective("sftp://erp@host/outbox?strictHostKeyChecking=no&move=archive&delay=60000");

        assertThat(uri).contains("strictHostKeyChecking=no").doesNotContain("strictHostKeyChecking=yes")
                .contains("move=archive").doesNotContain("move=.done")
                .contains("delay=60000").doesNotContain("delay=1000");
    }
}
