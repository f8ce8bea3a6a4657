package co.entrega.notification;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.Locale;

import org.springframework.util.unit.DataSize;

/** Why an invoice email went without its ZIP, as the console shows it (Spanish, sizes as an operator reads them). */
final class AttachmentNote {

    /** DIAN's limit on the attachment of an invoice email. */
    static final DataSize DIAN_LIMIT = DataSize.ofMegabytes(2);
    private static final Locale SPANISH = Locale.forLanguageTag("es-CO");
    private static final BigDecimal MEGABYTE = BigDecimal.valueOf(DataSize.ofMegabytes(1).toBytes());

    private AttachmentNote() {
    }

    /**
     * "Sin adjunto: el ZIP pesa 2,4 MB (2.516.582 bytes), más que el límite de 2 MB de DIAN; …". The size is rounded
     * up, so that a ZIP just over the limit never reads as the limit itself; the bytes say it exactly.
     */
    static String tooLarge(long zipBytes, DataSize limit) {
        String whose = limit.equals(DIAN_LIMIT) ? " de DIAN" : " configurado (entrega.mail.attachment-max-size)";
        return "Sin adjunto: el ZIP pesa " + megabytes(zipBytes, RoundingMode.UP) + " (" + bytes(zipBytes)
                + " bytes), más que el límite de " + megabytes(limit.toBytes(), RoundingMode.DOWN) + whose
                + "; el correo lleva el enlace";
    }

    static String turnedOff() {
        return "Sin adjunto: los adjuntos están desactivados (entrega.mail.attach-invoice=false); el correo lleva el"
                + " enlace";
    }

    private static String megabytes(long bytes, RoundingMode rounding) {
        NumberFormat format = NumberFormat.getNumberInstance(SPANISH);
        format.setMaximumFractionDigits(1);
        format.setRoundingMode(rounding);
        return format.format(BigDecimal.valueOf(bytes).divide(MEGABYTE, 6, rounding)) + " MB";
    }

    private static String bytes(long bytes) {
        return NumberFormat.getIntegerInstance(SPANISH).format(bytes);
    }
}
