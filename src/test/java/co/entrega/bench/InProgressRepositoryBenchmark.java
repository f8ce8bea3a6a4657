package co.entrega.bench;

import java.util.ArrayList;
import java.util.List;
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
        List<Double> camel = run(MemoryIdempotentRepository.memoryIdempotentRepository(50_000), files);
        List<Double> map = run(MemoryIdempotentRepository.memoryIdempotentRepository(new ConcurrentHashMap<>()), files);
        System.out.printf("%n| files so far | Camel's default (LRU cache), ms per %,d | plain map, ms per %,d |%n"
                + "|---:|---:|---:|%n", STEP, STEP);
        for (int step = 0; step < camel.size(); step++) {
            System.out.printf(Locale.ROOT, "| %,d | %,.0f | %,.0f |%n", (step + 1) * STEP, camel.get(step), map.get(step));
        }
    }

    /** Adds and removes {@code files} different paths; the milliseconds each {@value #STEP} took. */
    private static List<Double> run(IdempotentRepository repository, int files) {
        List<Double> millis = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < files; i++) {
            String file = "/srv/entrega/inbox/fv0900123456000263b" + i + ".xml";
            repository.add(file);
            repository.remove(file);
            if ((i + 1) % STEP == 0) {
                millis.add((System.nanoTime() - start) / 1e6);
                start = System.nanoTime();
            }
        }
        return millis;
    }
}
