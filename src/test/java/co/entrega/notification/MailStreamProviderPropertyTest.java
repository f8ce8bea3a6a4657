package co.entrega.notification;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.util.StreamProvider;

import org.eclipse.angus.mail.util.MailStreamProvider;
import org.junit.jupiter.api.Test;

class MailStreamProviderPropertyTest {

    @Test
    void composingMailNamesAngusSoJakartaMailSkipsTheServiceLoader() throws Exception {
        Class.forName(MailComposer.class.getName()); // its static initializer sets the property

        assertThat(System.getProperty(MailStreamProviderProperty.NAME)).isEqualTo(MailStreamProvider.class.getName());
        assertThat(StreamProvider.provider()).isInstanceOf(MailStreamProvider.class);
    }

    @Test
    void anOperatorsOwnChoiceIsKept() {
        String before = System.getProperty(MailStreamProviderProperty.NAME);
        try {
            System.setProperty(MailStreamProviderProperty.NAME, "com.example.TheirStreamProvider");
            MailStreamProviderProperty.set();
            assertThat(System.getProperty(MailStreamProviderProperty.NAME)).isEqualTo("com.example.TheirStreamProvider");
        } finally {
            if (before == null) {
                System.clearProperty(MailStreamProviderProperty.NAME);
            } else {
                System.setProperty(MailStreamProviderProperty.NAME, before);
            }
        }
    }
}
