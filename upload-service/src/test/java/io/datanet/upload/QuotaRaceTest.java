package io.datanet.upload;

import static io.datanet.upload.UploadFixtures.createDatanet;
import static io.datanet.upload.UploadFixtures.newContributor;
import static io.datanet.upload.UploadFixtures.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datanet.platform.testing.DatanetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Racing cannot beat the quotas: the contributor's uploads are serialised by a lock inside the transaction. */
@QuarkusTest
@TestProfile(QuotaRaceTest.RoomyPendingLimit.class)
@WithTestResource(DatanetTestResource.class)
class QuotaRaceTest {

    /** Isolates the daily file limit (20) by lifting the pending limit out of the way. */
    public static class RoomyPendingLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("datanet.quota.max-pending", "1000");
        }
    }

    @Test
    void fortyParallelUploadsByOneContributorNeverExceedTwenty() throws Exception {
        String contributor = newContributor();
        String datanet = createDatanet(newContributor(), "auto");
        ExecutorService pool = Executors.newFixedThreadPool(40);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                statuses.add(pool.submit(() -> upload(contributor, datanet, "f" + n + ".txt",
                        "Parallel upload number " + n + " with its own words.").statusCode()));
            }
            int accepted = 0;
            int limited = 0;
            for (Future<Integer> status : statuses) {
                switch (status.get()) {
                    case 202 -> accepted++;
                    case 429 -> limited++;
                    default -> throw new AssertionError("unexpected status " + status.get());
                }
            }
            assertEquals(20, accepted, "exactly the daily file limit is accepted");
            assertEquals(20, limited);
        } finally {
            pool.shutdownNow();
        }
    }
}
