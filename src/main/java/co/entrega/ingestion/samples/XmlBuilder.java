package co.entrega.ingestion.samples;

/**
 * Writes indented XML text by hand. The generator needs exact control over prefixes, namespace declarations, CDATA
 * and line endings to reproduce how different ERPs write DIAN files, which a serializer would normalize away.
 */
final class XmlBuilder {

    private final StringBuilder out = new StringBuilder();
    private int depth;

    /** Opens an element; attributes come as name/value pairs, a null value leaves the attribute out. */
    XmlBuilder open(String name, String... attributes) {
        indent().append('<').append(name);
        attributes(attributes);
        out.append(">\n");
        depth++;
        return this;
    }

    XmlBuilder close(String name) {
        depth--;
        indent().append("</").append(name).append(">\n");
        return this;
    }

    /** A text-only element; nothing is written when the value is null, which is how fixtures drop a field. */
    XmlBuilder leaf(String name, Object value, String... attributes) {
        if (value == null) {
            return this;
        }
        indent().append('<').append(name);
        attributes(attributes);
        out.append('>').append(escape(value.toString())).append("</").append(name).append(">\n");
        return this;
    }

    /** A text element whose content is CDATA, as DIAN embeds whole XML documents in an AttachedDocument. */
    XmlBuilder cdata(String name, String content) {
        indent().append('<').append(name).append("><![CDATA[")
                .append(content.replace("]]>", "]]]]><![CDATA[>"))
                .append("]]></").append(name).append(">\n");
        return this;
    }

    XmlBuilder raw(String text) {
        out.append(text);
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private void attributes(String... attributes) {
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            if (attributes[i + 1] != null) {
                out.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
            }
        }
    }

    private StringBuilder indent() {
        return out.append("  ".repeat(depth));
    }
}
