package co.entrega.notification;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** How the console says why an invoice email went without its ZIP. */
class AttachmentNoteTest {

    @Test
    void aZipOverDiansLimitIsGivenInMegabytesRoundedUpAndInBytes() {
        assertThat(AttachmentNote.tooLarge(2_516_582, DataSize.ofMegabytes(2))).isEqualTo("Sin adjunto: el ZIP pesa"
                + " 2,4 MB (2.516.582 bytes), más que el límite de 2 MB de DIAN; el correo lleva el enlace");
        // One byte over: never "2 MB", which would read as within the limit
        assertThat(AttachmentNote.tooLarge(2 * 1024 * 1024 + 1, DataSize.ofMegabytes(2)))
                .startsWith("Sin adjunto: el ZIP pesa 2,1 MB (2.097.153 bytes)");
    }

    @Test
    void aLimitOtherThanDiansIsCalledTheConfiguredOne() {
        assertThat(AttachmentNote.tooLarge(1_600_000, DataSize.ofKilobytes(1536))).isEqualTo("Sin adjunto: el ZIP"
                + " pesa 1,6 MB (1.600.000 bytes), más que el límite de 1,5 MB configurado"
                + " (entrega.mail.attachment-max-size); el correo lleva el enlace");
        assertThat(AttachmentNote.turnedOff()).contains("entrega.mail.attach-invoice=false");
    }
}
