package co.entrega.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class InboxEndpointUriTest {

    private static String effective(String uri) {
        return InboxEndpointUri.effective(properties(uri));
    }

    private static InboxProperties properties(String uri) {
        return new InboxProperties(uri, Duration.ofSeconds(1), Duration.ofSeconds(2), 100, 16,
                Duration.ofMinutes(10), Duration.ofDays(2), Duration.ofDays(90));
    }

    @Test
    void aFolderGetsTheReadLockAndTheMoveAfterProcessing() {
        String uri = effective("file:data/inbox");

        assertThat(uri).startsWith("file:data/inbox?readLock=idempotent-changed&")
                .contains("idempotentRepository=#inboxReadLockRepository")
                .contains("readLockMinLength=0")
                .contains("inProgressRepository=#inboxFilesInProgress")
                .contains("readLockMinAge=2000")
                .contains("move=.done/$simple{header.EntregaDoneName}")
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

    @Test
    void theDoneAuditReadsTheDoneFolderWithTheOperatorsConnectionButNotTheirSelection() {
        String uri = InboxEndpointUri.doneAudit(properties("sftp://erp@host:22/outbox?password=RAW(a&b=c)"
                + "&knownHostsFile=/etc/kh&readLock=changed&include=.*xml&delay=60000&stepwise=true"));

        assertThat(uri).startsWith("sftp://erp@host:22/outbox/.done?password=RAW(a&b=c)&knownHostsFile=/etc/kh&")
                .contains("stepwise=true").doesNotContain("stepwise=false")
                .contains("strictHostKeyChecking=yes")
                .contains("localWorkDirectory=" + InboxEndpointUri.doneAuditLocalWorkDirectory())
                .contains("recursive=true").contains("noop=true").contains("idempotent=false")
                .contains("readLock=none").doesNotContain("readLock=changed")
                .contains("filter=#doneFolderAudit")
                .contains("delay=600000").doesNotContain("delay=60000&")
                .doesNotContain("include=");
    }

    @Test
    void theDoneRetentionDeletesWithoutDownloading() {
        String folder = InboxEndpointUri.doneRetention(properties("file:data/inbox/"));
        String sftp = InboxEndpointUri.doneRetention(properties("sftp://erp@host/outbox"));

        assertThat(folder).startsWith("file:data/inbox/.done?").contains("delete=true")
                .contains("filter=#doneFolderRetention").doesNotContain("noop").doesNotContain("download");
        assertThat(sftp).startsWith("sftp://erp@host/outbox/.done?").contains("download=false")
                .contains("delete=true").doesNotContain("localWorkDirectory");
    }

    @Test
    void anInboxWithItsOwnMoveNoopOrDeleteLeavesTheDoneFolderAlone() {
        assertThat(InboxEndpointUri.managesDoneFolder(properties("file:data/inbox?delay=5000"))).isTrue();
        assertThat(InboxEndpointUri.managesDoneFolder(properties("file:data/inbox?move=archive"))).isFalse();
        assertThat(InboxEndpointUri.managesDoneFolder(properties("file:data/inbox?noop=true"))).isFalse();
        assertThat(InboxEndpointUri.managesDoneFolder(properties("file:data/inbox?delete=true"))).isFalse();
    }
}
