package co.entrega.operations;

import java.util.List;

/**
 * The dashboard's view of the night's work: what is left, how fast it went lately, when it should be done. Texts are
 * ready to show (Spanish); public, like its parts, because the page's FreeMarker reads them.
 *
 * @param inboxFiles   files in the inbox not finished (what the latest listing showed, plus those being processed)
 * @param inboxAtLeast the inbox may hold more than that (its listing was cut at the poll's maximum)
 * @param waitingFiles loose XMLs and PDFs waiting for their other half
 * @param queuedEmails emails PENDING or SENDING
 * @param working      anything left: the page reloads itself
 */
public record BillingNight(long inboxFiles, boolean inboxAtLeast, long waitingFiles, long queuedEmails,
                           String filesPerMinute, String emailsPerMinute, String filesDrain, String emailsDrain,
                           Chart filesChart, Chart emailsChart, boolean working) {

    /**
     * One inline SVG bar chart, laid out here (the template only writes the elements).
     *
     * @param summary the chart as a sentence, for screen readers
     */
    public record Chart(String id, String title, String summary, long max, int width, int height, int plotTop,
                        int plotBottom, int plotLeft, int plotRight, List<Bar> bars, List<Tick> ticks) {
    }

    /** A bucket with data; {@code label} is its interval and count ("02:15–02:20: 12 archivos"). */
    public record Bar(int x, int y, int width, int height, long count, String label) {
    }

    /** An hour mark under the chart. */
    public record Tick(int x, String label) {
    }
}
