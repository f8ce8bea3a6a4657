package co.entrega.operations;

import java.util.concurrent.ExecutorService;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import co.entrega.cluster.DedicatedThreads;

/**
 * What the console needs besides its pages: a thread to run jobs on. (Spring Boot's batch configuration already fills
 * the JobRegistry that JobOperator restarts jobs from.)
 */
@Configuration(proxyBeanMethods = false)
class OperationsConfiguration {

    /** Jobs started or restarted from the console run here, so the operator's request returns at once. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService consoleJobs() {
        return DedicatedThreads.single("console-jobs");
    }
}
