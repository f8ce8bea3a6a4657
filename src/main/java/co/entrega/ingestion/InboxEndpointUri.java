package co.entrega.ingestion;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
 * <li>{@code move=.done/$simple{header.EntregaDoneName}}: a processed file leaves the inbox (its bytes are already in
 * our store) for {@code .done/<yyyyMMdd>/<HHmmssSSS>-<name>}, the done name {@link InboxIntake} decided and recorded
 * with the file's row (so the {@code .done} audit can tell a file whose row was lost).</li>
 * <li>no {@code moveFailed}: a file whose processing failed (database down, ...) stays and is retried.</li>
 * <li>SFTP: {@code strictHostKeyChecking=yes} (known-hosts checking on by default), a local work directory of this
 * process's own so a download never sits whole in memory, and {@code stepwise=false}.</li>
 * </ul>
 * Camel expressions use {@code $simple{...}}: Spring would resolve {@code ${...}} in configuration as its own placeholder.
 * <p>
 * The {@code .done} folder's two consumers ({@link #doneAudit}, {@link #doneRetention}) read the same server with the
 * operator's connection options (user, password, key, known hosts, ...) and options of their own for what they take.
 */
public final class InboxEndpointUri {

    /** The Spring property the route reads: {@code from: uri: "{{entrega.inbox.endpoint}}"}. */
    public static final String PROPERTY = "entrega.inbox.endpoint";

    /** The bean name of the SFTP/FTP inbox's {@link RemoteInboxReadLock}. */
    public static final String REMOTE_READ_LOCK_BEAN = "remoteInboxReadLock";
    /** The bean holding the files this process is working on (see IngestionConfiguration). */
    public static final String IN_PROGRESS_BEAN = "inboxFilesInProgress";

    /** The {@code .done} audit's endpoint (route {@code ingestion-done-audit}), see {@link #doneAudit}. */
    public static final String DONE_AUDIT_PROPERTY = "entrega.inbox.done-audit-endpoint";
    /** The {@code .done} retention's endpoint (route {@code ingestion-done-retention}), see {@link #doneRetention}. */
    public static final String DONE_RETENTION_PROPERTY = "entrega.inbox.done-retention-endpoint";
    /** "true" when Entrega manages {@code .done} (the routes' autoStartup), see {@link #managesDoneFolder}. */
    public static final String DONE_FOLDER_MANAGED_PROPERTY = "entrega.inbox.done-folder-managed";

    /** The folder, under the inbox, where processed files go. */
    public static final String DONE_FOLDER = ".done";

    /** At most this many expired files are deleted per retention poll (a first run on years of files is spread). */
    static final int RETENTION_FILES_PER_POLL = 10_000;

    /**
     * The operator's options that decide which files a consumer takes and what it does with them: the inbox's own,
     * never carried over to the {@code .done} consumers (connection options are).
     */
    private static final Set<String> SELECTION_OPTIONS = Set.of(
            "noop", "delete", "move", "moveFailed", "preMove", "moveExisting", "idempotent", "idempotentKey",
            "idempotentEager", "idempotentRepository", "inProgressRepository", "filter", "filterDirectory",
            "filterFile", "include", "exclude", "includeExt", "excludeExt", "antInclude", "antExclude",
            "antFilterCaseSensitive", "recursive", "minDepth", "maxDepth", "maxMessagesPerPoll",
            "eagerMaxMessagesPerPoll", "delay", "initialDelay", "greedy", "useFixedDelay", "repeatCount", "timeUnit",
            "sortBy", "sorter", "shuffle", "doneFileName", "processStrategy", "localWorkDirectory", "fileName",
            "download", "streamDownload", "exclusiveReadLockStrategy", "pollStrategy", "sendEmptyMessageWhenIdle",
            "startScheduler", "directoryMustExist", "startingDirectoryMustExist", "preSort", "eagerDeleteTargetFile",
            "ignoreFileNotFoundOrPermissionError");
    private static final List<String> SELECTION_OPTION_PREFIXES = List.of(
            "readLock", "scheduler", "backoff");

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
        defaults.put("move", DONE_FOLDER + "/$simple{header." + InboxIntake.DONE_NAME_HEADER + "}");
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

    /**
     * Whether Entrega manages the inbox's {@code .done} folder: the operator's URI leaves the move after processing to
     * Entrega (no {@code move}, {@code noop} or {@code delete} of their own). Otherwise processed files are not where,
     * or not named as, the audit expects, and neither the audit nor the retention runs.
     */
    public static boolean managesDoneFolder(InboxProperties inbox) {
        Set<String> set = operatorOptions(inbox.uri().trim()).keySet();
        return !set.contains("move") && !set.contains("noop") && !set.contains("delete");
    }

