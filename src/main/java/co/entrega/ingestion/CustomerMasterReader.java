package co.entrega.ingestion;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import co.entrega.customers.Nit;
import co.entrega.customers.EmailAddresses;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.BOMInputStream;

/**
 * Reads the customer master CSV: header {@code nit,name,email} (Spanish names accepted too), separated by
 * {@code ,} or {@code ;} (Excel in Spanish locales writes {@code ;}), UTF-8 with or without BOM.
 */
class CustomerMasterReader {

    record Row(int line, Nit nit, String name, List<String> emails) {
    }

    private static final List<String> NIT_HEADERS = List.of("nit", "identificacion", "identificación", "documento");
    private static final List<String> NAME_HEADERS = List.of("name", "nombre", "razon_social", "razón social",
            "razon social");
    private static final List<String> EMAIL_HEADERS = List.of("email", "correo", "e-mail", "correo_electronico",
            "correo electrónico", "correo electronico");

    /** Reads every row, calling {@code rows} for each; rejects the whole file at the first bad row. */
    void read(InputStream in, Consumer<Row> rows) throws Rejection, IOException {
        CharsetDecoder strictUtf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        BOMInputStream withoutBom = BOMInputStream.builder().setInputStream(in).get();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(withoutBom, strictUtf8))) {
            reader.mark(64 * 1024);
            String headerLine = reader.readLine();
            if (headerLine == null || headerLine.isBlank()) {
                throw new Rejection("CSV_EMPTY", "El CSV de clientes está vacío");
            }
            reader.reset();
            CSVFormat format = CSVFormat.DEFAULT.builder()
                    .setDelimiter(delimiterOf(headerLine))
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .setIgnoreEmptyLines(true)
                    .setTrim(true)
                    .setAllowMissingColumnNames(true)
                    .get();
            try (CSVParser parser = format.parse(reader)) {
                Columns columns = Columns.of(parser.getHeaderMap(), headerLine);
                for (CSVRecord record : parser) {
                    rows.accept(row(record, columns));
                }
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof CharacterCodingException) {
                    throw notUtf8();
                }
                throw e;
            }
        } catch (CharacterCodingException e) {
            throw notUtf8();
        } catch (IllegalStateException | IllegalArgumentException malformed) {
            throw new Rejection("CSV_MALFORMED", "CSV de clientes mal formado: " + malformed.getMessage());
        } catch (RowRejected bad) {
            throw bad.rejection;
        }
    }

    private static Rejection notUtf8() {
        return new Rejection("CSV_ENCODING", "El CSV de clientes no está en UTF-8: guárdelo como \"CSV UTF-8\"");
    }

    private static char delimiterOf(String headerLine) {
        long semicolons = headerLine.chars().filter(c -> c == ';').count();
        long commas = headerLine.chars().filter(c -> c == ',').count();
        return semicolons > commas ? ';' : ',';
    }

    private static Row row(CSVRecord record, Columns columns) {
        int line = (int) record.getRecordNumber() + 1;
        Nit nit = Nit.parse(columns.value(record, columns.nit), null);
        if (nit.isBlank()) {
            throw new RowRejected(new Rejection("CSV_ROW", "CSV de clientes, línea " + line + ": falta el NIT"));
        }
        String rawEmails = columns.value(record, columns.email);
        List<String> invalid = EmailAddresses.invalid(rawEmails);
        if (!invalid.isEmpty()) {
            throw new RowRejected(new Rejection("CSV_ROW", "CSV de clientes, línea " + line + ": correo inválido '"
                    + invalid.get(0) + "' para el NIT " + nit.number()));
        }
        String name = columns.name < 0 ? null : blankToNull(columns.value(record, columns.name));
        return new Row(line, nit, name, EmailAddresses.parse(rawEmails));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private record Columns(int nit, int name, int email) {

        static Columns of(Map<String, Integer> header, String headerLine) {
            int nit = find(header, NIT_HEADERS);
            int email = find(header, EMAIL_HEADERS);
            if (nit < 0 || email < 0) {
                throw new RowRejected(new Rejection("CSV_HEADER", "El CSV de clientes debe tener el encabezado "
                        + "nit,name,email (separado por , o ;); se encontró: '" + headerLine.strip() + "'"));
            }
            return new Columns(nit, find(header, NAME_HEADERS), email);
        }

        private static int find(Map<String, Integer> header, List<String> names) {
            for (Map.Entry<String, Integer> column : header.entrySet()) {
                if (column.getKey() != null && names.contains(column.getKey().trim().toLowerCase(Locale.ROOT))) {
                    return column.getValue();
                }
            }
            return -1;
        }

        String value(CSVRecord record, int index) {
            return index < record.size() ? record.get(index) : "";
        }
    }

    /** Carries a rejection out of the parser's iteration. */
    private static final class RowRejected extends RuntimeException {
        private final Rejection rejection;

        RowRejected(Rejection rejection) {
            super(rejection.getMessage(), null, false, false);
            this.rejection = rejection;
        }
    }

}
