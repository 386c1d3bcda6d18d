package io.datanet.demo.bench;

import io.datanet.demo.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One offered load: POSTs at a fixed rate for a fixed time, open loop. Each upload's send time is fixed by the
 * schedule, not by when the previous one was answered, and it is sent from its own thread, so slow answers do not
 * slow the offered load down (a closed loop would hide saturation by waiting for it).
 */
final class LoadStep {

    final int step;
    private final double perSecond;
    private final List<UploadFiles.UploadFile> files;
    private final List<String> datanets;
    private final ContributorPool contributors;
    private final ExecutorService senders;
    private final String uploadUrl;
    private final CpuMeter cpu;

    final List<UploadTrace> traces = new ArrayList<>();
    long startNanos;
    long endNanos;
    long maxDispatchLagNanos;
    CpuMeter.Sample cpuAtStart;
    CpuMeter.Sample cpuAtEnd;

    LoadStep(int step, double perSecond, List<UploadFiles.UploadFile> files, List<String> datanets,
             ContributorPool contributors, ExecutorService senders, String uploadUrl, CpuMeter cpu) {
        this.step = step;
        this.perSecond = perSecond;
        this.files = files;
        this.datanets = datanets;
        this.contributors = contributors;
        this.senders = senders;
        this.uploadUrl = uploadUrl;
        this.cpu = cpu;
    }

    /** Sends the whole schedule; returns when every POST has been answered (or has failed). */
    void run() throws InterruptedException {
        CountDownLatch answered = new CountDownLatch(files.size());
        double interval = 1e9 / perSecond;
        startNanos = System.nanoTime() + 100_000_000L;
        endNanos = startNanos + Math.round(files.size() * interval);
        parkUntil(startNanos);
        cpuAtStart = cpu.sample();
        for (int i = 0; i < files.size(); i++) {
            long intended = startNanos + Math.round(i * interval);
            parkUntil(intended);
            maxDispatchLagNanos = Math.max(maxDispatchLagNanos, System.nanoTime() - intended);
            Contributor contributor = contributors.take();
            UploadTrace trace = new UploadTrace(step, intended, files.get(i), datanets.get(i), contributor);
            contributor.start(trace);
            traces.add(trace);
            senders.execute(() -> {
                try {
                    send(trace);
                } finally {
                    answered.countDown();
                }
            });
        }
        parkUntil(endNanos);
        cpuAtEnd = cpu.sample();
        if (!answered.await(120, TimeUnit.SECONDS)) {
            System.err.println("step " + step + ": some POSTs were not answered within 120 s");
        }
    }

    private static void parkUntil(long nanos) {
        for (long wait = nanos - System.nanoTime(); wait > 0; wait = nanos - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }

    private void send(UploadTrace trace) {
        try {
            Api.Reply reply = trace.contributor.api.upload(uploadUrl + "/api/datanets/" + trace.datanetId + "/uploads",
                    trace.file.name(), trace.file.content());
            trace.answeredNanos = System.nanoTime();
            trace.status = reply.status();
            if (reply.status() == 202 && reply.body() != null) {
                trace.uploadId = reply.body().path("id").asText(null);
                contributors.accepted(trace.contributor, trace);
            } else if (trace.failure == null) {
                trace.failure = reply.status() + " " + (reply.body() == null ? "" : reply.body().path("detail").asText());
            }
        } catch (Exception e) {
            trace.answeredNanos = System.nanoTime();
            trace.failure = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
