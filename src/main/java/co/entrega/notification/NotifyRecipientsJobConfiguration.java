package co.entrega.notification;

import java.util.Set;
import javax.sql.DataSource;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.skip.LimitCheckingExceptionHierarchySkipPolicy;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.batch.infrastructure.item.database.support.SqlPagingQueryProviderFactoryBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.PlatformTransactionManager;

import co.entrega.cluster.ThisInstance;
import co.entrega.ingestion.Invoices;

/**
 * Job {@code notify-recipients}: registered invoices not yet notified, oldest first, in chunks. The reader keeps no
 * restart state of its own: the job's progress is in the data (invoices.notified_at, outbox dedup keys), so a rerun
 * or a restart simply picks up what is left (the process-indicator pattern).
 */
@Configuration(proxyBeanMethods = false)
class NotifyRecipientsJobConfiguration {

    static final String JOB_NAME = "notify-recipients";

    @Bean
    Job notifyRecipientsJob(JobRepository jobRepository, Step notifyRecipientsStep,
                            ThisInstance instance) {
        return new JobBuilder(JOB_NAME, jobRepository)
                // no incrementer: JobOperator.start would hand the run to startNextInstance (see NotifyJobRunner.runNow)
                // which instance runs this execution (a restart runs under another instance than the first run):
                // saved with the execution, read by NotifyJobRunner to tell an orphaned run from a live one
                .listener(new JobExecutionListener() {
                    @Override
                    public void beforeJob(JobExecution execution) {
                        execution.getExecutionContext().putString(NotifyJobRunner.INSTANCE_KEY, instance.id());
                        jobRepository.updateExecutionContext(execution);
                    }
                })
                .start(notifyRecipientsStep)
                .build();
    }

    @Bean
    Step notifyRecipientsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                              JdbcPagingItemReader<Invoices.Due> notifyRecipientsInvoiceReader,
                              NotifyRecipientsWriter notifyRecipientsWriter, NotifyJobProperties properties) {
        return new StepBuilder("notify-recipients-step", jobRepository)
                .<Invoices.Due, Invoices.Due>chunk(properties.chunkSize())
                .transactionManager(transactionManager)
                .reader(notifyRecipientsInvoiceReader)
                .writer(notifyRecipientsWriter)
                .faultTolerant()
                .retry(TransientDataAccessException.class)
                .retryLimit(Math.max(properties.retryLimit(), 1))
                // Only an invoice that cannot be notified is skipped (and tried again next run); any other failure,
                // a read failure above all, fails the run visibly so it can be fixed and restarted.
                .skipPolicy(new LimitCheckingExceptionHierarchySkipPolicy(
                        Set.of(InvoiceNotNotifiableException.class), properties.skipLimit()))
                .build();
    }

    @Bean
    @StepScope
    JdbcPagingItemReader<Invoices.Due> notifyRecipientsInvoiceReader(DataSource dataSource,
                                                                        NotifyJobProperties properties)
            throws Exception {
        SqlPagingQueryProviderFactoryBean query = new SqlPagingQueryProviderFactoryBean();
        query.setDataSource(dataSource);
        query.setSelectClause(Invoices.DUE_SELECT);
        query.setFromClause(Invoices.DUE_FROM);
        query.setWhereClause(Invoices.DUE_WHERE);
        query.setSortKey(Invoices.DUE_SORT_KEY);
        return new JdbcPagingItemReaderBuilder<Invoices.Due>()
                .name("notifyRecipientsInvoiceReader")
                .dataSource(dataSource)
                .queryProvider(query.getObject())
                .pageSize(properties.chunkSize())
                .saveState(false)
                .rowMapper(Invoices.DUE_ROWS)
                .build();
    }
}
