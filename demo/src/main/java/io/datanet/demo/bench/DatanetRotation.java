package io.datanet.demo.bench;

import io.datanet.demo.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The datanets the benchmark uploads to, each filled up to {@code recordsPerDatanet} accepted records and then
 * replaced by a new one. One datanet for the whole run is not possible without changing what is measured:
 * training-service queues an automatic LoRA job once a datanet has 200 new accepted records
 * ({@code datanet.training.auto.min-new-records}), which would then train on both cores in the middle of the
 * benchmark (and cancelling such jobs makes it snapshot the whole dataset again at the next verdict); and a datanet
 * takes at most 10 MiB a day ({@code datanet.quota.datanet-bytes-per-day}).
 */
final class DatanetRotation {

    private final Api owner;
    private final String uploadUrl;
    private final String run;
    private final int recordsPerDatanet;
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private String current;
    private int currentRecords;

    DatanetRotation(Api owner, String uploadUrl, String run, int recordsPerDatanet) {
        this.owner = owner;
        this.uploadUrl = uploadUrl;
        this.run = run;
        this.recordsPerDatanet = recordsPerDatanet;
    }

    /** The datanet each file goes to, in order; creates the datanets needed before the step starts. */
    List<String> assign(List<UploadFiles.UploadFile> files) throws Exception {
        List<String> targets = new ArrayList<>(files.size());
        for (UploadFiles.UploadFile file : files) {
            if (current == null || currentRecords + file.validRecords() > recordsPerDatanet) {
                current = create();
                currentRecords = 0;
            }
            currentRecords += file.validRecords();
            targets.add(current);
        }
        return targets;
    }

    boolean isOurs(String datanetId) {
        return datanetId != null && ids.contains(datanetId);
    }

    int count() {
        return ids.size();
    }

    private String create() throws Exception {
        Api.Reply reply = owner.postJson(uploadUrl + "/api/datanets", Map.of(
                "name", "Pipeline benchmark " + run + " #" + (ids.size() + 1),
                "description", "Made by bench/pipeline/run.sh: load-test uploads of generated cooking records",
                "tags", List.of("bench"), "fileTypes", List.of("jsonl"), "reviewMode", "auto"));
        if (reply.status() != 201) {
            throw new IllegalStateException("creating a datanet answered " + reply.status() + ": " + reply.body());
        }
        String id = reply.body().get("id").asText();
        ids.add(id);
        return id;
    }
}
