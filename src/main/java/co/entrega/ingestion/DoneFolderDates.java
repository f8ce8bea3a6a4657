package co.entrega.ingestion;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;

import org.apache.camel.component.file.GenericFile;

/**
 * Paths in the inbox's {@code .done} folder, {@code <yyyyMMdd>/<HHmmssSSS>-<name>}, as the {@code .done} consumers see
 * them: relative to {@code .done}, '/'-separated, on a folder inbox and on SFTP alike.
 */
final class DoneFolderDates {

    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("uuuuMMdd")
            .withResolverStyle(ResolverStyle.STRICT);

    private DoneFolderDates() {
    }

    /** The file's or folder's path relative to {@code .done}. */
    static String relativePath(GenericFile<?> file) {
        String relative = file.getRelativeFilePath();
        return relative == null ? "" : relative.replace('\\', '/');
    }

    /** The date of the date folder a path is in (or is): its first segment, if that is {@code yyyyMMdd}. */
    static Optional<LocalDate> dateOf(String relativePath) {
        int slash = relativePath.indexOf('/');
        String folder = slash < 0 ? relativePath : relativePath.substring(0, slash);
        if (folder.length() != 8) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(folder, FOLDER));
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }

    /** Whether the path is a date folder itself (not something inside one). */
    static boolean isDateFolder(String relativePath) {
        return relativePath.indexOf('/') < 0 && dateOf(relativePath).isPresent();
    }

    /**
     * The name the file had in the inbox: the done name without its date folder and {@code HHmmssSSS-} prefix (a file
     * put in {@code .done} by hand, without the prefix, keeps its name).
     */
    static String originalName(String doneName) {
        String name = doneName.substring(doneName.indexOf('/') + 1);
        return name.matches("\\d{9}-.+") ? name.substring(10) : name;
    }
}
