package co.entrega.operations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import co.entrega.notification.JobRuns;

/**
 * Batch jobs: every job with its latest executions (status, times, counts, exit message) and its manifest; start a
 * run, restart a FAILED or STOPPED execution, stop a running one (Spring Batch's JobOperator). Runs go to a console
 * thread, so the page returns at once and shows the progress on reload.
 */
@Controller
class JobsPage {

    private static final Logger log = LoggerFactory.getLogger(JobsPage.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int EXECUTIONS_SHOWN = 20;

    /** A job as the page shows it: its manifest, its latest executions, whether one is running. */
    public record JobView(String name, String manifest, List<ExecutionView> executions, boolean running) {
    }

    /** An execution, its times as text in the server's zone (Spring Batch keeps local times). */
    public record ExecutionView(long id, long instance, BatchStatus status, boolean running, boolean restartable,
                         String start, String end, String duration, long read, long written, long skipped,
                         String exit) {
    }

    private final JobRepository repository;
    private final JobRuns runs;
    private final Map<String, Job> jobsByName = new TreeMap<>();
    private final ExecutorService consoleJobs;
    private final ConsoleActions actions;

    JobsPage(JobRepository repository, JobRuns runs, List<Job> jobs, ExecutorService consoleJobs,
             ConsoleActions actions) {
        this.repository = repository;
        this.runs = runs;
        jobs.forEach(job -> jobsByName.put(job.getName(), job));
        this.consoleJobs = consoleJobs;
        this.actions = actions;
    }

    @GetMapping("/ops/trabajos")
    String jobs(Model model) {
        List<JobView> jobs = new ArrayList<>();
        for (String name : jobsByName.keySet()) {
            List<ExecutionView> executions = new ArrayList<>();
            for (JobInstance instance : repository.getJobInstances(name, 0, EXECUTIONS_SHOWN)) {
                List<JobExecution> ofInstance = repository.getJobExecutions(instance);
                long latest = ofInstance.stream().mapToLong(JobExecution::getId).max().orElse(-1);
                for (JobExecution execution : ofInstance) {
                    executions.add(view(execution, latest));
                }
            }
            executions.sort(Comparator.comparingLong(ExecutionView::id).reversed());
            jobs.add(new JobView(name, manifest(name),
                    executions.size() > EXECUTIONS_SHOWN ? executions.subList(0, EXECUTIONS_SHOWN) : executions,
                    !repository.findRunningJobExecutions(name).isEmpty()));
        }
        model.addAttribute("jobs", jobs);
        return "ops/jobs";
    }

    @PostMapping("/ops/trabajos/{name}/iniciar")
    String start(@PathVariable String name, HttpServletRequest request, RedirectAttributes redirect) {
        Job job = known(name);
        if (!repository.findRunningJobExecutions(name).isEmpty()) {
            redirect.addFlashAttribute("notice", "El trabajo " + name + " ya está en ejecución.");
            return "redirect:/ops/trabajos";
        }
        consoleJobs.submit(() -> {
            try {
                runs.start(job);
            } catch (Exception e) {
                log.error("console start of {} failed", name, e);
            }
        });
        actions.record(request, "JOB_START", "job", name, null, "solicitado", null);
        redirect.addFlashAttribute("notice", "Trabajo " + name + " iniciado: su ejecución aparece abajo.");
        return "redirect:/ops/trabajos";
    }

    @PostMapping("/ops/trabajos/ejecuciones/{id}/reiniciar")
    String restart(@PathVariable long id, HttpServletRequest request, RedirectAttributes redirect) {
        JobExecution execution = execution(id);
        long latest = repository.getJobExecutions(execution.getJobInstance()).stream()
                .mapToLong(JobExecution::getId).max().orElse(id);
        if (!view(execution, latest).restartable()) {
            redirect.addFlashAttribute("notice", "Solo se reinicia una ejecución FAILED o STOPPED (la " + id + " está "
                    + execution.getStatus() + ").");
            return "redirect:/ops/trabajos";
        }
        consoleJobs.submit(() -> {
            try {
                runs.restart(execution);
            } catch (Exception e) {
                log.error("console restart of execution {} failed", id, e);
            }
        });
        actions.record(request, "JOB_RESTART", "job-execution", id, execution.getStatus().name(), "solicitado", null);
        redirect.addFlashAttribute("notice", "Ejecución " + id + " reiniciada.");
        return "redirect:/ops/trabajos";
    }

    @PostMapping("/ops/trabajos/ejecuciones/{id}/detener")
    String stop(@PathVariable long id, HttpServletRequest request, RedirectAttributes redirect) throws Exception {
        JobExecution execution = execution(id);
        if (!execution.isRunning()) {
            redirect.addFlashAttribute("notice", "La ejecución " + id + " no está en curso.");
            return "redirect:/ops/trabajos";
        }
        runs.stop(execution);
        actions.record(request, "JOB_STOP", "job-execution", id, execution.getStatus().name(),
                BatchStatus.STOPPING.name(), null);
        redirect.addFlashAttribute("notice", "Se pidió detener la ejecución " + id + " (termina el bloque en curso).");
        return "redirect:/ops/trabajos";
    }

    private JobExecution execution(long id) {
        JobExecution execution = repository.getJobExecution(id);
        if (execution == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return execution;
    }

    private Job known(String name) {
        Job job = jobsByName.get(name);
        if (job == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return job;
    }

    /** @param latest the latest execution of its instance: a restart makes a new one, and only that can restart */
    private static ExecutionView view(JobExecution execution, long latest) {
        long read = 0;
        long written = 0;
        long skipped = 0;
        for (StepExecution step : execution.getStepExecutions()) {
            read += step.getReadCount();
            written += step.getWriteCount();
            skipped += step.getSkipCount();
        }
        BatchStatus status = execution.getStatus();
        boolean restartable = (status == BatchStatus.FAILED || status == BatchStatus.STOPPED)
                && execution.getId() == latest;
        LocalDateTime end = execution.getEndTime() != null ? execution.getEndTime() : LocalDateTime.now();
        String duration = execution.getStartTime() == null ? ""
                : formatDuration(Duration.between(execution.getStartTime(), end));
        String exit = execution.getExitStatus().getExitDescription();
        return new ExecutionView(execution.getId(), execution.getJobInstance().getInstanceId(), status,
                execution.isRunning(), restartable, format(execution.getStartTime()), format(execution.getEndTime()),
                duration, read, written, skipped,
                exit == null ? "" : (exit.length() > 300 ? exit.substring(0, 300) + "…" : exit));
    }

    /** The job's manifest, batch-jobs/<job>/job.yaml; the name is a job bean's, never the request's. */
    private static String manifest(String jobName) {
        Path file = Path.of("batch-jobs", jobName, "job.yaml");
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String format(LocalDateTime time) {
        return time == null ? "" : time.format(TIME);
    }

    private static String formatDuration(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds < 60 ? seconds + " s" : (seconds / 60) + " min " + (seconds % 60) + " s";
    }
}
