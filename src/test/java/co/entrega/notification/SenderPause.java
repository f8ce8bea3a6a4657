package co.entrega.notification;

import org.apache.camel.CamelContext;

/**
 * Mockito stubs a spied bean through state kept on the mock, not on the thread: if the outbox sender calls the spied
 * outbox (it polls every 200 ms) while a test is stubbing it, the stubbing goes astray
 * (UnfinishedStubbingException, seen once on CI). Stub with the sender route suspended.
 */
final class SenderPause {

    private SenderPause() {
    }

    static void whileStubbing(CamelContext camel, Runnable stubbing) throws Exception {
        camel.getRouteController().suspendRoute("notification-send-mail");
        try {
            stubbing.run();
        } finally {
            camel.getRouteController().resumeRoute("notification-send-mail");
        }
    }
}
