package co.entrega.ingestion;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the operator's inbox URI into the endpoint the route consumes: the operator's options are kept as written,
 * and every option Entrega relies on is added when the URI does not set it.
 * <ul>
 * <li>folder: {@code readLock=idempotent-changed} with the shared JDBC repository: a file is taken only once its
 * size and date stop changing, and by one instance at a time; a lock left by a crashed instance expires.</li>
 * <li>SFTP/FTP: {@link RemoteInboxReadLock} through {@code exclusiveReadLockStrategy}: a file is taken once two
 * polls at least {@code read-lock-check-interval} apart list the same size and date, and by one instance at a time
 * (a claim in the same JDBC repository). An operator who sets {@code readLock} gets Camel's lock instead.</li>
 * <li>{@code readLockMinLength=0}: an empty file is taken too (and quarantined), never left behind.</li>
 * <li>{@code move=.done/...}: a processed file leaves the inbox (its bytes are already in our store).</li>
 * <li>no {@code moveFailed}: a file whose processing failed (database down, ...) stays and is retried.</li>
 * <li>SFTP: {@code strictHostKeyChecking=yes} (known-hosts checking on by default), a local work directory of this
 * process's own so a download never sits whole in memory, and {@code stepwise=false}.</li>
 * </ul>
 * Camel expressions use {@code $simple{...}}: Spring would resolve {@code ${...}} in configuration as its own placeholder.
 */
public final class InboxEndpointUri {

    /** The Spring property the route reads: {@code from: uri: "{{entrega.inbox.endpoint}}"}. */
    public static final String PROPERTY = "entrega.inbox.endpoint";

    /** The bean name of the SFTP/FTP inbox's {@link RemoteInboxReadLock}. */
    public static final String REMOTE_READ_LOCK_BEAN = "remoteInboxReadLock";
    /** The bean holding the files this process is working on (see IngestionConfiguration). */
    public static final String IN_PROGRESS_BEAN = "inboxFilesInProgress";

    private InboxEndpointUri() {
    }

    /** Where this process downloads SFTP files while it processes them. */
    static Path localWorkDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "entrega-inbox-" + ProcessHandle.current().pid());
    }

    public static String effective(InboxProperties inbox) {
        String uri = inbox.uri().trim();
        String scheme = uri.substring(0, Math.max(uri.indexOf(':'), 0)).toLowerCase(Locale.ROOT);
        long checkMillis = Math.max(inbox.readLockCheckInterval().toMillis(), 10);

        boolean remote = scheme.equals("sftp") || scheme.equals("ftp") || scheme.equals("ftps");
        Map<String, String> defaults = new LinkedHashMap<>();
        if (remote) {
            // Camel's FTP/SFTP consumers know only none, rename and changed (anything else silently means none), and
            // none of them keeps a second instance away: the inbox's own lock does (size and date compared between
            // polls, never the server's clock; claimed in the shared repository).
            defaults.put("exclusiveReadLockStrategy", "#" + REMOTE_READ_LOCK_BEAN);
        } else {
            defaults.put("readLock", "idempotent-changed");
            defaults.put("idempotentRepository", "#inboxReadLockRepository");
            defaults.put("readLockRemoveOnCommit", "true");
            // A file unchanged for readLockMinAge is taken at once; a younger one is re-checked every quarter of that.
            defaults.put("readLockMinAge", Long.toString(checkMillis));
            defaults.put("readLockCheckInterval", Long.toString(Math.max(checkMillis / 4, 10)));
            defaults.put("readLockTimeout", Long.toString(Math.max(10_000, checkMillis * 10)));
        }
        defaults.put("readLockMinLength", "0");
        // Not Camel's default LRU cache, which slows to minutes per poll after 100,000 files (IngestionConfiguration).
        defaults.put("inProgressRepository", "#" + IN_PROGRESS_BEAN);
        defaults.put("move", ".done/$simple{date:now:yyyyMMdd}/$simple{date:now:HHmmssSSS}-$simple{file:name}");
        // Upload tools write under a temporary name and rename when done; hidden files are skipped by Camel anyway.
        defaults.put("exclude", "RAW((?i).*\\.(tmp|part|filepart|crdownload)$)");
        defaults.put("delay", Long.toString(Math.max(inbox.pollDelay().toMillis(), 10)));
        // A poll that found files polls again at once: a backlog drains without waiting poll-delay each time.
        defaults.put("greedy", "true");
        defaults.put("maxMessagesPerPoll", Integer.toString(inbox.maxFilesPerPoll()));
        if (remote) {
            // On this machine's disk and this process's own: instances sharing a data folder must not share the
            // downloads in progress (one would overwrite the file another is reading).
            defaults.put("localWorkDirectory", localWorkDirectory().toString());
            defaults.put("binary", "true");
            // Download by full path instead of changing directory there and back for every file: two round trips
            // fewer per file, and no connection state (a current directory) for a failed download to leave behind.
            defaults.put("stepwise", "false");
        }
        if (scheme.equals("sftp")) {
            defaults.put("strictHostKeyChecking", "yes");
        }

        String query = uri.contains("?") ? uri.substring(uri.indexOf('?') + 1) : "";
        for (String option : query.split("&")) {
            int eq = option.indexOf('=');
            String name = eq < 0 ? option : option.substring(0, eq);
            defaults.remove(name);
            if (name.equals("readLock")) {
                // the operator chose one of Camel's own locks: a strategy would silently take precedence over it
                defaults.remove("exclusiveReadLockStrategy");
            }
        }
        StringBuilder out = new StringBuilder(uri);
        char separator = uri.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> option : defaults.entrySet()) {
            out.append(separator).append(option.getKey()).append('=').append(option.getValue());
            separator = '&';
        }
        return out.toString();
    }
}
