package co.entrega.cluster;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Named daemon threads of their own, for work that must never wait behind other work: a heartbeat or a lock renewal
 * that came late would get this instance judged stopped and its claims taken, and Spring's shared scheduler runs one
 * task at a time (the notify job's schedule among them). Mail senders and console runs have their own for the same
 * reason: a slow relay or a long run holds back nothing else.
 */
public final class DedicatedThreads {

    private DedicatedThreads() {
    }

    /** One thread for periodic work. */
    public static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(named(name));
    }

    /** One thread, taking tasks in order. */
    public static ExecutorService single(String name) {
        return Executors.newSingleThreadExecutor(named(name));
    }

    /** {@code threads} threads, named {@code name-1}, {@code name-2}, ... */
    public static ExecutorService pool(String name, int threads) {
        return Executors.newFixedThreadPool(threads, named(name + "-"));
    }

    private static ThreadFactory named(String prefix) {
        CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix);
        factory.setDaemon(true);
        return factory;
    }
}
