package co.entrega.portal;

import java.io.IOException;
import java.io.Writer;

import jakarta.servlet.http.HttpServletResponse;

import freemarker.template.SimpleHash;
import freemarker.template.Template;
import freemarker.template.TemplateException;

import org.springframework.web.servlet.view.freemarker.FreeMarkerView;

/**
 * A FreeMarker page rendered into memory, then written to the response at once. FreeMarker writes a page as
 * hundreds of small pieces, and each one otherwise passes through every response wrapper of the filter chain (Spring
 * Security checks on each whether the response is now committed). A page is a few tens of kilobytes at most. And a
 * template that fails halfway leaves nothing written, so the error page is shown instead of half a page.
 */
public class BufferedFreeMarkerView extends FreeMarkerView {

    @Override
    protected void processTemplate(Template template, SimpleHash model, HttpServletResponse response)
            throws IOException, TemplateException {
        PageWriter page = new PageWriter();
        template.process(model, page);
        response.getWriter().append(page.text);
    }

    /** An unsynchronized StringWriter. */
    private static final class PageWriter extends Writer {

        private final StringBuilder text = new StringBuilder(16_384);

        @Override
        public void write(char[] chars, int offset, int length) {
            text.append(chars, offset, length);
        }

        @Override
        public void write(String string, int offset, int length) {
            text.append(string, offset, offset + length);
        }

        @Override
        public void write(String string) {
            text.append(string);
        }

        @Override
        public void write(int c) {
            text.append((char) c);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
