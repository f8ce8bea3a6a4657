package co.entrega.operations;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the console needs besides its pages: a thread to run jobs on. (Spring Boot's batch configuration already fills
 * the JobRegistry that JobOperator restarts jobs from.)
 */
@Configuration(proxyBeanMethods = false)
class OperationsConfiguration {

    /** Jobs started or restarted from the console run here, so the operator's request returns at once. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService consoleJobs() {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "console-jobs");
            thread.setDaemon(true);
            return thread;
        });
    }
}