    /**
     * The {@code .done} audit's endpoint: every file of {@code .done}'s date folders, left where it is
     * ({@code noop}), listed again on every poll ({@code idempotent=false}), without a read lock (the inbox moves a
     * file there whole); {@link DoneFolderAudit} decides per date folder and per file, so only the date folders within
     * {@code done-recheck-window} are listed and only files with no row become exchanges. Polled once soon after
     * start-up, then every {@code done-recheck-interval}.
     */
    public static String doneAudit(InboxProperties inbox) {
        Map<String, String> own = new LinkedHashMap<>();
        own.put("recursive", "true");
        own.put("noop", "true");
        own.put("idempotent", "false");
        own.put("readLock", "none");
        own.put("filter", "#" + DoneFolderAudit.BEAN);
        own.put("initialDelay", "1000");
        own.put("delay", Long.toString(Math.max(inbox.doneRecheckInterval().toMillis(), 100)));
        own.put("maxMessagesPerPoll", Integer.toString(inbox.maxFilesPerPoll()));
        return doneFolderUri(inbox, own, "done-audit", true);
    }

    /**
     * The {@code .done} retention's endpoint: the files of date folders older than {@code done-retention}, deleted
     * after their (empty) exchange ({@code delete=true}); {@link DoneFolderRetention} decides by the date folder's
     * name, so the folders kept are not even listed. Over SFTP/FTP nothing is downloaded ({@code download=false}).
     */
    public static String doneRetention(InboxProperties inbox) {
        Map<String, String> own = new LinkedHashMap<>();
        own.put("recursive", "true");
        own.put("delete", "true");
        own.put("idempotent", "false");
        own.put("readLock", "none");
        own.put("filter", "#" + DoneFolderRetention.BEAN);
        own.put("initialDelay", "1000");
        own.put("delay", Long.toString(Math.max(inbox.doneRecheckInterval().toMillis(), 100)));
        own.put("maxMessagesPerPoll", Integer.toString(RETENTION_FILES_PER_POLL));
        return doneFolderUri(inbox, own, "done-retention", false);
    }

    /** Where this process downloads the {@code .done} files the audit takes again. */
    static Path doneAuditLocalWorkDirectory() {
        return Path.of(localWorkDirectory() + "-done");
    }

    private static String doneFolderUri(InboxProperties inbox, Map<String, String> own, String purpose,
                                        boolean download) {
        String uri = inbox.uri().trim();
        String scheme = uri.substring(0, Math.max(uri.indexOf(':'), 0)).toLowerCase(Locale.ROOT);
        boolean remote = scheme.equals("sftp") || scheme.equals("ftp") || scheme.equals("ftps");
        String base = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        StringBuilder out = new StringBuilder(base);
        if (!base.endsWith("/")) {
            out.append('/');
        }
        out.append(DONE_FOLDER);

        Map<String, String> options = new LinkedHashMap<>();
        for (Map.Entry<String, String> option : operatorOptions(uri).entrySet()) {
            if (!isSelectionOption(option.getKey())) {
                options.put(option.getKey(), option.getValue());
            }
        }
        if (remote) {
            if (download) {
                options.put("localWorkDirectory", doneAuditLocalWorkDirectory().toString());
                options.putIfAbsent("binary", "true");
            } else {
                options.put("download", "false");
            }
            options.putIfAbsent("stepwise", "false");
        }
        if (scheme.equals("sftp")) {
            options.putIfAbsent("strictHostKeyChecking", "yes");
        }
        if (scheme.equals("file")) {
            // The file consumer lists nothing in a hidden starting folder (.done) unless told to; the filter passes
            // only date folders, so no other hidden folder is listed.
            options.put("includeHiddenDirs", "true");
        }
        options.putAll(own);
        char separator = '?';
        for (Map.Entry<String, String> option : options.entrySet()) {
            out.append(separator).append(option.getKey());
            if (option.getValue() != null) {
                out.append('=').append(option.getValue());
            }
            separator = '&';
        }
        return out.toString();
    }

    private static boolean isOpenRaw(String option) {
        int eq = option.indexOf('=');
        String value = eq < 0 ? "" : option.substring(eq + 1);
        return value.startsWith("RAW(") && !value.endsWith(")") || value.startsWith("RAW{") && !value.endsWith("}");
    }

    private static boolean isSelectionOption(String name) {
        return SELECTION_OPTIONS.contains(name) || SELECTION_OPTION_PREFIXES.stream().anyMatch(name::startsWith);
    }

    /**
     * The operator's options, in order, values as written (null for an option without '='); a {@code RAW(...)} value
     * (a password) may contain '&amp;'.
     */
    private static Map<String, String> operatorOptions(String uri) {
        Map<String, String> options = new LinkedHashMap<>();
        String query = uri.contains("?") ? uri.substring(uri.indexOf('?') + 1) : "";
        List<String> parts = new ArrayList<>();
        for (String fragment : query.split("&", -1)) {
            String last = parts.isEmpty() ? null : parts.get(parts.size() - 1);
            if (last != null && isOpenRaw(last)) {
                parts.set(parts.size() - 1, last + "&" + fragment);
            } else {
                parts.add(fragment);
            }
        }
        for (String option : parts) {
            if (option.isEmpty()) {
                continue;
            }
            int eq = option.indexOf('=');
            options.put(eq < 0 ? option : option.substring(0, eq), eq < 0 ? null : option.substring(eq + 1));
        }
        return options;
    }
}
