package co.entrega.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import co.entrega.customers.Nit;

import org.junit.jupiter.api.Test;

class CustomerMasterReaderTest {

    private static List<CustomerMasterReader.Row> read(byte[] csv) throws Exception {
        List<CustomerMasterReader.Row> rows = new ArrayList<>();
        new CustomerMasterReader().read(new ByteArrayInputStream(csv), rows::add);
        return rows;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void commaSeparatedWithQuotedNamesAndSeveralEmails() throws Exception {
        List<CustomerMasterReader.Row> rows = read(utf8(
                "nit,name,email\n900123456,\"Acme, S.A.S.\",\"a@acme.co; b@acme.co\"\n\n800999111-2,Beta,\n"));

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).nit().number()).isEqualTo("900123456");
        assertThat(rows.get(0).name()).isEqualTo("Acme, S.A.S.");
        assertThat(rows.get(0).emails()).containsExactly("a@acme.co", "b@acme.co");
        assertThat(rows.get(1).nit()).isEqualTo(new Nit("800999111", "2"));
        assertThat(rows.get(1).emails()).isEmpty();
    }

    @Test
    void semicolonsBomSpanishHeadersAndCrlfAsExcelWritesThem() throws Exception {
        List<CustomerMasterReader.Row> rows = read(utf8(
                "\uFEFFNIT;Razón Social;Correo\r\n900.123.456-7;Panadería Ñ;Ventas@Pan.CO\r\n"));

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.nit()).isEqualTo(new Nit("900123456", "7"));
            assertThat(row.name()).isEqualTo("Panadería Ñ");
            assertThat(row.emails()).containsExactly("ventas@pan.co");
        });
    }

    @Test
    void aWrongHeaderIsRejectedNamingWhatWasFound() {
        assertThatThrownBy(() -> read(utf8("id,cliente\n1,x\n")))
                .isInstanceOf(Rejection.class)
                .hasMessageContaining("nit,name,email").hasMessageContaining("id,cliente");
    }

    @Test
    void aRowWithoutNitOrWithABadEmailRejectsTheFileNamingTheLine() {
        assertThatThrownBy(() -> read(utf8("nit,name,email\n1,a,a@a.co\n,b,b@b.co\n")))
                .hasMessageContaining("línea 3").hasMessageContaining("falta el NIT");
        assertThatThrownBy(() -> read(utf8("nit,name,email\n1,a,a@a.co\n2,b,b@@b\n")))
                .hasMessageContaining("línea 3").hasMessageContaining("b@@b");
    }

    @Test
    void aFileThatIsNotUtf8IsRejectedWithAHint() {
        byte[] latin1 = "nit,name,email\n1,Panadería,a@a.co\n".getBytes(Charset.forName("ISO-8859-1"));

        assertThatThrownBy(() -> read(latin1)).hasMessageContaining("UTF-8");
    }
}
