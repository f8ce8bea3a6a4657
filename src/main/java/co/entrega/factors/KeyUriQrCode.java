package co.entrega.factors;

import io.nayuki.qrcodegen.QrCode;

/**
 * A QR code as inline SVG (one path, no script), so the enrolment page shows it without an image request and under
 * the console's strict content security policy.
 */
public final class KeyUriQrCode {

    private static final int BORDER = 4;

    private KeyUriQrCode() {
    }

    public static String svg(String text) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int size = qr.size + BORDER * 2;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y)) {
                    path.append('M').append(x + BORDER).append(',').append(y + BORDER).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
                + "\" shape-rendering=\"crispEdges\" role=\"img\" aria-labelledby=\"qr-titulo\">"
                + "<title id=\"qr-titulo\">Código QR para la aplicación de autenticación</title>"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path d=\"" + path + "\" fill=\"#000\"/></svg>";
    }
}
