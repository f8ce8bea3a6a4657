package co.entrega.notification;

/**
 * Names Jakarta Mail's {@code StreamProvider} implementation in the system property its {@code FactoryFinder} reads
 * first. Without it, every body part, multipart and encoded header looks the provider up through
 * {@code ServiceLoader}, scanning the class path each time: ~30 % of the senders' CPU in {@code bench/mail.sh}
 * (jakartaee/mail-api#861, open). An operator's own {@code -Djakarta.mail.util.StreamProvider} is kept.
 */
final class MailStreamProviderProperty {

    static final String NAME = "jakarta.mail.util.StreamProvider";
    static final String ANGUS = "org.eclipse.angus.mail.util.MailStreamProvider"; // angus-mail, on the class path

    private MailStreamProviderProperty() {
    }

    static void set() {
        System.getProperties().putIfAbsent(NAME, ANGUS);
    }
}
