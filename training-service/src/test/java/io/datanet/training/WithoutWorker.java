package io.datanet.training;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The job API alone: no worker takes the queued jobs, so tests can see them queued and cancel them. */
public class WithoutWorker implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("mp.messaging.incoming.\"datanet.training.jobs.v1\".enabled", "false");
    }
}
