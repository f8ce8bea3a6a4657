package co.entrega.operations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.launch.JobOperator;
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

import co.entrega.notification.NotifyJobRunner;

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

    private final JobRepository repository;
    private final JobOperator operator;
    private final Map<String, Job> jobsByName = new TreeMap<>();
    private final NotifyJobRunner notifyRunner;
    private final ExecutorService consoleJobs;
    private final ConsoleActions actions;

    JobsPage(JobRepository repository, JobOperator operator, List<Job> jobs, NotifyJobRunner notifyRunner,
             ExecutorService consoleJobs, ConsoleActions actions) {
        this.repository = repository;
        jobs.forEach(job -> jobsByName.put(job.getName(), job));
        this.operator = operator;
        this.notifyRunner = notifyRunner;
        this.consoleJobs = consoleJobs;
        this.actions = actions;
    }

    @GetMapping("/ops/trabajos")
    String jobs(Model model) {
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (String name : jobsByName.keySet()) {
            Map<String, Object> job = new HashMap<>();
            job.put("name", name);
            job.put("manifest", manifest(name));
            List<Map<String, Object>> executions = new ArrayList<>();
            for (JobInstance instance : repository.getJobInstances(name, 0, EXECUTIONS_SHOWN)) {
                List<JobExecution> ofInstance = repository.getJobExecutions(instance);
                long latest = ofInstance.stream().mapToLong(JobExecution::getId).max().orElse(-1);
                for (JobExecution execution : ofInstance) {
                    Map<String, Object> row = row(execution);
                    // A restart makes a new execution of the same instance: only the latest one can be restarted.
                    row.put("restartable", (Boolean) row.get("restartable") && execution.getId() == latest);
                    executions.add(row);
                }
            }
            executions.sort((a, b) -> Long.compare((Long) b.get("id"), (Long) a.get("id")));
            job.put("executions", executions.size() > EXECUTIONS_SHOWN ? executions.subList(0, EXECUTIONS_SHOWN) : executions);
            job.put("running", !repository.findRunningJobExecutions(name).isEmpty());
            jobs.add(job);
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
                if (name.equals(NotifyJobRunner.JOB_NAME)) {
                    notifyRunner.runNow(); // keeps its guard against two runs at once
                } else {
                    operator.startNextInstance(job);
                }
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
        if (!(Boolean) row(execution).get("restartable") || latest != id) {
            redirect.addFlashAttribute("notice", "Solo se reinicia una ejecución FAILED o STOPPED (la " + id + " está "
                    + execution.getStatus() + ").");
            return "redirect:/ops/trabajos";
        }
        consoleJobs.submit(() -> {
            try {
                if (execution.getJobInstance().getJobName().equals(NotifyJobRunner.JOB_NAME)) {
                    notifyRunner.restart(execution); // never beside another notify run
                } else {
                    operator.restart(execution);
                }
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
        operator.stop(execution);
        actions.record(request, "JOB_STOP", "job-execution", id, execution.getStatus().name(), "STOPPING", null);
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

    private static Map<String, Object> row(JobExecution execution) {
        long read = 0;
        long written = 0;
        long skipped = 0;
        for (StepExecution step : execution.getStepExecutions()) {
            read += step.getReadCount();
            written += step.getWriteCount();
            skipped += step.getSkipCount();
        }
        Map<String, Object> row = new HashMap<>();
        row.put("id", execution.getId());
        row.put("instance", execution.getJobInstance().getInstanceId());
        row.put("status", execution.getStatus().name());
        row.put("running", execution.isRunning());
        row.put("restartable", execution.getStatus().name().equals("FAILED") || execution.getStatus().name().equals("STOPPED"));
        row.put("start", format(execution.getStartTime()));
        row.put("end", format(execution.getEndTime()));
        LocalDateTime end = execution.getEndTime() != null ? execution.getEndTime() : LocalDateTime.now();
        row.put("duration", execution.getStartTime() == null ? ""
                : formatDuration(Duration.between(execution.getStartTime(), end)));
        row.put("read", read);
        row.put("written", written);
        row.put("skipped", skipped);
        String exit = execution.getExitStatus().getExitDescription();
        row.put("exit", exit == null ? "" : (exit.length() > 300 ? exit.substring(0, 300) + "…" : exit));
        return row;
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
