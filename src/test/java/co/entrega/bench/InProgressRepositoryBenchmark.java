package co.entrega.bench;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;

/**
 * The inbox consumer's in-progress repository, alone: each file of a drop is added when a poll takes it and removed
 * when it is done. Camel's default (an LRU cache of 50,000 entries) against the plain map the inbox uses
 * ({@code IngestionConfiguration#inboxFilesInProgress}), over {@code files} different files, timed per 20,000. Run
 * with {@code bench/in-progress-repository.sh [files]}.
 */
public final class InProgressRepositoryBenchmark {

    private static final int STEP = 20_000;

    public static void main(String[] args) {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 140_000;
        System.out.printf("%n| repository | files so far | ms for the last %,d |%n|---|---:|---:|%n", STEP);
        run("plain map (the inbox's)", MemoryIdempotentRepository.memoryIdempotentRepository(new ConcurrentHashMap<>()),
                files);
        run("Camel's default (LRU cache of 50,000)", MemoryIdempotentRepository.memoryIdempotentRepository(50_000),
                files);
    }

    /** Adds and removes {@code files} different paths; prints the milliseconds each {@value #STEP} took, as it goes. */
    private static void run(String name, IdempotentRepository repository, int files) {
        long start = System.nanoTime();
        for (int i = 0; i < files; i++) {
            String file = "/srv/entrega/inbox/fv0900123456000263b" + i + ".xml";
            repository.add(file);
            repository.remove(file);
            if ((i + 1) % STEP == 0) {
                System.out.printf(Locale.ROOT, "| %s | %,d | %,.0f |%n", name, i + 1, (System.nanoTime() - start) / 1e6);
                start = System.nanoTime();
            }
        }
    }
}
