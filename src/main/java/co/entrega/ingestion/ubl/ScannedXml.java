package co.entrega.ingestion.ubl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What one streaming pass over a UBL file collected: the root kind, the raw text and attributes of every element on
 * a path of interest (keyed by its path below the root, e.g. "cac:LegalMonetaryTotal/cbc:PayableAmount", with the
 * canonical prefixes cbc/cac whatever prefixes the file used), and how many document lines it had.
 */
final class ScannedXml {

    /** One element's text (untrimmed, as the parser delivered it) and its unqualified attributes. */
    record Value(String text, Map<String, String> attributes) {

        /** Trimmed, inner whitespace runs collapsed (pretty-printers and CRLF exports must not change values); null if blank. */
        String normalized() {
            String collapsed = text.replaceAll("\\s+", " ").trim();
            return collapsed.isEmpty() ? null : collapsed;
        }

        String attribute(String name) {
            String value = attributes.get(name);
            return value == null || value.isBlank() ? null : value.trim();
        }
    }

    private final RootKind rootKind;
    private final Map<String, List<Value>> values = new LinkedHashMap<>();
    private int lineCount;

    ScannedXml(RootKind rootKind) {
        this.rootKind = rootKind;
    }

    RootKind rootKind() {
        return rootKind;
    }

    int lineCount() {
        return lineCount;
    }

    void countLine() {
        lineCount++;
    }

    void add(String path, Value value) {
        values.computeIfAbsent(path, p -> new ArrayList<>()).add(value);
    }

    /** The first element at the path whose text is not blank, or null. */
    Value first(String path) {
        for (Value value : values.getOrDefault(path, List.of())) {
            if (value.normalized() != null) {
                return value;
            }
        }
        return null;
    }

    /** The normalized text of the first non-blank element at the path, or null. */
    String text(String path) {
        Value value = first(path);
        return value == null ? null : value.normalized();
    }

    /** The raw (untrimmed) text of the first element at the path, or null: for embedded documents. */
    String rawText(String path) {
        List<Value> list = values.get(path);
        return list == null || list.isEmpty() ? null : list.get(0).text();
    }

    /** Every value at the paths the predicate accepts, paths in document order of first appearance. */
    List<Value> all(Predicate<String> pathFilter) {
        List<Value> found = new ArrayList<>();
        values.forEach((path, list) -> {
            if (pathFilter.test(path)) {
                found.addAll(list);
            }
        });
        return found;
    }
}
